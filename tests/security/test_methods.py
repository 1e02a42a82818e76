"""Reader pages take no input: POST/PUT/DELETE are 405 with Allow, never the CSRF page,
and TRACE/OPTIONS never echo a page's body (issue 17.8)."""

import pytest

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PAGES = ["/", "/en/", "/en/harbour/", "/en/feed/", "/en/atom/", "/sitemap.xml", "/robots.txt"]


@pytest.fixture(autouse=True)
def harbour(db):
    return make_article(("en",), Status.PUBLISHED, title_en="Harbour")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
def test_unsafe_method_is_405_with_allow(client, url, method):
    client = type(client)(enforce_csrf_checks=True)

    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert b"CSRF" not in response.content
    assert b"Harbour" not in response.content


@pytest.mark.parametrize("url", PAGES)
def test_options_answers_allow_without_a_body(client, url):
    response = client.options(url)

    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.content == b""


@pytest.mark.parametrize("url", PAGES)
def test_head_and_get_still_work(client, url):
    assert client.get(url).status_code in (200, 302)
    assert client.head(url).status_code in (200, 302)
