"""What a search results page shows besides the stories: plain data for the template.

`results_page()` takes the page of stories the front page found (already the
edition's, filtered and paginated by the view) and adds, for each, a snippet
of the passage that matched with the reader's words marked; and when nothing
was found, the two ways out of a dead end: a "did you mean" spelling that
does find stories in this edition, and the other editions that have stories
for the same words.

Nothing here widens what readers may see: every count and every check of a
suggestion goes through `search()` over `Article.objects.edition()`, so an
unpublished or scheduled version is never found, counted or suggested. The
vocabulary a suggestion comes from holds every version's words, published
or not; a spelling is offered only once the edition's search finds it.
Snippets are `Part`s (text, marked or not): the template escapes each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlencode

from django.db import connections, router
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext_lazy

from articles.models import LANGUAGE_CODES, Article, split_body
from articles.search import MAX_TERMS, max_results, query_terms, search
from articles.search_index import WORD_TABLE
from articles.search_text import (
    Part,
    fold,
    in_vocabulary,
    query_stems,
    similarity,
    snippet,
    words,
)

#: A spelling closer than this (pg_trgm's similarity, 0 to 1) is never suggested.
MIN_SIMILARITY = 0.3
#: Close words fetched per unknown word before they are compared in Python.
CANDIDATES = 200


#: Each language's name as it reads inside a sentence ("No results in French", "2 in German"):
#: lower case in French and Spanish, capitalised in German.
LANGUAGE_NAMES = {
    "en": pgettext_lazy("language inside a sentence", "English"),
    "id": pgettext_lazy("language inside a sentence", "Indonesian"),
    "fr": pgettext_lazy("language inside a sentence", "French"),
    "es": pgettext_lazy("language inside a sentence", "Spanish"),
    "de": pgettext_lazy("language inside a sentence", "German"),
}


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code) or translation.get_language_info(code)["name_translated"])


@dataclass(frozen=True)
class Hit:
    article: Article
    snippet: list[Part]


@dataclass(frozen=True)
class OtherEdition:
    language: str
    name: str
    count: int
    url: str

    @property
    def more(self) -> bool:
        """Over the search's cap: `count` is the cap, and there are more."""
        return self.count > max_results()


@dataclass
class ResultsPage:
    query: str
    count: int
    language_name: str
    hits: list[Hit] = field(default_factory=list)
    suggestion: str = ""
    suggestion_url: str = ""
    other_editions: list[OtherEdition] = field(default_factory=list)

    @property
    def more(self) -> bool:
        """Over the search's cap: the page shows the newest matches and says "more than"."""
        return self.count > max_results()

    @property
    def cap(self) -> int:
        return max_results()


def results_page(*, query: str, language: str, articles, count: int, now) -> ResultsPage:
    """The results page of `query` in `language`'s edition; `articles` is the page shown."""
    stems = query_stems(query_terms(query), language)
    page = ResultsPage(
        query=query,
        count=count,
        language_name=language_name(language),
        hits=[Hit(article, hit_snippet(article, language, stems)) for article in articles],
    )
    if count == 0:
        page.suggestion = suggestion(query, language, now)
        if page.suggestion:
            page.suggestion_url = search_url(language, page.suggestion)
        page.other_editions = other_editions(query, language, now)
    return page


def hit_snippet(article: Article, language: str, stems: list[str]) -> list[Part]:
    """The lede or body passage with most of the reader's words, marked ([] if none has any)."""
    passages = [article.text("lede", language)]
    passages += [block.removeprefix("## ") for block in split_body(article.text("body", language))]
    return snippet([p for p in passages if p], stems, language)


def search_url(language: str, query: str) -> str:
    with translation.override(language):
        return f"{reverse('articles:index')}?{urlencode({'q': query})}"


def other_editions(query: str, language: str, now) -> list[OtherEdition]:
    """The other editions with stories for `query`, each with its count (one query each)."""
    found = []
    for code in LANGUAGE_CODES:
        if code == language:
            continue
        count = search(Article.objects.edition(code, now), code, query).count()
        if count:
            found.append(OtherEdition(code, language_name(code), count, search_url(code, query)))
    return found


def suggestion(query: str, language: str, now) -> str:
    """`query` with each word the edition does not know replaced by the closest one it does,
    if that finds stories in the edition; "" otherwise."""
    typed = words(query)[:MAX_TERMS]
    keys = [fold(word) for word in typed]
    checked = [k for k in keys if in_vocabulary(k)]
    known = _known_words(language, checked)
    corrected, changed = [], False
    for word, key in zip(typed, keys, strict=True):
        if key not in checked or key in known:
            corrected.append(word)
            continue
        close = _closest_word(language, key)
        if close is None:
            return ""
        corrected.append(close)
        changed = True
    if not changed:
        return ""
    text = " ".join(corrected)
    return text if search(Article.objects.edition(language, now), language, text).exists() else ""


def _known_words(language: str, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    connection = connections[router.db_for_read(Article)]
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(keys))
        cursor.execute(
            f"SELECT word FROM {WORD_TABLE} WHERE language = %s AND word IN ({marks})",
            [language, *keys],
        )
        return {row[0] for row in cursor.fetchall()}


def _closest_word(language: str, key: str) -> str | None:
    """The vocabulary's word closest to `key` by trigram similarity (its display form)."""
    connection = connections[router.db_for_read(Article)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # `%%` is pg_trgm's similarity operator (`%`), served by the GIN trigram index.
            cursor.execute(
                f"SELECT word, display FROM {WORD_TABLE} WHERE language = %s AND word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [language, key, key, CANDIDATES],
            )
        else:
            # FTS5's trigram index, best first: the rank is computed inside FTS5 and only
            # the best CANDIDATES rows are looked up (all languages: a word is often in several).
            cursor.execute(
                f"SELECT word, display FROM {WORD_TABLE} WHERE id IN ("
                f"SELECT rowid FROM {WORD_TABLE}_trigram WHERE {WORD_TABLE}_trigram MATCH %s "
                "ORDER BY rank LIMIT %s) AND language = %s",
                [_trigram_match(key), CANDIDATES, language],
            )
        candidates = cursor.fetchall()
    scored = [
        (similarity(key, word), -abs(len(word) - len(key)), word, display)
        for word, display in candidates
    ]
    if not scored:
        return None
    best = max(scored)
    return best[3] if best[0] >= MIN_SIMILARITY else None


def _trigram_match(key: str) -> str:
    """An FTS5 trigram query for words sharing two adjacent trigrams with `key` (any one,
    for a word too short to have three): a one-letter typo keeps most such pairs, and
    pairs leave out the thousands of words that merely share a common trigram."""
    grams = [key[i : i + 3] for i in range(len(key) - 2)]
    if len(grams) < 3:
        return " OR ".join(f'"{gram}"' for gram in grams)
    return " OR ".join(f'("{a}" AND "{b}")' for a, b in pairwise(grams))
