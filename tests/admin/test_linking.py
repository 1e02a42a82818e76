"""Linking by hand without numbers: search by title in any language, preview, confirm a
suspicious slot."""

import re

import pytest
from django.urls import reverse

from articles.models import SourceDocument
from tests.admin.helpers import unlinked_document
from tests.factories import make_article

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def link_url(article):
    return reverse("admin:articles_article_link", args=[article.pk])


def search(client, term):
    response = client.get(
        AUTOCOMPLETE,
        {
            "app_label": "articles",
            "model_name": "sourcedocument",
            "field_name": "article",
            "term": term,
        },
    )
    assert response.status_code == 200
    return [int(result["id"]) for result in response.json()["results"]]


def test_the_link_page_offers_a_search_not_a_number_box(editor_client):
    article = make_article(languages=["en"])
    page = editor_client.get(link_url(article)).content.decode()
    assert 'class="admin-autocomplete' in page
    assert 'name="other_article"' in page and 'type="number"' not in page
    assert "admin/js/autocomplete.js" in page


def test_other_articles_are_found_by_a_title_in_any_language(editor_client):
    wanted = make_article(languages=["id", "de"], title_id="Jembatan dibuka kembali")
    make_article(languages=["en"], title_en="Something else")
    assert search(editor_client, "Jembatan") == [wanted.pk]
    assert search(editor_client, "kembali") == [wanted.pk]


def test_preview_shows_the_candidates_text_and_links_nothing(editor_client):
    article = make_article(languages=["en"])
    other = make_article(
        languages=["de"], title_de="Die Brücke ist offen", body_de="Der erste Absatz."
    )
    response = editor_client.post(
        link_url(article), {"other_article": other.pk, "language": "de", "preview": "1"}
    )
    page = response.content.decode()
    assert "Die Brücke ist offen" in page and "Der erste Absatz." in page
    assert not article.versions.filter(language="de").exists()
    editor_client.post(link_url(article), {"other_article": other.pk, "language": "de"})
    assert article.versions.filter(language="de").exists()


def test_a_file_in_a_slot_of_another_language_asks_for_confirmation(editor_client):
    article = make_article(languages=["en"])
    italian = unlinked_document(language="it", title="Il ponte riapre")
    italian.confidence = 0.96
    italian.save()
    response = editor_client.post(link_url(article), {"document": italian.pk, "language": "de"})
    page = response.content.decode()
    assert "detected as Italian (confidence 0.96)" in page
    assert "German readers would get" in page
    assert not article.versions.filter(language="de").exists()
    editor_client.post(
        link_url(article), {"document": italian.pk, "language": "de", "confirm": "on"}
    )
    assert SourceDocument.objects.get(pk=italian.pk).language == "de"


def test_a_file_goes_to_its_detected_slot_without_asking(editor_client):
    article = make_article(languages=["en"])
    french = unlinked_document(language="fr")
    page = editor_client.get(link_url(article)).content.decode()
    assert "detected: fr (0.97)" in page
    editor_client.post(link_url(article), {"document": french.pk})
    assert article.versions.filter(language="fr").exists()


def test_linking_by_hand_finds_by_text_and_says_which_article_each_result_is(editor_client):
    from articles.models import Status
    from tests.factories import make_article

    target = make_article(languages=["en"])
    other = make_article(
        languages=["de", "fr"], title_de="Brücke", body_de="Die Hafenbrücke öffnet wieder."
    )
    other.versions.filter(language="fr").update(status=Status.IN_REVIEW)
    url = reverse("admin:autocomplete")
    response = editor_client.get(
        url,
        {
            "term": "Hafenbrücke",
            "app_label": "articles",
            "model_name": "sourcedocument",
            "field_name": "article",
        },
    )
    [result] = response.json()["results"]
    assert result["id"] == str(other.pk)
    assert result["text"] == f"#{other.pk} {other} · FR in review, DE draft"
    assert target.pk != other.pk


def test_the_language_slot_defaults_to_the_other_articles_only_language(editor_client):
    from tests.factories import make_article

    article = make_article(languages=["en"])
    other = make_article(languages=["de"])
    response = editor_client.post(
        reverse("admin:articles_article_link", args=[article.pk]),
        {"other_article": other.pk, "language": ""},
    )
    assert "Choose which language of the other article" not in response.content.decode()


def test_the_search_box_speaks_the_editors_language(editor_client):
    article = make_article(languages=["en"])

    page = editor_client.get(
        reverse("admin:articles_article_link", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    # select2's own messages ("Recherche en cours…", "Aucun résultat trouvé") in French.
    assert "admin/js/vendor/select2/i18n/fr.js" in page
    assert re.search(r'<select name="other_article"[^>]* lang="fr"', page)
