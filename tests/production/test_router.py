"""With a replica configured, readers' pages read from it; the admin and every write use the primary.

The `replica` alias is added for these tests only, pointing at the test database
(as a replica holds the same rows); the tests are transactional so that rows
written through `default` are committed and visible through `replica`.
"""

import copy

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Status
from newsroom.db_router import REPLICA
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.urls("tests.production.urls"),
]


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup, django_db_blocker):
    """Module-scoped so that the alias exists before pytest-django checks `databases`."""
    with django_db_blocker.unblock():
        replica_settings = copy.deepcopy(connections["default"].settings_dict)
    replica_settings["TEST"] = {**replica_settings.get("TEST", {}), "MIRROR": "default"}
    connections.settings[REPLICA] = replica_settings
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


class Queries:
    """The queries each alias ran inside the block."""

    def __enter__(self):
        self.contexts = {
            alias: CaptureQueriesContext(connections[alias]) for alias in ("default", REPLICA)
        }
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def on(self, alias):
        return [query["sql"] for query in self.contexts[alias].captured_queries]


def test_reader_page_reads_from_the_replica_only(client):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    with Queries() as queries:
        response = client.get("/en/titles/")
    assert response.content.decode() == "Harbour reopens"
    assert queries.on(REPLICA), "the reader's page did not read the replica"
    assert queries.on("default") == []


def test_admin_reads_and_writes_the_primary_only(admin_client):
    article = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    with Queries() as queries:
        response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()
    assert queries.on("default")
    assert queries.on(REPLICA) == []


def test_signed_in_editor_reads_the_site_from_the_primary(admin_client):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    with Queries() as queries:
        response = admin_client.get("/en/titles/")
    assert response.content.decode() == "Harbour reopens"
    assert queries.on(REPLICA) == []


def test_writes_go_to_the_primary_even_during_a_reader_request(rf):
    from newsroom.db_router import PublicReadsOnReplicaMiddleware

    def view(request):
        Article.objects.create(title_en="Written by a reader request")
        return None

    with Queries() as queries:
        PublicReadsOnReplicaMiddleware(view)(rf.get("/en/"))
    assert any("INSERT" in sql for sql in queries.on("default"))
    assert not any("INSERT" in sql for sql in queries.on(REPLICA))


def test_commands_and_services_outside_a_request_read_the_primary():
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    with Queries() as queries:
        assert Article.objects.published("en").count() == 1
    assert queries.on("default")
    assert queries.on(REPLICA) == []


def test_without_a_replica_reader_pages_read_the_primary(rf, monkeypatch):
    from newsroom.db_router import PublicReadsOnReplicaMiddleware, ReplicaRouter

    monkeypatch.delitem(connections.settings, REPLICA)
    chosen = []
    PublicReadsOnReplicaMiddleware(
        lambda request: chosen.append(ReplicaRouter().db_for_read(Article))
    )(rf.get("/en/"))
    assert chosen == ["default"]


def test_replica_url_adds_a_replica_alias_that_is_never_migrated():
    from tests.test_settings import django_setting

    result = django_setting(
        "settings.DATABASES['replica']['HOST'], settings.DATABASES['replica']['TEST'], "
        "settings.DATABASE_ROUTERS",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@primary.example:5432/newsroom",
        DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/newsroom",
    )
    assert result.returncode == 0, result.stderr
    assert "replica.example" in result.stdout
    assert "'MIRROR': 'default'" in result.stdout

    from newsroom.db_router import ReplicaRouter

    assert ReplicaRouter().allow_migrate("default", "articles") is True
    assert ReplicaRouter().allow_migrate(REPLICA, "articles") is False
