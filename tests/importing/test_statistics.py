"""A large import on PostgreSQL leaves the planner knowing how big the tables now are."""

import pytest
from django.db import connection

from articles.importing import pipeline
from tests.importing.conftest import run_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def planner_row_counts():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [list(pipeline._ANALYZED)],
        )
        return dict(cursor.fetchall())


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
