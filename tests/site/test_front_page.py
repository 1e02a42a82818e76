"""The edition's front page: only live versions of its language, newest first, paginated."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article
from tests.site.conftest import HOUR, set_state

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    # A search marks the reader's words in titles: the titles as text.
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', response.content.decode())
    return [re.sub(r"</?mark>", "", title) for title in found]


def test_front_page_lists_the_editions_published_stories_newest_first(client):
    now = timezone.now()
    make_article(("fr",), Status.PUBLISHED, published_at=now - 3 * HOUR, title_fr="Ancien")
    make_article(("fr",), Status.PUBLISHED, published_at=now - HOUR, title_fr="Récent")
    make_article(("en",), Status.PUBLISHED, title_en="English only")

    response = client.get("/fr/")

    assert response.status_code == 200
    assert titles(response) == ["Récent", "Ancien"]


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Status.DRAFT, None),
        (Status.IN_REVIEW, None),
        (Status.ARCHIVED, timezone.now() - HOUR),
        (Status.PUBLISHED, timezone.now() + HOUR),  # scheduled
    ],
    ids=["draft", "in_review", "archived", "scheduled"],
)
def test_front_page_leaves_out_versions_readers_may_not_see(client, status, published_at):
    article = make_article(("de", "en"), Status.PUBLISHED, title_de="Versteckt", title_en="Shown")
    set_state(article, "de", status, published_at)

    assert "Versteckt" not in client.get("/de/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Shown" in english
    # Nor is the hidden German version offered as "also available in".
    assert "/de/versteckt/" not in english


def test_teaser_shows_lede_time_and_only_the_other_live_languages(client, story):
    html = client.get("/en/").content.decode()

    assert "Lede of story 1 (en)." in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">', html)
    assert 'href="/fr/le-pont-du-port-rouvre/"' in html
    assert 'href="/de/hafenbrucke-wieder-offen/"' in html
    assert "/es/" + "reabre" not in html  # draft
    assert "/id/jembatan" not in html  # in review


def test_scheduled_story_appears_once_its_time_has_come(client, monkeypatch):
    now = timezone.now()
    make_article(("en",), Status.PUBLISHED, published_at=now + HOUR, title_en="Embargoed")
    assert "Embargoed" not in client.get("/en/").content.decode()

    # No job publishes it: the page filters on time, so it shows once the clock passes.
    monkeypatch.setattr(timezone, "now", lambda: now + 2 * HOUR)
    assert "Embargoed" in client.get("/en/").content.decode()


def test_front_page_is_paginated_and_pages_keep_the_search(client):
    for n in range(23):
        make_article(("en",), Status.PUBLISHED, title_en=f"Harbour news {n:02}")
    make_article(("en",), Status.PUBLISHED, title_en="Unrelated")

    first = client.get("/en/", {"q": "harbour"})
    third = client.get("/en/", {"q": "harbour", "page": 3})

    assert len(titles(first)) == 10
    assert "Page 1 of 3" in first.content.decode()
    assert 'href="?q=harbour&amp;page=2"' in first.content.decode()
    assert len(titles(third)) == 3
    assert "Unrelated" not in third.content.decode()
    assert 'href="?q=harbour&amp;page=2"' in third.content.decode()  # "newer stories"
    assert client.get("/en/", {"page": 99}).status_code == 404


def test_empty_edition_says_so(client):
    html = client.get("/id/").content.decode()
    assert "Belum ada berita yang diterbitkan di edisi ini." in html


def test_front_page_query_count_does_not_grow_with_articles_or_languages(
    client, django_assert_max_num_queries
):
    languages = ("en", "id", "fr", "es", "de")
    for _ in range(40):
        make_article(languages, Status.PUBLISHED, key_points_en="One\nTwo")

    # count + page of articles + their live versions, whatever the size of the site.
    with django_assert_max_num_queries(3):
        response = client.get("/en/", {"translated": "on", "key_points": "on", "q": "story"})
    assert len(titles(response)) == 10


def test_root_redirects_to_the_readers_language_then_english(client):
    german = client.get("/", headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"})
    unknown = client.get("/", headers={"accept-language": "ja"})
    nothing = client.get("/")

    assert german.status_code == 302
    assert german["Location"] == "/de/"
    assert unknown["Location"] == "/en/"
    assert nothing["Location"] == "/en/"
    assert "Accept-Language" in german["Vary"]


def test_front_page_declares_its_other_editions_as_alternates(client):
    html = client.get("/es/").content.decode()

    for code in ("en", "id", "fr", "es", "de"):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/">' in html
    assert '<link rel="canonical" href="http://testserver/es/">' in html


def test_canonical_of_a_page_is_itself_and_of_a_search_the_front_page(client):
    for n in range(11):
        make_article(("en",), Status.PUBLISHED, title_en=f"Harbour {n}")

    second = client.get("/en/", {"page": 2}).content.decode()
    searched = client.get("/en/", {"q": "harbour", "page": 2}).content.decode()

    assert '<link rel="canonical" href="http://testserver/en/?page=2">' in second
    assert '<link rel="canonical" href="http://testserver/en/">' in searched


def test_a_teasers_time_follows_the_edition_and_the_sites_zone(client, settings):
    # The same moment, shown again after the zone changes: the time each reader reads must
    # be the one of the edition's format and the current zone, never an earlier page's.
    moment = datetime(2026, 1, 15, 12, 30, tzinfo=UTC)
    make_article(("en", "de"), Status.PUBLISHED, published_at=moment)

    def shown(path: str) -> tuple[str, str]:
        html = client.get(path).content.decode()
        return re.search(r'<time datetime="([^"]+)">([^<]+)</time> (\S+)</p>', html).groups()[::2]

    settings.TIME_ZONE = "UTC"
    assert shown("/en/") == ("2026-01-15T12:30:00+00:00", "UTC")
    settings.TIME_ZONE = "Asia/Jakarta"
    assert shown("/en/") == ("2026-01-15T19:30:00+07:00", "WIB")
    de = client.get("/de/").content.decode()
    en = client.get("/en/").content.decode()
    assert "15. Januar 2026 19:30" in de
    assert "Jan. 15, 2026, 7:30 p.m." in en
