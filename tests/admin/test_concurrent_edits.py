"""Two editors with the same article open: no edit silently overwrites another."""

import pytest

from articles.models import Article
from tests.admin.helpers import change_url, form_data
from tests.factories import editor, make_article

pytestmark = pytest.mark.django_db


def edit(client, article, form, **changes):
    """Post the change form as it was opened (`form`), with these fields changed."""
    return client.post(change_url(article), {**form, **changes})


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(editor(username="ana"))
    second.force_login(editor(username="budi"))
    return first, second


def test_second_save_of_the_same_language_is_refused_and_points_to_the_other_change(two_editors):
    ana, budi = two_editors
    article = make_article(languages=["fr", "de"], body_fr="Texte d'origine.")
    ana_form, budi_form = form_data(ana, article), form_data(budi, article)

    assert edit(budi, article, budi_form, body_fr="Version de Budi.").status_code == 302
    response = edit(ana, article, ana_form, body_fr="Version d'Ana.")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The French version was saved by budi" in html
    assert f"/admin/articles/article/{article.pk}/revisions/" in html
    assert Article.objects.get(pk=article.pk).body_fr == "Version de Budi."


def test_a_slug_changed_while_another_editor_saved_the_same_tab_is_a_conflict(two_editors):
    """Not a success message over a slug silently dropped: the slug is part of the tab."""
    ana, budi = two_editors
    article = make_article(languages=["fr"], body_fr="Texte.")
    ana_form, budi_form = form_data(ana, article), form_data(budi, article)
    assert edit(budi, article, budi_form, body_fr="Texte de Budi.").status_code == 302

    response = edit(ana, article, ana_form, slug_fr="adresse-d-ana")

    assert response.status_code == 200
    assert "The French version was saved by budi" in response.content.decode()
    saved = Article.objects.get(pk=article.pk)
    assert (saved.body_fr, saved.slug_fr) == ("Texte de Budi.", article.slug_fr)


def test_saving_another_language_keeps_the_other_editors_change(two_editors):
    ana, budi = two_editors
    article = make_article(languages=["fr", "de"], body_fr="Texte.", body_de="Text.")
    ana_form, budi_form = form_data(ana, article), form_data(budi, article)

    assert edit(budi, article, budi_form, body_fr="Texte corrigé.").status_code == 302
    # Ana's form still holds the old French text; she only edits the German tab.
    assert edit(ana, article, ana_form, body_de="Text, korrigiert.").status_code == 302

    article.refresh_from_db()
    assert article.body_fr == "Texte corrigé."
    assert article.body_de == "Text, korrigiert."


def test_an_edit_of_a_version_published_meanwhile_waits_as_its_working_copy(
    two_editors, editor_user
):
    from articles import services

    ana, _budi = two_editors
    article = make_article(languages=["fr"], body_fr="Texte.")
    ana_form = form_data(ana, article)
    services.publish(version=article.versions.get(), user=editor_user)

    response = edit(ana, article, ana_form, body_fr="Texte revu.")
    assert response.status_code == 302  # not refused: nothing of hers is lost
    assert Article.objects.get(pk=article.pk).body_fr == "Texte."  # readers: as published
    assert article.versions.get().pending_text["body"] == "Texte revu."


def test_the_same_text_saved_twice_is_no_conflict(two_editors):
    ana, budi = two_editors
    article = make_article(languages=["fr"], body_fr="Texte.")
    ana_form, budi_form = form_data(ana, article), form_data(budi, article)
    assert edit(budi, article, budi_form, body_fr="Même correction.").status_code == 302
    assert edit(ana, article, ana_form, body_fr="Même correction.").status_code == 302


def test_a_form_without_its_edit_token_is_refused(editor_client):
    article = make_article(languages=["fr"], body_fr="Texte.")
    data = {**form_data(editor_client, article), "body_fr": "Autre.", "edit_token": ""}
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "edit token" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body_fr == "Texte."
