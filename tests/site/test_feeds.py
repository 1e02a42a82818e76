"""RSS and Atom per edition, parsed the way a feed reader would (feedparser)."""

import feedparser
import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article
from tests.site.conftest import HOUR, set_state

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(("url", "version"), [("/fr/feed/", "rss20"), ("/fr/atom/", "atom10")])
def test_feed_is_valid_and_holds_only_the_editions_live_versions(client, story, url, version):
    make_article(("fr",), Status.DRAFT, title_fr="Brouillon")
    make_article(
        ("fr",), Status.PUBLISHED, published_at=timezone.now() + HOUR, title_fr="Plus tard"
    )
    make_article(("en",), Status.PUBLISHED, title_en="English only")

    _response, feed = parse(client, url)

    assert feed.version == version
    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == ["Le pont du port rouvre"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/fr/le-pont-du-port-rouvre/"
    assert entry.summary == "Lede of story 1 (fr)."
    assert entry.published_parsed is not None


def test_atom_feed_declares_the_editions_language(client, story):
    response, feed = parse(client, "/de/atom/")

    assert 'xml:lang="de"' in response.content.decode()
    assert [entry.title for entry in feed.entries] == ["Hafenbrücke wieder offen"]


def test_feed_title_is_in_the_editions_language(client, story):
    _, feed = parse(client, "/de/feed/")
    assert feed.feed.title == "Newsroom: die neuesten Artikel"


def test_feed_drops_a_version_once_it_is_unpublished(client, story):
    set_state(story, "de", Status.ARCHIVED, timezone.now() - HOUR)

    _, feed = parse(client, "/de/feed/")

    assert feed.entries == []


def test_feed_is_newest_first_and_bounded(client):
    now = timezone.now()
    for n in range(35):
        make_article(("en",), Status.PUBLISHED, published_at=now - n * HOUR, title_en=f"N{n}")

    _, feed = parse(client, "/en/feed/")

    assert len(feed.entries) == 30
    assert feed.entries[0].title == "N0"
    assert feed.entries[-1].title == "N29"


def test_feed_query_count_is_fixed(client, django_assert_max_num_queries):
    for _ in range(40):
        make_article(("en", "id", "fr", "es", "de"), Status.PUBLISHED)

    with django_assert_max_num_queries(1):
        response = client.get("/es/feed/")
    assert len(feedparser.parse(response.content).entries) == 30
