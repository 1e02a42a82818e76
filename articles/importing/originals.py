"""Which version of a story is the original: recorded when the texts make it clear.

An article's `source_language` drives "source changed since translated", the
review page's source column and the x-default of a story's pages. An import
knows no more than the files say, so it records the original only when they
leave no doubt (`clear_original`), and the desk asks an editor about the rest
("which version is the original?", one click each: `articles.admin.desk`).

The signals, strongest first:

- a version that says it is a translation ("Translated from English", "Traduit
  de l'anglais", "Diterjemahkan dari …", …): when exactly one version does *not*
  say so, that one is the original;
- a credit line (the parser's source attribution: "originally appeared in …",
  "Cerita ini awalnya ditampilkan di …"): a bundle keeps the credit with the text
  the newsroom received, so when exactly one version carries one, it is that one;
- an article with a single version: its only text is the one the others will be
  translated from.

Anything else (two versions with credits, none with any sign) is left for an editor:
guessing wrong would flag the real original as outdated against its own translation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from articles import services
from articles.models import Article, LanguageVersion, Status

#: A line that says the text is a translation, in the site's languages.
_TRANSLATED = re.compile(
    r"\btranslated\s+(?:from|by)\b|\btranslation\s+(?:from|by)\b"
    r"|\bditerjemahkan\s+(?:dari|oleh)\b|\bterjemahan\s+(?:dari|oleh)\b"
    r"|\btradu(?:it|ite|ction)\s+(?:de|par)\b"
    r"|\btraducid[oa]\s+(?:del?|por)\b|\btraducci[óo]n\s+(?:del?|de)\b"
    r"|[üu]bersetzt\s+(?:aus|von)\b|[üu]bersetzung\s+(?:aus|von)\b",
    re.IGNORECASE,
)


def says_translated(article: Article, language: str) -> bool:
    """Whether `language`'s text says it is a translation (in its credit or last paragraph)."""
    paragraphs = [p for p in article.text("body", language).split("\n") if p.strip()]
    tail = [article.text("source_attribution", language), *paragraphs[-1:]]
    return any(_TRANSLATED.search(line) for line in tail if len(line) <= 300)


def clear_original(article: Article, languages: list[str]) -> str:
    """The language of `article`'s original version when its texts make it clear, else ""."""
    if len(languages) == 1:
        return languages[0]
    not_translated = [code for code in languages if not says_translated(article, code)]
    if len(not_translated) == 1:
        return not_translated[0]
    credited = [code for code in languages if article.text("source_attribution", code).strip()]
    if len(credited) == 1:
        return credited[0]
    return ""


#: Articles read at a time by `record_originals`.
CHUNK = 500


def record_originals(article_ids: Iterable[int]) -> int:
    """Record the original of each of these articles that has none yet, where it is clear.

    Called once a run's files are all written: a story's files may come in several
    batches, and a story seen in part (one version yet) would look clear when it is not.
    Returns how many were recorded. Written as one history entry per article by the
    importer (no user), so an editor's "Make this the source" later stays theirs to undo.
    """
    ids, recorded = sorted(set(article_ids)), 0
    for first in range(0, len(ids), CHUNK):
        articles = Article.objects.filter(pk__in=ids[first : first + CHUNK], source_language="")
        languages = defaultdict(list)
        versions = LanguageVersion.objects.filter(article__in=articles).exclude(
            status=Status.ARCHIVED
        )
        for article_id, language in versions.values_list("article_id", "language"):
            languages[article_id].append(language)
        for article in articles:
            language = clear_original(article, languages[article.pk])
            if language:
                services.mark_source(article=article, language=language, user=None)
                recorded += 1
    return recorded


def waiting_for_original(languages: list[str] | None = None):
    """Articles of two or more versions and no recorded original, newest first.

    `languages` narrows them to articles with a version in one of them (a user's languages)."""
    live = ~Q(versions__status=Status.ARCHIVED)
    articles = Article.objects.filter(source_language="").annotate(
        shown=Count("versions", filter=live)
    )
    if languages is not None:
        articles = articles.filter(
            pk__in=LanguageVersion.objects.filter(language__in=languages).values("article_id")
        )
    return articles.filter(shown__gt=1).order_by("-created_at", "-pk")
