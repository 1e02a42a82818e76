"""The reader's reads that are more than a queryset: a story page in one query, the
live versions of a page's articles, the languages of a version's passages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from articles.models.article import Article, LanguageVersion, reading_columns
from articles.models.documents import SourceDocument
from articles.models.paths import detail_path
from articles.models.text import LANGUAGE_CODES, content_checksum, localized


@dataclass(frozen=True, slots=True)
class LiveVersion:
    """A version readers may see now, as a reader's page links it: its article and language.

    What `attach_live_versions` gives pages instead of `LanguageVersion` rows: the
    pages need only the language (the article holds the slugs), and building
    ~40 model instances through `prefetch_related` was a sixth of a front page.
    """

    article: Article
    language: str

    def get_absolute_url(self) -> str:
        return detail_path(self.language, self.article.text("slug", self.language))

    def text(self, field: str) -> str:
        return self.article.text(field, self.language)


def attach_live_versions(articles, now) -> list[Article]:
    """Give each article `live_versions` (in `LANGUAGES` order), in one query for all of them."""
    articles = list(articles)
    by_id = {article.pk: article for article in articles}
    for article in articles:
        article.live_versions = []
    rows = (
        LanguageVersion.objects.published(now=now)
        .filter(article_id__in=by_id)
        .order_by("article_id", "language")
        .values_list("article_id", "language")
    )
    for article_id, language in rows:
        article = by_id[article_id]
        article.live_versions.append(LiveVersion(article, language))
    for article in articles:  # in LANGUAGES order, as the editions' menu lists them
        article.live_versions.sort(key=lambda version: LANGUAGE_CODES.index(version.language))
    return articles


def live_story(language: str, slug: str, now) -> Article | None:
    """The story at `slug` in `language`'s edition as readers may see it now, or None.

    What `Article.objects.edition(language, now).reading(language)` and
    `attach_live_versions` give a story's page, in one query instead of two: the
    story's live versions (`LanguageVersion.objects.published`, the gate), each
    row with the article's columns (`reading_columns`). The article gets
    `published_at` and `version_updated_at` (of its version in `language`) and
    `live_versions`; None when
    it has no live version in `language`. Building and compiling a query was a
    third of the story page's CPU time (BENCHMARKS.md, "Public site …").
    """
    slug_field = localized("slug", language)
    columns = reading_columns(language)
    rows = (
        LanguageVersion.objects.published(now=now)
        # The `> ""` repeats the unique index's condition, so SQLite can use the index.
        .filter(**{f"article__{slug_field}": slug, f"article__{slug_field}__gt": ""})
        .order_by("language")
        .values_list(
            "language",
            "published_at",
            "updated_at",
            *(f"article__{column}" for column in columns),
        )
    )
    article, live_versions, here, changed = None, [], None, None
    for version_language, published_at, updated_at, *values in rows:
        if article is None:  # a slug is unique in its language: every row is one article's
            article = Article.from_db(rows.db, columns, values)
        live_versions.append(LiveVersion(article, version_language))
        if version_language == language:
            here, changed = published_at, updated_at
    if here is None:
        return None
    live_versions.sort(key=lambda version: LANGUAGE_CODES.index(version.language))
    article.published_at, article.live_versions = here, live_versions
    # The version's own last change (its page's dateModified; not the article's).
    article.version_updated_at = changed
    return article


def page_passage_languages(article: Article, language: str) -> Mapping[str, str]:
    """`passage_languages` for a reader's page: read once per process for each text.

    They change only when a source file is applied to the version, and every way
    of applying one (the importer, linking a document) writes the version's text
    and the article's `updated_at` in the same transaction. So a key of the
    article, its `updated_at` and its text's checksum is new whenever the marks
    may be: nothing is ever stale. The query was a fifth of the story page's
    CPU time (BENCHMARKS.md, "Public site …"). `article` needs `language`'s text.
    """
    checksum = content_checksum(article, language)
    return _passage_languages(article.pk, language, article.updated_at, checksum)


@lru_cache(maxsize=2048)
def _passage_languages(article_id: int, language: str, updated_at, checksum: str):
    return MappingProxyType(SourceDocument.objects.passage_languages(article_id, language))
