"""HTTP caching headers on reader pages: a CDN may keep them, a conditional GET costs no render,
each page's validators come from what it shows, a page that does not exist never answers 304,
and a signed-in page is kept by no one (articles/http_cache.py)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles import services
from articles.models import Article, LanguageVersion, PageChange, Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def http_cache_on(settings):
    settings.NEWSROOM_HTTP_CACHE = True
    settings.NEWSROOM_HTTP_MAX_AGE = 60
    settings.NEWSROOM_HTTP_S_MAXAGE = 600
    settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE = 30


def settled(article):
    """Last changed an hour ago: a page changed this very second gets no Last-Modified."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(updated_at=hour_ago)
    LanguageVersion.objects.filter(article=article).update(updated_at=hour_ago)
    PageChange.objects.update(at=hour_ago)
    return article


@pytest.fixture
def harbour():
    return settled(
        make_article(
            ("en", "de"), Status.PUBLISHED, title_en="Harbour reopens", title_de="Hafen offen"
        )
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


def test_conditional_get_is_answered_304_after_one_query_without_a_render(
    client, harbour, django_assert_num_queries
):
    etag = client.get("/en/harbour-reopens/")["ETag"]

    with django_assert_num_queries(1):
        response = client.get("/en/harbour-reopens/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in directives(response)


def test_a_change_gives_the_pages_that_show_it_a_new_etag(client, harbour):
    etag = client.get("/en/")["ETag"]
    services.unpublish(version=harbour.versions.get(language="de"), user=None)

    response = client.get("/en/", headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_change_to_one_story_leaves_the_other_stories_and_editions_valid(client, harbour):
    bridge = settled(make_article(("en", "fr"), Status.PUBLISHED, title_en="Bridge closes"))
    urls = ("/en/harbour-reopens/", "/de/", "/de/hafen-offen/", "/en/bridge-closes/")
    etags = {url: client.get(url)["ETag"] for url in urls}

    bridge.title_fr = "Le pont ferme bientôt"
    bridge.save()

    for url in ("/en/harbour-reopens/", "/de/", "/de/hafen-offen/"):
        assert client.get(url, headers={"if-none-match": etags[url]}).status_code == 304, url
    assert (
        client.get("/en/bridge-closes/", headers={"if-none-match": etags[urls[3]]}).status_code
        == 200
    )
    assert len(set(etags.values())) == len(urls)


@pytest.mark.parametrize(
    "url",
    [
        "/en/no-such-story/",
        "/en/draft-story/",  # a draft's slug
        "/en/?page=999",
        "/en/?page=2",
        "/en/?q=harbour&page=2",
        "/sitemap.xml?p=7",
    ],
)
@pytest.mark.parametrize("if_none_match", ["*", "current"])
def test_a_page_that_does_not_exist_never_answers_304(client, harbour, url, if_none_match):
    make_article(("en",), Status.DRAFT, title_en="Draft story")
    if if_none_match == "current":
        if_none_match = client.get("/en/")["ETag"]
        assert client.get("/en/", headers={"if-none-match": if_none_match}).status_code == 304

    response = client.get(url, headers={"if-none-match": if_none_match})

    assert response.status_code == 404
    assert "ETag" not in response


def test_a_page_that_exists_answers_304_to_if_none_match_star(client, harbour):
    assert client.get("/en/harbour-reopens/", headers={"if-none-match": "*"}).status_code == 304


def test_feeds_answer_if_modified_since(client, harbour):
    first = client.get("/en/atom/")
    last_modified = first["Last-Modified"]

    unchanged = client.get("/en/atom/", headers={"if-modified-since": last_modified})
    assert unchanged.status_code == 304

    make_article(("en",), Status.PUBLISHED, title_en="Bridge closes")
    changed = client.get("/en/atom/", headers={"if-modified-since": last_modified})
    assert changed.status_code == 200
    assert "Bridge closes" in changed.content.decode()


def test_a_page_changed_this_second_gives_no_last_modified_to_send_back(client):
    make_article(("en",), Status.PUBLISHED, title_en="Bridge closes")

    response = client.get("/en/atom/")

    assert "Last-Modified" not in response and "ETag" in response
    assert client.get("/en/atom/", headers={"if-modified-since": http_date()}).status_code == 200


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


@pytest.mark.parametrize("cache_url", ["", "redis://127.0.0.1:6379/9"])
def test_http_caching_is_on_with_or_without_a_shared_cache(cache_url):
    from tests.test_settings import django_setting

    env = {"DJANGO_DEBUG": "1"}
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = django_setting("settings.NEWSROOM_HTTP_CACHE", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_page_from_the_page_cache_counts_its_lifetimes_from_now(
    client, harbour, settings, monkeypatch
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    start = timezone.now()
    make_article(
        ("en",),
        Status.PUBLISHED,
        published_at=start + timezone.timedelta(seconds=500),
        title_en="Embargoed",
    )
    first = client.get("/en/")
    monkeypatch.setattr(timezone, "now", lambda: start + timezone.timedelta(seconds=200))

    second = client.get("/en/")

    assert second["X-Newsroom-Cache"] == "hit"
    assert "s-maxage=600" not in second["Cache-Control"]
    s_maxage = int(second["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 290 <= s_maxage <= 300
    assert first["ETag"] == second["ETag"]
