"""Varnish in front of a live test server, with the VCL shipped in deploy/varnish/.

Starts Debian's `varnishd` (`apt-get install varnish`; CI installs it) on a free
loopback port in front of pytest-django's live server, and stops it by its
process id. Skipped, saying why, only where varnishd is missing.
"""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from articles.models import Status
from tests.factories import make_article

VARNISHD = shutil.which("varnishd") or next(
    (p for p in ("/usr/sbin/varnishd",) if Path(p).exists()), None
)
VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "newsroom.vcl"

pytestmark = [
    pytest.mark.varnish,
    pytest.mark.skipif(VARNISHD is None, reason="needs Varnish (apt-get install varnish)"),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, deadline: float = 30.0) -> None:
    """Until varnishd accepts connections (it compiles the VCL first), or fail."""
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)  # readiness polling, not a timing assumption
    raise RuntimeError("varnishd did not start listening")


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "newsroom.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port, tls_port = _free_port(), _free_port()
    process = subprocess.Popen(
        [
            *(VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "work")),
            *("-a", f"http=127.0.0.1:{port}", "-a", f"tls=127.0.0.1:{tls_port}"),
            *("-T", "none", "-f", str(vcl)),
            *("-s", "malloc,32m", "-p", "ban_lurker_sleep=0.01"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        _wait_for(tls_port, process)
        url = f"http://127.0.0.1:{port}"
        # Where a TLS terminator hands HTTPS connections over (plain HTTP in this test).
        settings.VARNISH_TLS_LISTENER = f"http://127.0.0.1:{tls_port}"
        settings.NEWSROOM_HTTP_CACHE = True
        settings.NEWSROOM_PURGE_BACKEND = "http"
        settings.NEWSROOM_PURGE_HTTP_SERVERS = [url]
        settings.NEWSROOM_PURGE_HOST = f"127.0.0.1:{port}"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str, cookie: str = "", **headers: str) -> tuple[int, str, dict[str, str]]:
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, body.decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.fixture
def harbour(db):
    return make_article(
        ("en", "de"), Status.PUBLISHED, title_en="Harbour reopens", title_de="Hafen offen"
    )


def test_second_request_is_a_hit(varnish, harbour):
    first = fetch(f"{varnish}/en/harbour-reopens/")
    second = fetch(f"{varnish}/en/harbour-reopens/")

    assert (first[0], first[2]["X-Cache"]) == (200, "MISS")
    assert (second[0], second[2]["X-Cache"]) == (200, "HIT")
    assert "Harbour reopens" in second[1]
    assert "Surrogate-Key" not in second[2]


def test_unpublish_purges_the_article_and_its_edition_page_at_once(varnish, harbour):
    for url in ("/en/harbour-reopens/", "/en/", "/de/hafen-offen/"):
        fetch(varnish + url)
        assert fetch(varnish + url)[2]["X-Cache"] == "HIT"

    # As services.unpublish saves it, without its history entry: a transactional test
    # has flushed the content types django-reversion's rows point at.
    with transaction.atomic():
        version = harbour.versions.get(language="en")
        version.status, version.published_at = Status.DRAFT, None
        version.save()

    article = fetch(f"{varnish}/en/harbour-reopens/")
    front = fetch(f"{varnish}/en/")
    german = fetch(f"{varnish}/de/hafen-offen/")
    assert article[0] == 404
    assert (front[0], front[2]["X-Cache"]) == (200, "MISS")
    assert "Harbour reopens" not in front[1]
    # The German page's switcher no longer offers English.
    assert german[2]["X-Cache"] == "MISS"
    assert "/en/harbour-reopens/" not in german[1]


def test_signed_in_request_is_never_cached(varnish, harbour, client, django_user_model):
    # Any signed-in user will do: a staff account without a role.
    client.force_login(django_user_model.objects.create_user("desk", is_staff=True))
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}"

    first = fetch(f"{varnish}/en/harbour-reopens/", cookie)
    second = fetch(f"{varnish}/en/harbour-reopens/", cookie)
    anonymous = fetch(f"{varnish}/en/harbour-reopens/")

    assert [first[2]["X-Cache"], second[2]["X-Cache"]] == ["MISS", "MISS"]
    assert "no-store" in second[2]["Cache-Control"]
    # Nor did the signed-in pages fill the cache for anyone else.
    assert anonymous[2]["X-Cache"] == "MISS"


@pytest.fixture
def https_site(settings):
    """Production's scheme handling: Django trusts X-Forwarded-Proto (`request.is_secure()`,
    which decides the pages' absolute links and, in production, the HSTS header alike)."""
    settings.ALLOWED_HOSTS = ["news.example.org"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.NEWSROOM_PURGE_HOST = "news.example.org"


def test_a_client_cannot_choose_the_scheme_of_cached_pages(varnish, harbour, https_site):
    host = {"Host": "news.example.org"}
    poisoned = fetch(f"{varnish}/en/harbour-reopens/", **host, **{"X-Forwarded-Proto": "https"})
    later = fetch(f"{varnish}/en/harbour-reopens/", **host)

    assert later[2]["X-Cache"] == "HIT"
    for status, body, _headers in (poisoned, later):
        assert status == 200
        assert "http://news.example.org/en/harbour-reopens/" in body
        assert "https://news.example.org" not in body


def test_https_pages_come_through_the_tls_listener_and_are_cached_apart(
    varnish, harbour, https_site, settings
):
    host = {"Host": "news.example.org"}
    plain = fetch(f"{varnish}/en/harbour-reopens/", **host)
    secure = fetch(f"{settings.VARNISH_TLS_LISTENER}/en/harbour-reopens/", **host)
    secure_again = fetch(
        f"{settings.VARNISH_TLS_LISTENER}/en/harbour-reopens/",
        **host,
        **{"X-Forwarded-Proto": "http"},
    )

    assert (secure[2]["X-Cache"], secure_again[2]["X-Cache"]) == ("MISS", "HIT")
    assert "https://news.example.org/en/harbour-reopens/" in secure_again[1]
    assert "https://news.example.org" not in plain[1]


def test_a_purge_by_url_reaches_the_page_in_both_schemes(varnish, harbour, https_site, settings):
    host = {"Host": "news.example.org"}
    for base in (varnish, settings.VARNISH_TLS_LISTENER):
        fetch(f"{base}/en/harbour-reopens/", **host)
        assert fetch(f"{base}/en/harbour-reopens/", **host)[2]["X-Cache"] == "HIT"

    request = urllib.request.Request(f"{varnish}/en/harbour-reopens/", method="PURGE", headers=host)
    urllib.request.urlopen(request, timeout=10).close()

    for base in (varnish, settings.VARNISH_TLS_LISTENER):
        assert fetch(f"{base}/en/harbour-reopens/", **host)[2]["X-Cache"] == "MISS"


def test_pages_are_kept_compressed_and_served_plain_to_clients_without_gzip(varnish, harbour):
    gzipped = fetch(f"{varnish}/en/harbour-reopens/", **{"Accept-Encoding": "gzip"})
    plain = fetch(f"{varnish}/en/harbour-reopens/")

    assert gzipped[2]["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gzipped[2]["Vary"]
    assert plain[2]["X-Cache"] == "HIT"
    assert "Content-Encoding" not in plain[2]
    assert plain[1] == gzipped[1]
    assert "Harbour reopens" in plain[1]
