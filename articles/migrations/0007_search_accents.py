"""Accent-insensitive full-text search on PostgreSQL: `unaccent` in each language's configuration.

For each site language a text-search configuration `newsroom_<language>` is a
copy of PostgreSQL's own (same parser, stop words and Snowball stemmer) whose
word mappings run the `unaccent` dictionary before the stemmer, so "enquete"
and "enquêtes" give one lexeme. The generated vector columns of migration
0003 are rebuilt with these configurations (same names, weights and GIN
indexes); `articles/search.py` parses readers' queries with the same ones.

`pg_trgm` is created here too: "did you mean" compares a reader's word with
the edition's vocabulary by trigram similarity (migration 0008).

Both extensions are "trusted" since PostgreSQL 13: the database owner may
create them without superuser rights. On a managed database where the
migrating role may not, an administrator runs once, before `migrate`:
`CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;`.

PostgreSQL only; frozen like 0003 (a language added later needs its own migration).
"""

from django.db import migrations

#: language column suffix -> PostgreSQL's configuration and Snowball dictionary.
LANGUAGES = {
    "en": ("english", "english_stem"),
    "ind": ("indonesian", "indonesian_stem"),
    "fr": ("french", "french_stem"),
    "es": ("spanish", "spanish_stem"),
    "de": ("german", "german_stem"),
}
#: title > lede > body.
WEIGHTS = (("title", "A"), ("lede", "B"), ("body", "C"))
TABLE = "articles_article"
#: The parser's token types that are words (with or without non-ASCII letters).
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def vector_sql(suffix: str, config: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({field}_{suffix}, '')), '{weight}')"
        for field, weight in WEIGHTS
    )


def replace_vector(schema_editor, suffix: str, config: str) -> None:
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector_{suffix}")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector_{suffix} tsvector "
        f"GENERATED ALWAYS AS ({vector_sql(suffix, config)}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX article_search_{suffix}_gin ON {TABLE} USING gin (search_vector_{suffix})"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for suffix, (config, stemmer) in LANGUAGES.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_{config}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION newsroom_{config} (COPY = pg_catalog.{config})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION newsroom_{config} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {stemmer}"
        )
        replace_vector(schema_editor, suffix, f"newsroom_{config}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix, (config, _stemmer) in LANGUAGES.items():
        replace_vector(schema_editor, suffix, config)
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_{config}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_document_text_identity")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
