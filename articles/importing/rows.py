"""The importer's writes, with the SQL of each kind of row built once.

For every file the importer writes the same few rows: an article (a new one,
or one language's columns of an existing one), a language version and a
source document. `Model.save()` and `QuerySet.update()` build their SQL
afresh each time (and modeltranslation first rewrites every field name of an
`Article` query): at 10,000 files that was much of the time the writes
took (BENCHMARKS.md, Import). Here each statement is built once from the model's own
fields, and each value still goes through its field's `pre_save()` and
`get_db_prep_save()`, as in `save()`: defaults, `auto_now`, JSON and dates
are written exactly as Django writes them (a field with a `db_default`,
which `save()` leaves to the database, is refused: none has one).

No `pre_save`/`post_save` signal is sent. Their receivers: the public page
cache's, which the importer calls once its files are written (`pipeline`),
the search index's, which `persisting` calls for each version it writes,
and django-reversion's, which acts only inside a revision (never here).
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import NOT_PROVIDED, Field, Model


def insert(obj: Model) -> None:
    """INSERT `obj` as a new row, as `obj.save()` would, and set its primary key."""
    fields, sql = _insert_statement(type(obj), connection.vendor)
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    meta = obj._meta
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if connection.features.can_return_columns_from_insert:
            obj.pk = cursor.fetchone()[0]
        else:
            obj.pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    obj._state.adding = False
    obj._state.db = connection.alias


def update(model: type[Model], pk: int, values: dict[str, object]) -> int:
    """UPDATE the fields named in `values` of row `pk`; how many rows changed (0: it is gone).

    The names are the model's own: "title_fr", not "title" (modeltranslation does not
    rewrite them here).
    """
    fields, sql = _update_statement(model, tuple(values), connection.vendor)
    params = [field.get_db_prep_save(values[field.name], connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, pk])
        return cursor.rowcount


# `vendor` is part of each cache key only: the SQL quotes names the database's way.


@cache
def _insert_statement(model: type[Model], vendor: str) -> tuple[list[Field], str]:
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    if any(f.db_default is not NOT_PROVIDED for f in fields):
        raise NotImplementedError(f"{model.__name__} has a db_default: write it with save()")
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return fields, sql


@cache
def _update_statement(
    model: type[Model], names: tuple[str, ...], vendor: str
) -> tuple[list[Field], str]:
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    return fields, sql
