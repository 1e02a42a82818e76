"""A word in thousands of stories: the page ranks the newest matches and says "more than".

The cap is set low so the tests stay small. On SQLite the newest matches are found
one of two ways, by the number of matches (`articles.search.SORT_AT_MOST`): both run.
"""

import re

import pytest
from django.test import override_settings
from django.utils import timezone

from articles import search as search_module
from articles.models import Status
from tests.factories import make_article
from tests.site.test_search_results import heading, page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cap")]

CAP = 3


@pytest.fixture(params=["sort the matches", "walk the stories"])
def cap(request, monkeypatch):
    if request.param == "walk the stories":
        monkeypatch.setattr(search_module, "SORT_AT_MOST", 0)
    with override_settings(NEWSROOM_SEARCH_MAX_RESULTS=CAP):
        yield


def days_ago(days: int):
    return timezone.now() - timezone.timedelta(days=days)


def titles(html: str) -> list[str]:
    # A search marks the reader's words in titles: the titles as text.
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", title) for title in found]


def test_over_the_cap_the_newest_matches_are_ranked_and_the_page_says_more(client):
    # Two older stories have the word in their title, so they would rank first.
    make_article(("en",), Status.PUBLISHED, days_ago(9), title_en="Harbour in the title")
    for n in range(4, 0, -1):
        make_article(
            ("en",),
            Status.PUBLISHED,
            days_ago(n),
            title_en=f"Story {n}",
            body_en="News from the harbour.",
        )
    make_article(
        ("en",), Status.PUBLISHED, days_ago(5), title_en="Harbour news, newer", body_en="Harbour."
    )
    make_article(("en",), Status.PUBLISHED, days_ago(0), title_en="Unrelated")
    html = page(client, "en", "harbour")
    assert heading(html) == "More than 3 results for “harbour”"
    # The four newest matches (the cap and the one that tells there are more), alike in
    # rank so newest first; the two title matches, older than all four, are not ranked.
    assert titles(html) == ["Story 1", "Story 2", "Story 3", "Story 4"]


def test_the_best_match_among_the_newest_comes_first(client):
    for n in range(6, 0, -1):
        make_article(
            ("en",),
            Status.PUBLISHED,
            days_ago(n),
            title_en=f"Story {n}",
            body_en="News from the harbour.",
        )
    make_article(("en",), Status.PUBLISHED, days_ago(2), title_en="Harbour reopens")
    html = page(client, "en", "harbour")
    assert heading(html) == "More than 3 results for “harbour”"
    assert titles(html) == ["Harbour reopens", "Story 1", "Story 2", "Story 3"]


def test_unpublished_matches_are_never_counted_or_shown_over_the_cap(client):
    for n in range(1, 4):
        make_article(("fr",), Status.PUBLISHED, days_ago(n), title_fr=f"Enquête {n}")
    make_article(("fr",), Status.DRAFT, title_fr="Enquête secrète")
    make_article(
        ("fr",),
        Status.PUBLISHED,
        timezone.now() + timezone.timedelta(days=1),
        title_fr="Enquête de demain",
    )
    html = page(client, "fr", "enquete")
    # Three published: at the cap, not over it.
    assert heading(html) == "3 résultats pour « enquete »"
    assert sorted(titles(html)) == ["Enquête 1", "Enquête 2", "Enquête 3"]
    make_article(("fr",), Status.PUBLISHED, days_ago(4), title_fr="Enquête 4")
    html = page(client, "fr", "enquete")
    assert heading(html) == "Plus de 3 résultats pour « enquete »"
    assert "secrète" not in html and "demain" not in html


@override_settings(NEWSROOM_SEARCH_MAX_RESULTS=12)
def test_pagination_pages_through_the_newest_matches_only(client):
    for n in range(15, 0, -1):
        make_article(("en",), Status.PUBLISHED, days_ago(n), title_en=f"Harbour {n}")
    assert heading(page(client, "en", "harbour")) == "More than 12 results for “harbour”"
    assert titles(page(client, "en", "harbour", page=2)) == [
        "Harbour 11",
        "Harbour 12",
        "Harbour 13",
    ]


def test_another_editions_count_over_the_cap_says_more_than(client):
    for n in range(1, 6):
        make_article(("de",), Status.PUBLISHED, days_ago(n), title_de=f"Umfrage {n}")
    make_article(("es",), Status.PUBLISHED, title_es="La umfrage")
    make_article(("fr",), Status.PUBLISHED, title_fr="Autre chose")
    html = page(client, "fr", "umfrage")
    other = re.search(r'<p class="other-editions">(.*?)</p>', html, re.S).group(1)
    assert re.findall(r'hreflang="(\w+)">([^<]+)</a>', other) == [
        ("es", "1 en espagnol"),
        ("de", "plus de 3 en allemand"),
    ]


def test_a_date_filter_applies_before_the_cap(client):
    for n in range(1, 8):
        make_article(("en",), Status.PUBLISHED, days_ago(n), title_en=f"Harbour {n}")
    until = days_ago(4).date().isoformat()
    html = page(client, "en", "harbour", until=until)
    # The newest matches published until then, not the newest matches of all time.
    assert titles(html) == ["Harbour 4", "Harbour 5", "Harbour 6", "Harbour 7"]
