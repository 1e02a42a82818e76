"""Keeps the search tables of migration 0008 current with the articles' text.

`PendingIndex.write()` is the one writer (`index_texts()`, and `index_articles()`
which reads the text of model instances, go through it). It is called
- on every save of an `Article` (the receiver below): the admin, the
  services (edit, restore, link, detach), the importer's writes, `loaddata`;
  an importer defers its saves' indexing to batches (`deferred()`; a killed
  import's articles are indexed again by the next run, `reindex()`);
- by `manage.py rebuild_search_index`, for anything written around both
  (`bulk_create`, `QuerySet.update()` of text columns, a copied database).

It runs inside the writer's transaction, so the index commits or rolls back
with the text (the importer's: in a transaction of its own after the files it
holds). It writes the same terms (stemmed text: `articles.search_text`) on
both databases, so both find the same stories: on SQLite the article's rows
of the FTS5 index `article_search`, on PostgreSQL the article's vector
columns `search_vector_<suffix>` (`to_tsvector('simple', …)` of the terms,
weighted title A, lede B, body C; migration 0018_search_terms).
The vocabulary (`article_search_word`) only grows between rebuilds: a word
that left every text stays a candidate of "did you mean" until the next
rebuild, which is harmless because a suggestion is offered only when
published text of the edition holds it (`articles.search_results`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

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
#: Articles read and indexed at a time by `rebuild()`; versions by an importer
#: (`PendingIndex.full`).
BATCH = 500


def rowid(article_id: int, language: str) -> int:
    return article_id * SLOTS + LANGUAGE_CODES.index(language)


def index_articles(
    articles: Iterable[Article],
    *,
    languages: Iterable[str] | None = None,
    using: str = "default",
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
    )


def index_texts(
    versions: list[tuple[int, str, list[str | None]]], *, using: str = "default"
) -> None:
    """Write the index rows of `versions`: (article id, language, its title, lede and body),
    a version with no text being removed, and their words."""
    pending = PendingIndex(using=using)
    pending.add(versions)
    pending.write()


class PendingIndex:
    """Index rows and words, from texts (`add`) or from what the database holds of
    articles (`owe`), until `write()` writes them.

    `reindex` owes it articles (a killed import's, by the next run) and writes
    them BATCH at a time. Their text is read from the database in the transaction
    that writes their rows, so the rows are what is stored then: an editor's save
    meanwhile (indexed at once by the signal) is read back, not overwritten."""

    def __init__(self, *, using: str = "default"):
        self.using = using
        self.vendor = connections[using].vendor
        #: Whether this database has an index of terms (any other searches with icontains).
        self.stemmed = self.vendor in ("sqlite", "postgresql")
        #: FTS5 rowid → (language, title, lede, body) as stems; None: the row is removed
        self.rows: dict[int, tuple[str, ...] | None] = {}
        # dicts, not sets: in the order met, so a word is shown as first written
        self.words: dict[str, dict[str, None]] = defaultdict(dict)
        #: (article, language) to index from the database at the next `write()`
        self.owed: set[tuple[int, str]] = set()

    def owe(self, article_id: int, languages: Iterable[str] = LANGUAGE_CODES) -> None:
        self.owed.update((article_id, language) for language in languages)

    def full(self) -> bool:
        return len(self.owed) >= BATCH

    def add(self, versions: Iterable[tuple[int, str, list[str | None]]]) -> None:
        for article_id, language, texts in versions:
            row = None
            if any(texts):
                split = [words(text) for text in texts]  # once: the regex is most of the cost
                for found in split:
                    self.words[language].update(dict.fromkeys(found))
                if self.stemmed:
                    row = (language, *(index_text(w, language) for w in split))
            if self.stemmed:
                self.rows[rowid(article_id, language)] = row

    def write(self, *, vocabulary: bool = True) -> None:
        """Write the rows held and owed, and the words unless `vocabulary` is false."""
        if self.owed:
            self.add(stored_texts(self.owed, using=self.using))
            self.owed = set()
        rows, self.rows = self.rows, {}
        new_words = []
        if vocabulary:
            new_words = [
                (language, key, display)
                for language, found in self.words.items()
                for key, display in spellings(found).items()
            ]
            self.words.clear()
        with connections[self.using].cursor() as cursor:
            if rows and self.vendor == "postgresql":
                _write_vectors(cursor, rows)
            elif rows:
                cursor.executemany(
                    f"DELETE FROM {INDEX_TABLE} WHERE rowid = %s", [(key,) for key in rows]
                )
                cursor.executemany(
                    f"INSERT INTO {INDEX_TABLE} (rowid, language, title, lede, body) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(key, *row) for key, row in rows.items() if row],
                )
            if new_words:
                cursor.executemany(
                    f"INSERT INTO {WORD_TABLE} (language, word, display) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    new_words,
                )


#: A version's vector on PostgreSQL from its three fields' terms, weighted title > lede > body.
VECTOR_SQL = " || ".join(
    f"setweight(to_tsvector('simple'::regconfig, %s), '{weight}')" for weight in "ABC"
)


def _write_vectors(cursor, rows: dict[int, tuple[str, ...] | None]) -> None:
    """PostgreSQL: set each version's vector column from its terms (empty: no text)."""
    by_language = defaultdict(list)
    for key, row in rows.items():
        article_id, slot = divmod(key, SLOTS)
        terms = row[1:] if row else ("", "", "")
        by_language[LANGUAGE_CODES[slot]].append((*terms, article_id))
    table = Article._meta.db_table
    for language, params in by_language.items():
        column = localized("search_vector", language)
        cursor.executemany(f"UPDATE {table} SET {column} = {VECTOR_SQL} WHERE id = %s", params)


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
    for first in range(0, len(ids), BATCH):
        pending = PendingIndex(using=using)
        for pk in ids[first : first + BATCH]:
            pending.owe(pk)
        pending.write()


def stored_texts(
    versions: set[tuple[int, str]], *, using: str = "default"
) -> list[tuple[int, str, list[str | None]]]:
    """(article id, language, its title, lede and body) for each (article id, language) of
    `versions`, as the database holds them (none for an article that is gone: its rows go)."""
    columns = [localized(f, code) for code in LANGUAGE_CODES for f in FIELDS]
    rows = Article.objects.using(using).filter(pk__in={pk for pk, _language in versions})
    stored = {pk: values for pk, *values in rows.values_list("pk", *columns)}
    gone = [None] * len(columns)
    texts = []
    for pk, language in sorted(versions):  # sorted: the same words shown the same way
        at = LANGUAGE_CODES.index(language) * len(FIELDS)
        texts.append((pk, language, stored.get(pk, gone)[at : at + len(FIELDS)]))
    return texts


#: The index an importer defers this thread's saves to (`deferred`), or None.
_deferring = threading.local()


@contextmanager
def deferred(*, using: str = "default") -> Iterator[PendingIndex]:
    """Within this block, a save of an `Article` owes its versions to one `PendingIndex`
    instead of writing them in its own transaction; the importer writes it every BATCH
    versions (`write_if_full`) and at the end, in a transaction of its own. FTS5 writes and
    merges a segment per transaction, and most of a file's words are in the vocabulary
    already: indexed file by file, the index was most of what search cost an import
    (BENCHMARKS.md, Import). Were the importer killed first, the next run indexes its
    articles again (`reindex`)."""
    pending = PendingIndex(using=using)
    before = getattr(_deferring, "pending", None)
    _deferring.pending = pending
    try:
        yield pending
        with transaction.atomic(using=using):
            pending.write()
    finally:
        _deferring.pending = before


def write_if_full(pending: PendingIndex) -> None:
    """Between two files of an import: write what `pending` holds once it is BATCH versions."""
    if pending.full():
        with transaction.atomic(using=pending.using):
            pending.write(vocabulary=False)


def _saved(sender, instance: Article, raw=False, using=None, update_fields=None, **kwargs):
    languages = None
    if update_fields is not None:
        # A save of other columns (the source language) leaves the text as it is.
        languages = [
            code
            for code in LANGUAGE_CODES
            if any(localized(f, code) in update_fields for f in FIELDS)
        ]
    pending = getattr(_deferring, "pending", None)
    if pending is not None and pending.using == (using or router.db_for_write(Article)):
        pending.owe(instance.pk, LANGUAGE_CODES if languages is None else languages)
        return
    index_articles([instance], languages=languages, using=using or router.db_for_write(Article))


def _deleted(sender, instance: Article, using=None, **kwargs):
    unindex_articles([instance.pk], using=using or router.db_for_write(Article))


def connect_signals() -> None:
    """Called from the app's ready()."""
    post_save.connect(_saved, sender=Article, dispatch_uid="search-index-save")
    post_delete.connect(_deleted, sender=Article, dispatch_uid="search-index-delete")
