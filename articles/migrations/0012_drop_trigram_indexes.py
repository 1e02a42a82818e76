"""Drop migration 0008's trigram indexes over the search vocabulary: nothing reads them.

"Did you mean" looks up the spellings one typing slip from a reader's word by
the vocabulary's key (`articles.search_results`), so its cost does not grow
with the vocabulary as the trigram search's did. The indexes only made every
new word's insert dearer (on SQLite a trigger writing an FTS5 trigram row).
Reversing recreates them from the vocabulary.
"""

from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS article_search_word_added",
    "DROP TRIGGER IF EXISTS article_search_word_removed",
    "DROP TABLE IF EXISTS article_search_word_trigram",
]
SQLITE_REVERSE = [
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
    "INSERT INTO article_search_word_trigram (article_search_word_trigram) VALUES ('rebuild')",
]
POSTGRESQL = ["DROP INDEX IF EXISTS article_search_word_trgm"]
POSTGRESQL_REVERSE = [
    "CREATE INDEX article_search_word_trgm ON article_search_word USING gin (word gin_trgm_ops)"
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_translator_languages")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
            elidable=False,
        )
    ]
