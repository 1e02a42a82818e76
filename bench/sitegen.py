"""Fill a database with published stories for the serving benchmark.

    DATABASE_URL=… .venv/bin/python bench/sitegen.py generate --articles 200   # 1,000 versions
    DATABASE_URL=… .venv/bin/python bench/sitegen.py session                    # an editor's session key

Each story is published in all five languages (articles x 5 versions), its
paragraphs drawn from the seed story's text in that language (real words, so
stemming and ranking do real work), with a subheading and key points. Two
made-up words make search selectivity known whatever the size: a *topic*
word shared by 1 story in TOPICS (2 %), and a *rare* word unique to each story.
Rows are written with bulk_create in batches: no signals, no per-row save;
each batch is then added to the search index (`articles.search_index`).
Prints a JSON description (counts, a slug, the search words) on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = 50
_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
]
_SYLLABLES += [
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "vu",
]


def made_up_word(number: int, prefix: str) -> str:
    """A pronounceable word no language's dictionary has, distinct for each number."""
    syllables = []
    while True:
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
        if number == 0:
            break
    return prefix + "".join(syllables)


def topic_word(index: int) -> str:
    return made_up_word(index % TOPICS, "zor")


def rare_word(index: int) -> str:
    return made_up_word(index, "vel")


def paragraph_pools() -> dict[str, list[str]]:
    from bench.generate_bundle import ENGLISH, SEED_FILES, SEEDS

    texts = {code: (SEEDS / name).read_text() for code, name in SEED_FILES.items()}
    texts["en"] = ENGLISH
    pools = {}
    for code, text in texts.items():
        lines = [line.strip() for line in text.splitlines()]
        pools[code] = [line for line in lines if len(line) > 80 and ":" not in line[:15]]
    return pools


def generate(articles: int, seed: int = 7, batch: int = 500) -> dict:
    from django.db import connection
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import LANGUAGE_CODES, Article, LanguageVersion, Status, localized
    from articles.search_index import index_articles

    rng = random.Random(seed)
    pools = paragraph_pools()
    now = timezone.now()
    for first in range(0, articles, batch):
        stories = []
        for index in range(first, min(first + batch, articles)):
            article = Article(source_language="en", created_at=now)
            for code in LANGUAGE_CODES:
                pool = pools[code]
                paragraphs = rng.sample(pool, k=min(4, len(pool)))
                title = f"{paragraphs[0].split('.')[0][:90]} {rare_word(index)}"
                body = [
                    paragraphs[0],
                    f"{paragraphs[1]} {topic_word(index)}.",
                    f"## {paragraphs[2].split(',')[0][:60]}",
                    *paragraphs[2:],
                ]
                values = {
                    "title": title,
                    "slug": f"{slugify(title)[:150]}-{index}",
                    "lede": paragraphs[-1].split(". ")[0] + ".",
                    "body": "\n\n".join(body),
                    "key_points": "\n".join(p.split(". ")[0] for p in paragraphs[1:4]),
                    "source_attribution": "Newsroom wire",
                }
                for field, value in values.items():
                    setattr(article, localized(field, code), value)
            stories.append((index, article))
        Article.objects.bulk_create([article for _index, article in stories])
        index_articles([article for _index, article in stories])
        LanguageVersion.objects.bulk_create(
            LanguageVersion(
                article=article,
                language=code,
                status=Status.PUBLISHED,
                # Newest story = highest index; 7 minutes apart, all in the past.
                published_at=now - timezone.timedelta(minutes=7 * (articles - index) + 1),
            )
            for index, article in stories
            for code in LANGUAGE_CODES
        )
    if connection.vendor == "postgresql":
        # What autovacuum would do after a bulk load, before it gets round to it: without
        # statistics the query below ran for over 7 minutes at 100,000 versions.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    newest = Article.objects.edition("en").first()
    return {
        "articles": Article.objects.count(),
        "published_versions": LanguageVersion.objects.published().count(),
        "slug_en": newest.text("slug", "en"),
        "topic_en": topic_word(articles - 1),
        "rare_en": rare_word(articles // 2),
    }


def editor_session() -> str:
    """A signed-in superuser's session key (the benchmark's admin requests send it)."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user, _created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["generate", "session"])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    if args.action == "generate":
        print(json.dumps(generate(args.articles)))
    else:
        print(editor_session())


if __name__ == "__main__":
    main()
