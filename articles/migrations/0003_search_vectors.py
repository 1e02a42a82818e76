"""Full-text search vectors for PostgreSQL: one generated tsvector column and GIN index per language.

See articles/search.py for why generated columns. PostgreSQL only: on any other
database this migration does nothing and search uses the portable method.
The column list is frozen here, as migrations must be; a language added later
needs its own migration (and, until then, searches with the portable method).
"""

from django.db import migrations

#: language column suffix -> PostgreSQL text-search configuration (PostgreSQL 15 has all five).
CONFIGS = {
    "en": "english",
    "ind": "indonesian",
    "fr": "french",
    "es": "spanish",
    "de": "german",
}
#: title > lede > body.
WEIGHTS = (("title", "A"), ("lede", "B"), ("body", "C"))
TABLE = "articles_article"


def vector_sql(suffix: str, config: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({field}_{suffix}, '')), '{weight}')"
        for field, weight in WEIGHTS
    )


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix, config in CONFIGS.items():
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN search_vector_{suffix} tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(suffix, config)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX article_search_{suffix}_gin ON {TABLE} USING gin (search_vector_{suffix})"
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix in CONFIGS:
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector_{suffix}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_roles")]

    operations = [migrations.RunPython(add_vectors, drop_vectors, elidable=False)]
