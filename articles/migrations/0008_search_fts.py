"""The search index of SQLite, and the vocabulary "did you mean" draws on (both databases).

SQLite: `article_search`, an FTS5 table with one row per (article, language)
that has text: rowid = article id × 16 + the language's position, columns
title, lede and body holding the *stems* of the text (`articles.search_text`),
tokenised by unicode61 with `remove_diacritics 2`. Written by
`articles.search_index`, rebuilt by `manage.py rebuild_search_index`.

Both: `article_search_word`, the distinct folded words of every language's
text (language, word, display = the word as first written), the candidates
of a "did you mean". PostgreSQL finds close spellings with a pg_trgm GIN
index; SQLite with `article_search_word_trigram`, an FTS5 trigram index over
the same rows kept in step by triggers.
(Migration 0012 drops both trigram indexes: "did you mean" no longer reads them.)

Plain tables, not models: they are derived from the articles' text, so a
dump (`dumpdata`) leaves them out and loading one rebuilds them as it saves
each article.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE article_search USING fts5(
        language UNINDEXED, title, lede, body,
        tokenize = 'unicode61 remove_diacritics 2'
    )""",
    """CREATE TABLE article_search_word (
        id INTEGER PRIMARY KEY,
        language TEXT NOT NULL,
        word TEXT NOT NULL,
        display TEXT NOT NULL,
        UNIQUE (language, word)
    )""",
    """CREATE VIRTUAL TABLE article_search_word_trigram USING fts5(
        word, content = 'article_search_word', content_rowid = 'id', tokenize = 'trigram'
    )""",
    """CREATE TRIGGER article_search_word_added AFTER INSERT ON article_search_word BEGIN
        INSERT INTO article_search_word_trigram (rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER article_search_word_removed AFTER DELETE ON article_search_word BEGIN
        INSERT INTO article_search_word_trigram (article_search_word_trigram, rowid, word)
        VALUES ('delete', old.id, old.word);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS article_search_word_removed",
    "DROP TRIGGER IF EXISTS article_search_word_added",
    "DROP TABLE IF EXISTS article_search_word_trigram",
    "DROP TABLE IF EXISTS article_search_word",
    "DROP TABLE IF EXISTS article_search",
]
POSTGRESQL = [
    """CREATE TABLE article_search_word (
        language varchar(10) NOT NULL,
        word text NOT NULL,
        display text NOT NULL,
        PRIMARY KEY (language, word)
    )""",
    "CREATE INDEX article_search_word_trgm ON article_search_word USING gin (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP TABLE IF EXISTS article_search_word"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_search_accents")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
            elidable=False,
        )
    ]
