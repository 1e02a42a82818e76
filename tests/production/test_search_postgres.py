"""Search on PostgreSQL: the application's terms (as on SQLite), title > lede > body, current.

These need PostgreSQL's full-text search; on SQLite the portable method is
pinned by the public site's search tests instead.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Status
from articles.search import search, search_vector_column
from tests.factories import make_article
from tests.site.test_search_suggestion_leaks import (
    UNPUBLISHED_STATES,
    check_no_unpublished_word_is_suggested,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def found_titles(client, language, query):
    response = client.get(f"/{language}/", {"q": query})
    assert response.status_code == 200
    # Titles as text: a search marks the reader's words in them.
    return re.sub(r"</?mark>", "", response.content.decode())


@pytest.mark.parametrize(
    ("language", "title", "query"),
    [
        ("de", "Der Hafen öffnet wieder", "Häfen"),  # plural finds the singular
        ("de", "Neue Brücke über den Rhein", "Brücken"),
        ("id", "Pemerintah akan bangun jembatan baru", "pembangunan"),  # affixed form, root
        ("id", "Warga bangun sekolah desa", "membangun"),
        ("fr", "Un cheval gagne la course", "chevaux"),
        ("es", "La elección del alcalde", "elecciones"),
        ("en", "New bridge opens downtown", "bridges"),
    ],
)
def test_reader_finds_a_story_by_another_form_of_its_word(client, language, title, query):
    make_article(languages=(language,), status=Status.PUBLISHED, **{f"title_{language}": title})
    make_article(
        languages=(language,), status=Status.PUBLISHED, **{f"title_{language}": "Unrelated"}
    )
    page = found_titles(client, language, query)
    assert title in page
    assert "Unrelated" not in page


def test_title_match_ranks_above_lede_match_above_body_match(client):
    make_article(status=Status.PUBLISHED, title_en="Budget news", body_en="The harbour is busy.")
    make_article(status=Status.PUBLISHED, title_en="Lede news", lede_en="The harbour reopens.")
    make_article(status=Status.PUBLISHED, title_en="Harbour news")
    articles = list(search(Article.objects.edition("en"), "en", "harbour"))
    assert [a.title_en for a in articles] == ["Harbour news", "Lede news", "Budget news"]
    page = found_titles(client, "en", "harbour")
    assert page.index("Harbour news") < page.index("Lede news") < page.index("Budget news")


def test_every_word_must_match(client):
    make_article(status=Status.PUBLISHED, title_en="Harbour reopens after storm")
    make_article(status=Status.PUBLISHED, title_en="Harbour closes")
    page = found_titles(client, "en", "harbours storms")
    assert "Harbour reopens after storm" in page
    assert "Harbour closes" not in page


def test_other_languages_text_is_not_searched(client):
    make_article(
        languages=("fr", "de"),
        status=Status.PUBLISHED,
        title_fr="Le port rouvre",
        title_de="Der Hafen öffnet wieder",
    )
    assert "Le port rouvre" not in found_titles(client, "fr", "Hafen")
    assert "Le port rouvre" in found_titles(client, "fr", "port")


def test_unpublished_story_is_never_found(client):
    make_article(status=Status.IN_REVIEW, title_en="Secret harbour plan")
    assert "Secret harbour plan" not in found_titles(client, "en", "harbour")


def test_edits_are_searchable_at_once_whatever_path_wrote_them(client):
    article = make_article(status=Status.PUBLISHED, title_en="Harbour reopens")
    article.title_en = "Airport reopens"
    article.save()
    assert "Airport reopens" in found_titles(client, "en", "airport")
    assert "Airport reopens" not in found_titles(client, "en", "harbour")

    # A bulk update skips save() and every signal: as on SQLite, the rebuild indexes it.
    Article.objects.filter(pk=article.pk).update(title_en="Station reopens")
    call_command("rebuild_search_index", verbosity=0)
    assert "Station reopens" in found_titles(client, "en", "stations")


@pytest.mark.parametrize("language", ["en", "id", "fr", "es", "de"])
def test_search_uses_the_languages_gin_index(language):
    column = search_vector_column(language)
    queryset = search(Article.objects.all(), language, "hafen")
    with connection.cursor() as cursor:
        # An almost empty table: forbid the other plans so the test shows the GIN one is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"article_search_{column.removeprefix('search_vector_')}_gin" in plan, plan


def test_the_vectors_hold_the_applications_terms_stop_words_included():
    # The same terms as SQLite's index (articles.search_text), not PostgreSQL's own stemming,
    # which dropped stop words ("WHO" could never be found) and knew no "ue" for "ü".
    article = make_article(
        ("de",), Status.PUBLISHED, title_de="Die WHO warnt vor Überschwemmungen", body_de="x"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {search_vector_column('de')}::text FROM articles_article WHERE id = %s",
            [article.pk],
        )
        [vector] = cursor.fetchone()
    assert "'who':2A" in vector and "'uberschwemm':5A" in vector and "'die':1A" in vector


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_did_you_mean_offers_no_word_that_only_unpublished_text_holds(client, state):
    # "or" is an operator of websearch_to_tsquery: the whole corrected query found the
    # published word alone and offered the draft's (issue 27, point 1).
    check_no_unpublished_word_is_suggested(client, state)
