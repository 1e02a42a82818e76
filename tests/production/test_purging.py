"""Purge on change: the backends send the requests their HTTP APIs expect (articles/purging.py).

Each backend talks to a local fake of its API on loopback that records the requests:
the request shape is what is tested, never the real service. Varnish itself is
tested in test_varnish.py.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles import services
from articles.caching import invalidate_public_pages
from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class _Recorder(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        payload = b'{"success": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_POST = do_PURGE = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def harbour():
    return make_article(
        ("en", "de"),
        Status.PUBLISHED,
        title_en="Harbour reopens",
        title_de="Hafen offen",
    )


def _unpublish_german(article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(version=article.versions.get(language="de"), user=None)


def test_http_backend_bans_the_keys_then_purges_every_affected_url(
    settings, fake_api, harbour, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "http"
    settings.NEWSROOM_PURGE_HTTP_SERVERS = [f"http://127.0.0.1:{fake_api.server_port}"]
    settings.NEWSROOM_PURGE_HOST = "news.example.org"

    _unpublish_german(harbour, django_capture_on_commit_callbacks)

    first, *urls = fake_api.requests
    assert first["method"] == "PURGE" and first["path"] == "/"
    # The English front page's teaser linked the German version: its edition too.
    assert first["headers"]["X-Purge-Keys"] == f"article-{harbour.pk} edition-de edition-en sitemap"
    assert first["headers"]["Host"] == "news.example.org"
    assert [r["path"] for r in urls] == [
        "/en/harbour-reopens/",
        "/de/hafen-offen/",
        "/de/",
        "/de/feed/",
        "/de/atom/",
        "/en/",
        "/en/feed/",
        "/en/atom/",
        "/sitemap.xml",
    ]
    assert {r["method"] for r in urls} == {"PURGE"}


def test_one_transaction_is_one_purge(
    settings, fake_api, harbour, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "fastly"
    settings.NEWSROOM_FASTLY_SERVICE_ID = "svc1"
    settings.NEWSROOM_FASTLY_API_TOKEN = "tok"
    settings.NEWSROOM_FASTLY_API_URL = f"http://127.0.0.1:{fake_api.server_port}"

    _unpublish_german(harbour, django_capture_on_commit_callbacks)

    # services.unpublish saves the version and records history in one transaction.
    assert len(fake_api.requests) == 1


def test_fastly_backend_batch_purges_by_surrogate_key(
    settings, fake_api, harbour, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "fastly"
    settings.NEWSROOM_FASTLY_SERVICE_ID = "svc1"
    settings.NEWSROOM_FASTLY_API_TOKEN = "tok"
    settings.NEWSROOM_FASTLY_API_URL = f"http://127.0.0.1:{fake_api.server_port}"

    _unpublish_german(harbour, django_capture_on_commit_callbacks)

    (request,) = fake_api.requests
    assert (request["method"], request["path"]) == ("POST", "/service/svc1/purge")
    assert request["headers"]["Fastly-Key"] == "tok"
    assert request["headers"]["Surrogate-Key"] == (
        f"article-{harbour.pk} edition-de edition-en sitemap"
    )


def test_cloudflare_backend_purges_by_cache_tag(
    settings, fake_api, harbour, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "cloudflare"
    settings.NEWSROOM_CLOUDFLARE_ZONE_ID = "zone9"
    settings.NEWSROOM_CLOUDFLARE_API_TOKEN = "tok"
    settings.NEWSROOM_CLOUDFLARE_API_URL = f"http://127.0.0.1:{fake_api.server_port}/client/v4"

    _unpublish_german(harbour, django_capture_on_commit_callbacks)

    (request,) = fake_api.requests
    assert (request["method"], request["path"]) == ("POST", "/client/v4/zones/zone9/purge_cache")
    assert request["headers"]["Authorization"] == "Bearer tok"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == {
        "tags": [f"article-{harbour.pk}", "edition-de", "edition-en", "sitemap"]
    }


def test_an_edit_of_the_text_purges_the_article_and_every_edition_listing_it(
    settings, fake_api, harbour, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "fastly"
    settings.NEWSROOM_FASTLY_SERVICE_ID = "svc1"
    settings.NEWSROOM_FASTLY_API_TOKEN = "tok"
    settings.NEWSROOM_FASTLY_API_URL = f"http://127.0.0.1:{fake_api.server_port}"

    with django_capture_on_commit_callbacks(execute=True):
        harbour.title_en = "Harbour reopens at last"
        harbour.save()

    (request,) = fake_api.requests
    assert request["headers"]["Surrogate-Key"] == (
        f"article-{harbour.pk} edition-de edition-en sitemap"
    )


def test_writes_without_signals_purge_the_whole_site(
    settings, fake_api, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "fastly"
    settings.NEWSROOM_FASTLY_SERVICE_ID = "svc1"
    settings.NEWSROOM_FASTLY_API_TOKEN = "tok"
    settings.NEWSROOM_FASTLY_API_URL = f"http://127.0.0.1:{fake_api.server_port}"

    with django_capture_on_commit_callbacks(execute=True):
        invalidate_public_pages()

    assert [r["headers"]["Surrogate-Key"] for r in fake_api.requests] == ["site"]


def test_an_unreachable_cache_does_not_undo_the_change(
    settings, harbour, django_capture_on_commit_callbacks, caplog
):
    settings.NEWSROOM_PURGE_BACKEND = "http"
    settings.NEWSROOM_PURGE_HTTP_SERVERS = ["http://127.0.0.1:9"]  # discard port: refused

    _unpublish_german(harbour, django_capture_on_commit_callbacks)

    assert harbour.versions.get(language="de").status == Status.DRAFT
    assert "Could not purge the HTTP cache" in caplog.text


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEWSROOM_PURGE_BACKEND": "akamai"}, "is not one of http, cloudflare, fastly"),
        ({"NEWSROOM_PURGE_BACKEND": "fastly"}, "needs NEWSROOM_FASTLY_SERVICE_ID"),
        ({"NEWSROOM_PURGE_BACKEND": "http"}, "needs NEWSROOM_PURGE_HTTP_SERVERS"),
    ],
)
def test_an_incomplete_purge_setting_stops_start_up(env, message):
    from tests.test_settings import django_setting

    result = django_setting("settings.NEWSROOM_PURGE_BACKEND", DJANGO_DEBUG="1", **env)

    assert result.returncode != 0
    assert message in result.stderr
