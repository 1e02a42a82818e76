"""A large import leaves the planner knowing the tables: how big they now are (PostgreSQL),
and that linking and the look-up of known texts read from indexes (SQLite)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importing import pipeline
from articles.importing.planning import _linkable_rows, known_documents
from tests.importing.conftest import run_import

pytestmark = pytest.mark.django_db


def planner_row_counts():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [list(pipeline._ANALYZED)],
        )
        return dict(cursor.fetchall())


def sqlite_plan(sql: str, params=()) -> str:
    """How SQLite would run `sql`: its EXPLAIN QUERY PLAN lines, joined."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(row[-1] for row in cursor.fetchall())


@pytest.mark.postgres
def test_large_import_refreshes_the_planner_statistics(monkeypatch):
    monkeypatch.setattr(pipeline, "ANALYZE_AFTER_FILES", 5)
    code, _report = run_import()  # the seed bundle: five files
    assert code == 0
    # Without ANALYZE the tables made by the test database would still count as never
    # sampled (reltuples -1) and PostgreSQL would plan as if they held a row or two.
    counts = planner_row_counts()
    assert counts["articles_article"] == 2
    assert counts["articles_languageversion"] == 5
    assert counts["articles_sourcedocument"] == 5
    assert counts["articles_finding"] > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps no statistics itself")
def test_a_large_batch_on_sqlite_leaves_linking_reading_linkability_from_the_index(monkeypatch):
    monkeypatch.setattr(pipeline, "ANALYZE_AFTER_FILES", 5)
    code, _report = run_import()  # the seed bundle: five files, one batch
    assert code == 0
    # The join of the next batch's linking: without statistics SQLite reads each document's
    # row, its columns after 13 KB of text in overflow pages.
    rows = _linkable_rows().filter(anchor__in=["openai"]).values_list("document__language")
    plan = sqlite_plan(*rows.query.sql_with_params())
    assert "COVERING INDEX source_linkable_idx" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan asked is SQLite's")
def test_the_texts_a_batch_already_holds_are_looked_up_by_index_not_by_reading_every_document():
    with CaptureQueriesContext(connection) as queries:
        known_documents(["a" * 64])
    (query,) = queries.captured_queries
    plan = sqlite_plan(query["sql"])
    assert "unique_source_text_sha256" in plan and "SCAN" not in plan, plan
