"""Keeps the search tables of migration 0008 current with the articles' text.

`index_texts()` is the one writer (`index_articles()` reads the text of model
instances for it). It is called
- on every save of an `Article` (the receiver below): the admin, the
  services (edit, restore, link, detach), the importer's updates, `loaddata`;
- by the importer after its hand-built INSERT/UPDATE (`articles.importing.rows`
  sends no signal), which collects the words of its whole run in one
  `Vocabulary` and writes them once, after its files (a killed run's articles
  are indexed again by the next run, `reindex()`);
- by `manage.py rebuild_search_index`, for anything written around both
  (`bulk_create`, `QuerySet.update()` of text columns, a copied database).

It runs inside the writer's transaction, so the index commits or rolls back
with the text. On SQLite it rewrites the article's rows of the FTS5 index
`article_search` (stemmed text: `articles.search_text`); on PostgreSQL the
generated vector columns follow by themselves and only the vocabulary is
written. The vocabulary (`article_search_word`) only grows between rebuilds:
a word that left every text stays a candidate of "did you mean" until the
next rebuild, which is harmless because a suggestion is offered only when it
finds stories (`articles.search_results`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save

from articles.models import LANGUAGE_CODES, Article, localized
from articles.search_text import index_text, spellings, words

INDEX_TABLE = "article_search"
WORD_TABLE = "article_search_word"
#: Index rowid = article id * SLOTS + the language's position in LANGUAGE_CODES.
SLOTS = 16
#: The fields indexed, in the FTS5 table's column order.
FIELDS = ("title", "lede", "body")
#: Articles read and indexed at a time by `rebuild()`.
BATCH = 500


def rowid(article_id: int, language: str) -> int:
    return article_id * SLOTS + LANGUAGE_CODES.index(language)


def index_articles(
    articles: Iterable[Article],
    *,
    languages: Iterable[str] | None = None,
    using: str = "default",
    vocabulary: Vocabulary | None = None,
) -> None:
    """Write the index rows and vocabulary of `articles` (with their text loaded).

    Only `languages` (default: all) are rewritten: a save of one language's columns
    leaves the others' rows alone, whatever the instance holds for them."""
    languages = list(LANGUAGE_CODES if languages is None else languages)
    index_texts(
        [
            (article.pk, language, [getattr(article, localized(f, language)) for f in FIELDS])
            for article in articles
            for language in languages
        ],
        using=using,
        vocabulary=vocabulary,
    )


def index_texts(
    versions: list[tuple[int, str, list[str | None]]],
    *,
    using: str = "default",
    vocabulary: Vocabulary | None = None,
) -> None:
    """Write the index rows of `versions`: (article id, language, its title, lede and body),
    a version with no text being removed. The words go to the vocabulary table at once, or
    into `vocabulary` for the caller to write (the importer: once per run)."""
    if not versions:
        return
    connection = connections[using]
    found = Vocabulary() if vocabulary is None else vocabulary
    rows = []
    for article_id, language, texts in versions:
        if any(texts):
            split = [words(text) for text in texts]  # once: the regex is most of the cost
            rows.append(
                (rowid(article_id, language), language, *(index_text(w, language) for w in split))
            )
            found.add(language, split)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {INDEX_TABLE} WHERE rowid = %s",
                [(rowid(article_id, language),) for article_id, language, _ in versions],
            )
            cursor.executemany(
                f"INSERT INTO {INDEX_TABLE} (rowid, language, title, lede, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
    if vocabulary is None:
        found.write(using=using)


class Vocabulary:
    """The words of indexed texts, by language, until `write()` adds the new ones to the
    vocabulary table.

    The importer keeps one for its whole run and writes it once (`articles.importing`):
    most words of a file are in the table already, and offering each of them again file
    by file was most of what the index cost an import (BENCHMARKS.md, Import)."""

    def __init__(self):
        # dicts, not sets: in the order met, so a word is shown as first written
        self.words: dict[str, dict[str, None]] = defaultdict(dict)

    def add(self, language: str, split: Iterable[list[str]]) -> None:
        """Add the words of texts of `language`, each text split by `words()`."""
        for found in split:
            self.words[language].update(dict.fromkeys(found))

    def merge(self, other: Vocabulary) -> None:
        for language, found in other.words.items():
            self.words[language].update(found)

    def write(self, *, using: str = "default") -> None:
        rows = [
            (language, key, display)
            for language, found in self.words.items()
            for key, display in spellings(found).items()
        ]
        self.words.clear()
        if rows:
            with connections[using].cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {WORD_TABLE} (language, word, display) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    rows,
                )


def unindex_articles(article_ids: Iterable[int], *, using: str = "default") -> None:
    """Remove deleted articles from the SQLite index."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"DELETE FROM {INDEX_TABLE} WHERE rowid BETWEEN %s AND %s",
            [(pk * SLOTS, pk * SLOTS + SLOTS - 1) for pk in article_ids],
        )


def rebuild(*, using: str = "default") -> int:
    """Index every article afresh; how many were indexed."""
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {INDEX_TABLE}")
            cursor.execute(f"DELETE FROM {WORD_TABLE}")
        ids = list(Article.objects.using(using).order_by("pk").values_list("pk", flat=True))
        reindex(ids, using=using)
    return len(ids)


def reindex(article_ids: Iterable[int], *, using: str = "default") -> None:
    """Index the articles `article_ids` afresh from the database, BATCH at a time."""
    ids = list(article_ids)
    columns = ["pk", *(localized(f, code) for f in FIELDS for code in LANGUAGE_CODES)]
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        articles = Article.objects.using(using).filter(pk__in=batch).only(*columns)
        index_articles(articles, using=using)


def _saved(sender, instance: Article, raw=False, using=None, update_fields=None, **kwargs):
    languages = None
    if update_fields is not None:
        # A save of other columns (the source language) leaves the text as it is.
        languages = [
            code
            for code in LANGUAGE_CODES
            if any(localized(f, code) in update_fields for f in FIELDS)
        ]
    index_articles([instance], languages=languages, using=using or router.db_for_write(Article))


def _deleted(sender, instance: Article, using=None, **kwargs):
    unindex_articles([instance.pk], using=using or router.db_for_write(Article))


def connect_signals() -> None:
    """Called from the app's ready()."""
    post_save.connect(_saved, sender=Article, dispatch_uid="search-index-save")
    post_delete.connect(_deleted, sender=Article, dispatch_uid="search-index-delete")
