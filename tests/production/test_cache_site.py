"""The cache on the real public pages: a reader never gets a page a change made stale."""

import datetime
import re

import pytest
from django.utils import timezone

from articles import working_copies
from articles.caching import CACHE_HEADER
from articles.importing import pipeline
from articles.models import Article, Status
from tests.factories import make_article
from tests.importing.conftest import SEED, run_import, seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def harbour():
    """A story published in English and German."""
    return make_article(
        languages=("en", "de"),
        status=Status.PUBLISHED,
        title_en="Harbour reopens",
        title_de="Hafen öffnet wieder",
    )


def unpublish(article, language):
    version = article.versions.get(language=language)
    version.status = Status.DRAFT
    version.save()


def test_unpublished_article_is_gone_from_its_page_the_front_page_and_the_feed(client, harbour):
    for url in ("/de/", "/de/hafen-offnet-wieder/", "/de/feed/"):
        assert "Hafen öffnet wieder" in client.get(url).content.decode()
        again = client.get(url)
        assert again[CACHE_HEADER] == "hit", url
        assert "Hafen öffnet wieder" in again.content.decode()

    unpublish(harbour, "de")

    assert client.get("/de/hafen-offnet-wieder/").status_code == 404
    assert "Hafen öffnet wieder" not in client.get("/de/").content.decode()
    assert "Hafen öffnet wieder" not in client.get("/de/feed/").content.decode()
    # The English edition still has it, freshly rendered.
    assert "Harbour reopens" in client.get("/en/harbour-reopens/").content.decode()


def test_unpublished_version_leaves_the_cached_sitemap_at_once(client, harbour):
    assert "/de/hafen-offnet-wieder/" in client.get("/sitemap.xml").content.decode()
    again = client.get("/sitemap.xml")
    assert again[CACHE_HEADER] == "hit"

    unpublish(harbour, "de")

    sitemap = client.get("/sitemap.xml")
    assert sitemap[CACHE_HEADER] == "miss"
    assert "/de/hafen-offnet-wieder/" not in sitemap.content.decode()
    assert "/en/harbour-reopens/" in sitemap.content.decode()


def test_scheduled_article_appears_on_the_front_page_when_its_time_comes(client, monkeypatch):
    start = timezone.now()
    make_article(
        status=Status.PUBLISHED,
        title_en="Embargoed report",
        published_at=start + timezone.timedelta(minutes=30),
    )
    monkeypatch.setattr(timezone, "now", lambda: start)
    assert "Embargoed report" not in client.get("/en/").content.decode()
    assert client.get("/en/")[CACHE_HEADER] == "hit"
    assert client.get("/en/embargoed-report/").status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: start + timezone.timedelta(minutes=31))
    assert "Embargoed report" in client.get("/en/").content.decode()
    assert client.get("/en/embargoed-report/").status_code == 200


def test_front_page_search_and_filters_are_cached_apart(client):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    make_article(status=Status.PUBLISHED, title_en="Bridge closes")
    # Titles as text: a search marks the reader's words in them.
    harbour = re.sub(r"</?mark>", "", client.get("/en/?q=Harbour").content.decode())
    bridge = re.sub(r"</?mark>", "", client.get("/en/?q=Bridge").content.decode())
    assert "Harbour reopens" in harbour and "Bridge closes" not in harbour
    assert "Bridge closes" in bridge and "Harbour reopens" not in bridge


def test_each_host_gets_pages_with_its_own_absolute_links(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.org", "www.news.example.org"]
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    url = "/en/harbour-reopens/"
    first = client.get(url, HTTP_HOST="news.example.org").content.decode()
    assert "http://news.example.org/en/harbour-reopens/" in first

    second = client.get(url, HTTP_HOST="www.news.example.org")

    assert "http://www.news.example.org/en/harbour-reopens/" in second.content.decode()
    assert "http://news.example.org/" not in second.content.decode()
    assert client.get(url, HTTP_HOST="www.news.example.org")[CACHE_HEADER] == "hit"


@pytest.fixture
def french_story_in_the_cached_feed(client, tmp_path):
    """The French seed imported, published, last updated a week ago, its feed cached;
    returns a function making a bundle of one more seed file."""

    def bundle(key):
        root = tmp_path / key
        root.mkdir()
        (root / SEED[key]).write_text(seed_text(key), encoding="utf-8")
        return root

    run_import(bundle("fr"))
    article = Article.objects.get()
    article.versions.update(status=Status.PUBLISHED, published_at=timezone.now())
    last_week = timezone.now() - datetime.timedelta(days=7)
    Article.objects.update(updated_at=last_week)
    article.versions.update(updated_at=last_week, published_at=last_week)
    assert entry_updated(client.get("/fr/atom/")) == last_week.date().isoformat()
    assert client.get("/fr/atom/")[CACHE_HEADER] == "hit"
    return bundle


def test_a_translation_imported_later_shows_in_the_cached_feed_as_an_update(
    client, french_story_in_the_cached_feed
):
    code, report = run_import(french_story_in_the_cached_feed("de"))  # joins it, as a draft

    assert code == 0
    assert report["articles"][0]["id"] == Article.objects.get().pk
    # A draft changes no reader page (articles/invalidation.py): the cached feed stays
    # valid, and the French entry keeps its own date (issue 27, point 11).
    feed = client.get("/fr/atom/")
    assert feed[CACHE_HEADER] == "hit"
    assert entry_updated(feed) == (timezone.now() - datetime.timedelta(days=7)).date().isoformat()


def test_an_import_stopped_after_its_writes_still_leaves_no_stale_page(
    client, french_story_in_the_cached_feed, monkeypatch
):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while the findings are computed

    monkeypatch.setattr(pipeline, "check_imported", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_import(french_story_in_the_cached_feed("de"))

    # The German draft it wrote shows on no reader page: the cached feed is still current.
    feed = client.get("/fr/atom/")
    assert feed[CACHE_HEADER] == "hit"
    assert entry_updated(feed) == (timezone.now() - datetime.timedelta(days=7)).date().isoformat()


def test_a_working_copy_saved_or_discarded_leaves_the_cached_pages_valid(
    client, french_story_in_the_cached_feed
):
    # Readers keep the published text while a copy waits: no page of theirs changed.
    version = Article.objects.get().versions.get(language="fr")
    copy = {**working_copies.texts_of(version), "body": "Un autre texte."}
    working_copies.save_working_copy(version=version, texts=copy, user=None)
    assert client.get("/fr/atom/")[CACHE_HEADER] == "hit"
    working_copies.discard_working_copy(version=version, user=None)
    assert client.get("/fr/atom/")[CACHE_HEADER] == "hit"


def entry_updated(response) -> str:
    """The date the feed's entry says it was updated."""
    found = re.search(r"<entry>.*?<updated>(\d{4}-\d\d-\d\d)T", response.content.decode())
    return found.group(1)


def test_front_page_searches_and_filters_are_rendered_each_time_not_stored(client, harbour):
    first = client.get("/en/?q=Harbour&translated=on")
    again = client.get("/en/?translated=on&q=Harbour")

    assert CACHE_HEADER not in first and CACHE_HEADER not in again
    assert "<mark>Harbour</mark> reopens" in again.content.decode()


def test_front_page_with_an_unknown_parameter_is_served_but_not_cached(client, harbour):
    first = client.get("/en/?utm_source=mail")
    second = client.get("/en/?utm_source=mail")

    assert "Harbour reopens" in second.content.decode()
    assert CACHE_HEADER not in first and CACHE_HEADER not in second
