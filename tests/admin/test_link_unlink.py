"""Linking a document or another article's version into an article, and detaching one."""

import pytest
from django.urls import reverse

from articles import history
from articles.models import Article, LanguageVersion, SourceDocument, Status
from tests.admin.helpers import unlinked_document
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def link_url(article):
    return reverse("admin:articles_article_link", args=[article.pk])


def detach_url(article):
    return reverse("admin:articles_article_detach", args=[article.pk])


def test_editor_links_an_unlinked_document_into_an_empty_slot(editor_client):
    article = make_article(languages=["en"])
    doc = unlinked_document(language="fr", title="Le port rouvre")
    page = editor_client.get(link_url(article)).content.decode()
    assert doc.name in page  # offered
    response = editor_client.post(link_url(article), {"document": doc.pk}, follow=True)
    assert "Linked the French version." in response.content.decode()
    article.refresh_from_db()
    assert article.title_fr == "Le port rouvre"
    assert article.versions.get(language="fr").status == Status.DRAFT
    doc.refresh_from_db()
    assert (doc.article, doc.language) == (article, "fr")
    assert doc.name not in editor_client.get(link_url(article)).content.decode()  # linked now


def test_document_goes_into_the_language_the_editor_chooses(editor_client):
    article = make_article(languages=["en"])
    doc = unlinked_document(language="ca")  # detected as a language the site does not have
    response = editor_client.post(link_url(article), {"document": doc.pk})
    assert "not a language of this site" in response.content.decode()
    editor_client.post(link_url(article), {"document": doc.pk, "language": "es", "confirm": "on"})
    assert article.versions.filter(language="es").exists()


def test_a_filled_slot_is_refused_with_a_clear_message(editor_client):
    article = make_article(languages=["fr"], body_fr="Texte à garder.")
    doc = unlinked_document(language="fr")
    response = editor_client.post(link_url(article), {"document": doc.pk})
    page = response.content.decode()
    assert "already has a version in French" in page and "replace" in page
    article.refresh_from_db()
    assert article.body_fr == "Texte à garder."
    doc.refresh_from_db()
    assert doc.article is None


def test_replacing_a_slot_keeps_the_old_text_in_history(editor_client):
    article = make_article(languages=["fr"], body_fr="Texte remplacé.")
    doc = unlinked_document(language="fr")
    editor_client.post(link_url(article), {"document": doc.pk, "replace": "on"})
    article.refresh_from_db()
    assert article.body_fr == "Premier.\n\n## Suite"
    assert LanguageVersion.objects.filter(article=article, language="fr").count() == 1
    bodies = [history.text_at(v, "fr")["body"] for v in history.article_history(article)]
    assert "Texte remplacé." in bodies
    page = editor_client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert "Linked" in page.content.decode()


def test_attaching_another_articles_version(editor_client):
    article = make_article(languages=["en"])
    other = make_article(languages=["de", "fr"], title_de="Hafen")
    response = editor_client.post(
        link_url(article), {"other_article": other.pk, "language": "de"}, follow=True
    )
    assert "Linked the German version." in response.content.decode()
    article.refresh_from_db()
    other.refresh_from_db()
    assert article.title_de == "Hafen" and other.title_de == ""
    assert list(other.versions.values_list("language", flat=True)) == ["fr"]


def test_two_versions_of_one_language_are_refused(editor_client):
    article = make_article(languages=["de"])
    other = make_article(languages=["de", "fr"])
    response = editor_client.post(link_url(article), {"other_article": other.pk, "language": "de"})
    assert "already has a version in German" in response.content.decode()
    assert other.versions.count() == 2 and article.versions.count() == 1


def test_detaching_a_version_into_its_own_article(editor_client):
    article = make_article(languages=["en", "fr"], title_fr="Une autre histoire")
    response = editor_client.post(detach_url(article), {"language": "fr"}, follow=True)
    new = Article.objects.exclude(pk=article.pk).get()
    assert f"The French version is now article #{new.pk}." in response.content.decode()
    assert new.title_fr == "Une autre histoire"
    assert list(article.versions.values_list("language", flat=True)) == ["en"]


def test_translator_may_neither_link_nor_detach(translator_client):
    article = make_article(languages=["en", "fr"])
    doc = unlinked_document(language="de")
    change = translator_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Link a version" not in change.content.decode()
    assert translator_client.get(link_url(article)).status_code == 403
    assert translator_client.post(link_url(article), {"document": doc.pk}).status_code == 403
    assert translator_client.post(detach_url(article), {"language": "fr"}).status_code == 403
    assert article.versions.count() == 2
    assert SourceDocument.objects.get(pk=doc.pk).article is None


def test_editor_sees_the_link_button(editor_client):
    article = make_article(languages=["en"])
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Link a version" in change.content.decode()
