"""When Redis fails: readers still get their pages, editors' and importers' writes still finish.

A Redis that refuses connections, and one that accepts them and never answers (a
thread on a loopback socket stands in for it), behind the real Redis backend.
"""

from __future__ import annotations

import socket
import threading

import pytest
from django.conf import settings
from django.urls import reverse

from articles.caching import CACHE_HEADER
from articles.models import Article, ImportRun, Status
from tests.factories import make_article
from tests.importing.conftest import SEED, run_import, seed_text

pytestmark = pytest.mark.django_db


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        },
        # The template fragments stay in process memory, as in production.
        "fragments": settings.CACHES["fragments"],
    }


class SilentServer:
    """Accepts connections and never answers: a hung Redis."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def hung_redis(settings):
    server, working = SilentServer(), settings.CACHES
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{server.port}/0")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 600
    yield server
    settings.CACHES = working  # before the shared fixtures empty the cache
    server.close()


@pytest.fixture
def redis_down(settings):
    """Nothing listens there: every cache call is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    working = settings.CACHES
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port}/0")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    yield
    settings.CACHES = working  # before the shared fixtures empty the cache


def test_a_hung_redis_does_not_take_the_reader_pages_down(client, hung_redis):
    make_article(("en",), Status.PUBLISHED, title_en="Harbour reopens")

    pages = [client.get(url) for url in ("/en/", "/en/harbour-reopens/", "/en/", "/en/feed/")]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert all("Harbour reopens" in page.content.decode() for page in pages)
    # After the first timeout this process leaves the cache alone: no second wait.
    assert len(hung_redis.accepted) == 1
    assert all(CACHE_HEADER in page for page in pages)


def test_the_cache_client_has_short_timeouts_by_default():
    from tests.test_settings import django_setting

    result = django_setting(
        "settings.CACHES['default']['OPTIONS']",
        DJANGO_DEBUG="1",
        CACHE_URL="redis://127.0.0.1:6379/9",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'socket_connect_timeout': 0.25, 'socket_timeout': 0.25}"


def test_a_reader_gets_pages_with_redis_down(client, redis_down):
    make_article(("en",), Status.PUBLISHED, title_en="Harbour reopens")

    assert "Harbour reopens" in client.get("/en/harbour-reopens/").content.decode()
    assert "Harbour reopens" in client.get("/en/").content.decode()


def test_an_editor_unpublishes_with_redis_down(editor_client, redis_down, client):
    article = make_article(("fr",), Status.PUBLISHED, title_fr="Le port rouvre")
    assert "Le port rouvre" in client.get("/fr/").content.decode()

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "unpublish",
            "_selected_action": [article.pk],
            "language": "fr",
            "index": 0,
            "confirmed": "1",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert article.versions.get(language="fr").status == Status.DRAFT
    assert client.get("/fr/le-port-rouvre/").status_code == 404


def test_an_import_with_redis_down_finishes_and_its_run_is_completed(redis_down, tmp_path):
    (tmp_path / SEED["fr"]).write_text(seed_text("fr"), encoding="utf-8")

    code, report = run_import(tmp_path)

    assert code == 0
    assert Article.objects.count() == 1
    assert ImportRun.objects.get(pk=report["run"]).state == ImportRun.State.COMPLETED
