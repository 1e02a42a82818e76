"""The front page's search box and filters: in the URL, in the edition's language only."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Status
from articles.search import search
from tests.factories import make_article
from tests.site.conftest import set_state

pytestmark = pytest.mark.django_db
DAY = timezone.timedelta(days=1)


def titles(response) -> list[str]:
    # A search marks the reader's words in titles: the titles as text.
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', response.content.decode())
    return [re.sub(r"</?mark>", "", title) for title in found]


def test_search_matches_title_lede_or_body_in_the_editions_language(client):
    make_article(("fr",), Status.PUBLISHED, title_fr="Marché du vin")
    make_article(("fr",), Status.PUBLISHED, title_fr="Météo", lede_fr="Le vin gèle.")
    make_article(("fr",), Status.PUBLISHED, title_fr="Sport", body_fr="Une cave à vin.")
    make_article(("fr",), Status.PUBLISHED, title_fr="Politique")
    # German text containing the word must not surface in the French edition.
    make_article(("fr", "de"), Status.PUBLISHED, title_fr="Autre", title_de="vin")

    found = titles(client.get("/fr/", {"q": "vin"}))

    assert sorted(found) == ["Marché du vin", "Météo", "Sport"]


def test_every_word_of_the_query_must_match(client):
    make_article(("en",), Status.PUBLISHED, title_en="Bridge closed", lede_en="In Hamburg.")
    make_article(("en",), Status.PUBLISHED, title_en="Bridge opened", lede_en="In Lagos.")

    assert titles(client.get("/en/", {"q": "bridge hamburg"})) == ["Bridge closed"]
    assert titles(client.get("/en/", {"q": "BRIDGE"})) == ["Bridge opened", "Bridge closed"]


def test_search_never_finds_an_unpublished_version(client):
    article = make_article(("en", "de"), Status.PUBLISHED, title_en="Secret plan")
    set_state(article, "en", Status.IN_REVIEW)

    html = client.get("/en/", {"q": "secret"}).content.decode()

    assert titles(client.get("/en/", {"q": "secret"})) == []
    assert "No results" in html


def test_search_interface_narrows_the_queryset_it_is_given():
    make_article(("en",), Status.PUBLISHED, title_en="Rain in Paris")
    make_article(("en",), Status.DRAFT, title_en="Rain in Rome")

    found = search(Article.objects.edition("en"), "en", "  rain  ")

    assert [a.title_en for a in found] == ["Rain in Paris"]
    assert search(Article.objects.edition("en"), "en", "").count() == 1


def test_date_range_filter_keeps_stories_published_within_it(client):
    now = timezone.now()
    make_article(("en",), Status.PUBLISHED, published_at=now - 10 * DAY, title_en="Old")
    make_article(("en",), Status.PUBLISHED, published_at=now - 3 * DAY, title_en="Middle")
    make_article(("en",), Status.PUBLISHED, published_at=now - DAY / 24, title_en="New")
    since = (now - 5 * DAY).date().isoformat()
    until = (now - 2 * DAY).date().isoformat()

    assert titles(client.get("/en/", {"since": since, "until": until})) == ["Middle"]
    assert titles(client.get("/en/", {"since": since})) == ["New", "Middle"]


def test_an_invalid_date_is_ignored_and_the_page_says_so(client):
    # Issue 30, point 8: "?since=2026-13-01" emptied the list and was echoed into the
    # <input type="date"> (the only Nu checker errors).
    make_article(("en",), Status.PUBLISHED, title_en="Anything", key_points_en="A point")
    make_article(("en",), Status.PUBLISHED, title_en="No points")

    response = client.get("/en/", {"since": "2026-13-01", "key_points": "on"})

    html = response.content.decode()
    assert titles(response) == ["Anything"]  # the other filter still applies
    assert (
        "“2026-13-01” is not a valid value for “Published from”: that filter was ignored." in html
    )
    assert 'value="2026-13-01"' not in html
    assert "Enter a valid date." not in html


def test_key_points_filter(client):
    make_article(("en",), Status.PUBLISHED, title_en="With", key_points_en="A point")
    make_article(("en",), Status.PUBLISHED, title_en="Without")

    assert titles(client.get("/en/", {"key_points": "on"})) == ["With"]
    assert sorted(titles(client.get("/en/"))) == ["With", "Without"]


def test_available_in_another_language_counts_only_live_versions(client):
    make_article(("en", "fr"), Status.PUBLISHED, title_en="Bilingual")
    draft_fr = make_article(("en", "fr"), Status.PUBLISHED, title_en="French is a draft")
    set_state(draft_fr, "fr", Status.DRAFT)
    make_article(("en",), Status.PUBLISHED, title_en="English only")

    assert titles(client.get("/en/", {"translated": "on"})) == ["Bilingual"]


def test_source_filter_matches_the_attribution_in_this_language(client):
    make_article(("en",), Status.PUBLISHED, title_en="Wire", source_attribution_en="Reuters")
    make_article(("en",), Status.PUBLISHED, title_en="Own", source_attribution_en="Staff")

    assert titles(client.get("/en/", {"source": "reuters"})) == ["Wire"]


def test_filters_are_kept_in_the_form_so_the_url_can_be_shared(client):
    html = client.get("/en/", {"q": "bridge", "key_points": "on"}).content.decode()

    assert re.search(r'<input type="search" name="q" value="bridge"', html)
    assert re.search(r'<input type="checkbox" name="key_points"[^>]* checked', html)
    assert '<details class="filters" open>' in html


def test_a_filter_up_to_the_last_representable_day_lists_every_story(client):
    # One day after 9999-12-31 does not exist: this was an anonymous 500.
    make_article(("fr",), Status.PUBLISHED, title_fr="Dernière")

    response = client.get("/fr/", {"since": "0001-01-01", "until": "9999-12-31"})

    assert response.status_code == 200
    assert titles(response) == ["Dernière"]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_limit_dates_in_a_far_time_zone_still_list_every_story(client, settings, zone):
    # 0001-01-01 at midnight in UTC+14 is still year 0 in UTC, the day after
    # 9999-12-31 in UTC-11 is year 10000: neither exists, so neither is a bound.
    settings.TIME_ZONE = zone
    make_article(("en",), Status.PUBLISHED, title_en="Any time")

    response = client.get("/en/", {"since": "0001-01-01", "until": "9999-12-31"})

    assert response.status_code == 200
    assert titles(response) == ["Any time"]


# Values a crafted query string may hold: dates at and past the limits, huge
# page numbers, NULs, very long values, any text at all.
FILTER_NAMES = ["q", "since", "until", "key_points", "translated", "source", "page", "junk"]
EDGE_VALUES = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0000-00-00",
    "9999-12-31T23:59:59",
    "2026-02-30",
    "-1",
    "0",
    "last",
    str(10**30),
    "1e309",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "ü" * 3000,
    "%00",
    "on",
    "",
]
filter_value = st.sampled_from(EDGE_VALUES) | st.text(max_size=60)


@given(
    language=st.sampled_from(["en", "id", "fr", "es", "de"]),
    query=st.dictionaries(st.sampled_from(FILTER_NAMES), filter_value, max_size=5),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_query_string_makes_the_front_page_fail(language, query):
    response = Client().get(f"/{language}/", query)

    assert response.status_code in (200, 400, 404), (query, response.status_code)


def test_a_checkbox_filters_label_follows_its_box_without_a_colon(client):
    make_article(("fr",), Status.PUBLISHED, title_fr="Météo")
    page = client.get("/fr/").content.decode()
    # "☐ Avec points clés", not "☐ Avec points clés :" (a colon announces a field to come).
    assert re.search(r'<label for="id_key_points">[^<]*[^\s:]</label>', page)
    # Text fields keep theirs, in the edition's typography ("Source :").
    assert re.search(r'<label for="id_source">[^<]*\s:</label>', page)
