"""Keeps the search tables of migration 0008 current with the articles' text.

`index_articles()` is the one writer. It is called
- on every save of an `Article` (the receiver below): the admin, the
  services (edit, restore, link, detach), the importer's updates, `loaddata`;
- by the importer after its hand-built INSERT/UPDATE (`articles.importing.rows`
  sends no signal);
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

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save

from articles.models import LANGUAGE_CODES, Article, localized
from articles.search_text import fold, index_text, words

INDEX_TABLE = "article_search"
WORD_TABLE = "article_search_word"
#: Index rowid = article id * SLOTS + the language's position in LANGUAGE_CODES.
SLOTS = 16
#: The fields indexed, in the FTS5 table's column order.
FIELDS = ("title", "lede", "body")
#: Words shorter than this are not offered as a spelling; longer are not words.
WORD_LENGTHS = (3, 40)
#: Articles read and indexed at a time by `rebuild()`.
BATCH = 500


def rowid(article_id: int, language: str) -> int:
    return article_id * SLOTS + LANGUAGE_CODES.index(language)


def index_articles(
    articles: Iterable[Article], *, languages: Iterable[str] | None = None, using: str = "default"
) -> None:
    """Write the index rows and vocabulary of `articles` (with their text loaded).

    Only `languages` (default: all) are rewritten: a save of one language's columns
    leaves the others' rows alone, whatever the instance holds for them."""
    articles = list(articles)
    languages = list(LANGUAGE_CODES if languages is None else languages)
    if not articles or not languages:
        return
    connection = connections[using]
    rows, vocabulary = [], {}
    for article in articles:
        for language in languages:
            texts = [getattr(article, localized(f, language)) or "" for f in FIELDS]
            if not any(texts):
                continue
            rows.append(
                (rowid(article.pk, language), language, *(index_text(t, language) for t in texts))
            )
            for text in texts:
                for word in words(text):
                    key = fold(word)
                    if WORD_LENGTHS[0] <= len(key) <= WORD_LENGTHS[1] and not key.isdigit():
                        vocabulary.setdefault((language, key), word.lower())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                f"DELETE FROM {INDEX_TABLE} WHERE rowid = %s",
                [(rowid(a.pk, language),) for a in articles for language in languages],
            )
            cursor.executemany(
                f"INSERT INTO {INDEX_TABLE} (rowid, language, title, lede, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
        if vocabulary:
            cursor.executemany(
                f"INSERT INTO {WORD_TABLE} (language, word, display) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING",
                [(language, word, display) for (language, word), display in vocabulary.items()],
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
    columns = ["pk", *(localized(f, code) for f in FIELDS for code in LANGUAGE_CODES)]
    count = 0
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {INDEX_TABLE}")
            cursor.execute(f"DELETE FROM {WORD_TABLE}")
        ids = list(Article.objects.using(using).order_by("pk").values_list("pk", flat=True))
        for first in range(0, len(ids), BATCH):
            batch = ids[first : first + BATCH]
            articles = Article.objects.using(using).filter(pk__in=batch).only(*columns)
            index_articles(articles, using=using)
            count += len(batch)
    return count


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
