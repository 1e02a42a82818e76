"""Reader pages are compressed for clients that accept it; the admin is not (newsroom/compression.py)."""

import gzip

import pytest

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def harbour():
    return make_article(
        ("en",), Status.PUBLISHED, title_en="Harbour reopens", lede_en="A lede. " * 40
    )


@pytest.mark.parametrize(
    "url", ["/en/", "/en/harbour-reopens/", "/en/feed/", "/en/atom/", "/sitemap.xml"]
)
def test_reader_pages_feeds_and_the_sitemap_are_gzipped_for_clients_that_accept_it(
    client, harbour, url
):
    plain = client.get(url)
    compressed = client.get(url, headers=GZIP)

    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content)
    assert "Content-Encoding" not in plain


def test_a_page_from_the_page_cache_is_gzipped_too(client, harbour, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    client.get("/en/")

    hit = client.get("/en/", headers=GZIP)

    assert hit["X-Newsroom-Cache"] == "hit"
    assert b"Harbour reopens" in gzip.decompress(hit.content)


def test_admin_pages_are_not_compressed(editor_client):
    """They carry CSRF tokens and reflect input (BREACH): left as they are."""
    response = editor_client.get("/admin/", headers=GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_signed_in_readers_pages_are_not_compressed(editor_client, harbour):
    assert "Content-Encoding" not in editor_client.get("/en/", headers=GZIP)
