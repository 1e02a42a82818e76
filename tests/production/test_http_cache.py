"""HTTP caching headers on reader pages: a CDN may keep them, a conditional GET costs nothing,
and a signed-in page is kept by no one (articles/http_cache.py)."""

import pytest
from django.utils import timezone

from articles import services
from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def http_cache_on(settings):
    settings.NEWSROOM_HTTP_CACHE = True
    settings.NEWSROOM_HTTP_MAX_AGE = 60
    settings.NEWSROOM_HTTP_S_MAXAGE = 600
    settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE = 30


@pytest.fixture
def harbour():
    return make_article(
        ("en", "de"), Status.PUBLISHED, title_en="Harbour reopens", title_de="Hafen offen"
    )


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "url", ["/en/", "/en/?page=1", "/en/harbour-reopens/", "/en/feed/", "/en/atom/", "/sitemap.xml"]
)
def test_reader_pages_may_be_kept_by_a_cdn(client, harbour, url):
    response = client.get(url)

    assert response.status_code == 200
    assert directives(response) == {
        "public",
        "max-age=60",
        "s-maxage=600",
        "stale-while-revalidate=30",
    }
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith("GMT")


def test_pages_are_tagged_with_what_they_show(client, harbour):
    article = client.get("/de/hafen-offen/")
    front = client.get("/de/?q=Hafen")
    sitemap = client.get("/sitemap.xml")

    assert article["Surrogate-Key"] == f"site lang-de article-{harbour.pk}"
    assert article["Cache-Tag"] == f"site,lang-de,article-{harbour.pk}"
    assert front["Surrogate-Key"] == "site lang-de edition-de"
    assert sitemap["Surrogate-Key"] == "site sitemap"


def test_conditional_get_is_answered_304_without_a_query_or_a_render(
    client, harbour, django_assert_num_queries
):
    etag = client.get("/en/harbour-reopens/")["ETag"]

    with django_assert_num_queries(0):
        response = client.get("/en/harbour-reopens/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in directives(response)


def test_a_change_gives_every_page_a_new_etag(client, harbour):
    etag = client.get("/en/")["ETag"]
    services.unpublish(version=harbour.versions.get(language="de"), user=None)

    response = client.get("/en/", headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_lifetimes_end_at_the_next_scheduled_publication(client, harbour):
    make_article(
        ("en",),
        Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(seconds=120),
        title_en="Embargoed",
    )

    found = directives(client.get("/en/"))

    max_age = next(int(d.split("=")[1]) for d in found if d.startswith("max-age="))
    s_maxage = next(int(d.split("=")[1]) for d in found if d.startswith("s-maxage="))
    assert max_age == 60
    assert 110 <= s_maxage <= 120
    assert "stale-while-revalidate=0" in found


def test_signed_in_reader_gets_private_no_store(editor_client, harbour):
    for url in ("/en/", "/en/harbour-reopens/", "/en/feed/"):
        response = editor_client.get(url)
        assert {"private", "no-store"} <= directives(response), url
        assert "Surrogate-Key" not in response and "ETag" not in response


def test_admin_is_private_no_store(editor_client):
    assert {"private", "no-store"} <= directives(editor_client.get("/admin/"))


def test_page_with_an_unknown_parameter_is_not_offered_to_caches(client, harbour):
    response = client.get("/en/?utm_source=mail")

    assert response.status_code == 200
    assert "public" not in directives(response)
    assert "ETag" not in response


def test_not_found_is_not_offered_to_caches(client, harbour):
    # A story published later must not stay hidden behind a cached 404.
    response = client.get("/en/not-yet/")

    assert response.status_code == 404
    assert "public" not in directives(response)


@pytest.mark.parametrize(
    ("cache_url", "expected"), [("", "False"), ("redis://127.0.0.1:6379/9", "True")]
)
def test_http_caching_is_on_only_with_a_shared_cache(cache_url, expected):
    from tests.test_settings import django_setting

    env = {"DJANGO_DEBUG": "1"}
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = django_setting("settings.NEWSROOM_HTTP_CACHE", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_a_page_from_the_page_cache_counts_its_lifetimes_from_now(
    client, harbour, settings, monkeypatch
):
    import time

    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    start = time.time()
    make_article(
        ("en",),
        Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(seconds=500),
        title_en="Embargoed",
    )
    first = client.get("/en/")
    monkeypatch.setattr("articles.caching._now", lambda: start + 200)

    second = client.get("/en/")

    assert second["X-Newsroom-Cache"] == "hit"
    assert "s-maxage=600" not in second["Cache-Control"]
    s_maxage = int(second["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 290 <= s_maxage <= 300
    assert first["ETag"] == second["ETag"]
