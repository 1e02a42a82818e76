"""Both databases index the same terms: the application's folded, stemmed words.

PostgreSQL: the generated vector columns of migrations 0003 and 0007 (each
language's own configuration: older Snowball algorithms, stop words dropped)
become plain `tsvector` columns of the same names and GIN indexes, written by
`articles.search_index` through the `simple` configuration from the terms
`articles.search_text` computes, as the SQLite index is. Both databases'
indexes are then rebuilt: the terms changed on SQLite too (a French feminine
"-e" after stemming, "dévastée" meets "dévasté"). Issue 30, point 1.

The `newsroom_*` configurations of 0007 stay (unused) so that going back
restores the generated columns as they were.
"""

from django.db import migrations

SUFFIXES = ("en", "ind", "fr", "es", "de")
TABLE = "articles_article"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for suffix in SUFFIXES:
            column = f"search_vector_{suffix}"
            schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {column}")
            schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN {column} tsvector")
            schema_editor.execute(
                f"CREATE INDEX article_search_{suffix}_gin ON {TABLE} USING gin ({column})"
            )
    # The current code's terms (the writer of the index): a later migration changing them
    # rebuilds again.
    from articles.search_index import rebuild

    rebuild(using=schema_editor.connection.alias)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # 0007's generated columns, computed by PostgreSQL's own configurations.
    from importlib import import_module

    accents = import_module("articles.migrations.0007_search_accents")
    for suffix, (config, _stemmer) in accents.LANGUAGES.items():
        accents.replace_vector(schema_editor, suffix, f"newsroom_{config}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_page_changes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
