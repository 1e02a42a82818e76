"""Reader search on either database: accents and case optional, stemming per language, ranked.

These run on SQLite (the FTS5 index) and, in CI's PostgreSQL pass, on
PostgreSQL (the unaccent configurations): the same expectations on both.
"""

import html
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, Status
from articles.search import found_ids, search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def found(client, language, query) -> list[str]:
    response = client.get(f"/{language}/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    # A search marks the reader's words in titles: the titles as text.
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', page)
    return [html.unescape(re.sub(r"</?mark>", "", title)) for title in found]


ACCENTED = [
    ("fr", "Les enquêtes de l'Élysée", ["enquete", "elysee", "ENQUÊTE"]),
    ("es", "Los médicos de Córdoba", ["medico", "cordoba", "MÉDICOS"]),
    ("de", "Müller prüft die Häfen", ["muller", "pruft", "hafen"]),
    ("id", "Kafe di Bogor menyajikan crème brûlée", ["creme", "brulee", "KAFE"]),
]


@pytest.mark.parametrize(
    ("language", "title", "query"),
    [(language, title, query) for language, title, queries in ACCENTED for query in queries],
)
def test_a_query_without_accents_finds_accented_words(client, language, title, query):
    make_article((language,), Status.PUBLISHED, **{f"title_{language}": title})
    make_article((language,), Status.PUBLISHED, **{f"title_{language}": "Unrelated"})
    assert found(client, language, query) == [title]


@pytest.mark.parametrize(
    ("language", "title", "query"),
    [
        ("fr", "Une enquete sur le vin", "enquêtes"),
        ("es", "El medico de Cordoba", "Médicos"),
        ("de", "Muller und die Hafen", "Müller"),
        ("id", "Kafe menyajikan creme brulee", "crème"),
    ],
)
def test_a_query_with_accents_finds_words_written_without(client, language, title, query):
    make_article((language,), Status.PUBLISHED, **{f"title_{language}": title})
    assert found(client, language, query) == [title]


@pytest.mark.parametrize(
    ("language", "title", "query"),
    [
        ("de", "Neue Umfrage zur Wahl", "Umfragen"),
        ("fr", "Un cheval gagne la course", "chevaux"),
        ("es", "La elección del alcalde", "elecciones"),
        ("id", "Pemerintah akan bangun jembatan baru", "pembangunan"),
        ("en", "New bridge opens downtown", "bridges"),
    ],
)
def test_another_form_of_the_word_still_finds_it(client, language, title, query):
    make_article((language,), Status.PUBLISHED, **{f"title_{language}": title})
    assert found(client, language, query) == [title]


def test_title_match_ranks_above_lede_match_above_body_match(client):
    make_article(status=Status.PUBLISHED, title_en="Budget news", body_en="The harbour is busy.")
    make_article(status=Status.PUBLISHED, title_en="Lede news", lede_en="The harbour reopens.")
    make_article(status=Status.PUBLISHED, title_en="Harbour news")
    assert found(client, "en", "harbour") == ["Harbour news", "Lede news", "Budget news"]


def test_search_never_widens_the_callers_queryset():
    shown = make_article(status=Status.PUBLISHED, title_en="Harbour one")
    make_article(status=Status.PUBLISHED, title_en="Harbour two")
    make_article(status=Status.IN_REVIEW, title_en="Harbour draft")
    narrowed = Article.objects.edition("en").filter(pk=shown.pk)
    assert list(search(narrowed, "en", "harbour")) == [shown]
    assert search(Article.objects.edition("en"), "en", "harbour").count() == 2


def test_found_ids_are_the_searchs_articles_in_its_order():
    # What the front page pages through (`found_ids`) is what `search()` finds, ranked the
    # same way: title > lede > body, equal ranks newest first, one of them over the cap.
    now = timezone.now()
    for days, texts in [
        (5, {"title_en": "Harbour old"}),
        (4, {"body_en": "The harbour."}),
        (3, {"lede_en": "The harbour."}),
        (2, {"body_en": "The harbour."}),
        (1, {"lede_en": "The harbour."}),
        (0, {"body_en": "The harbour."}),
    ]:
        make_article(status=Status.PUBLISHED, published_at=now - timedelta(days=days), **texts)
    edition = Article.objects.edition("en", now)
    with override_settings(NEWSROOM_SEARCH_MAX_RESULTS=4):
        ids = found_ids(edition, "en", "harbour")
        assert ids == [article.pk for article in search(edition, "en", "harbour")]
    ranked = [Article.objects.get(pk=pk) for pk in ids]
    where = ["lede" if "harbour" in a.lede_en else "body" for a in ranked]
    assert where == ["lede", "lede", "body", "body", "body"]
    assert ids[0] > ids[1] and ids[2] > ids[3] > ids[4]  # equal ranks: newest first


def test_only_punctuation_finds_nothing_and_does_not_fail(client):
    make_article(status=Status.PUBLISHED, title_en="Harbour")
    assert found(client, "en", '"*-"') == []
