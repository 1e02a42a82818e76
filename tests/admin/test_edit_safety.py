"""Saving in the admin changes what the editor changed, and only what they may change."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, LanguageVersion, Status
from tests.admin.helpers import change_url, form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BODY = "Premier paragraphe.\n\nDeuxième paragraphe.\n\n## Intertitre\n\nTroisième."


def imported(article):
    """Mark the article's versions as the importer leaves them."""
    for version in article.versions.all():
        version.imported_checksum = version.content_checksum()
        version.save()


def test_saving_one_tab_from_a_browser_leaves_the_other_languages_untouched(editor_client):
    article = make_article(languages=["fr", "de"], body_fr=BODY, body_de="Erster.\n\nZweiter.")
    imported(article)
    LanguageVersion.objects.filter(language="fr").update(source_changed=True)
    fr_lock_version = LanguageVersion.objects.get(language="fr").lock_version

    data = form_data(editor_client, article)  # as a browser sends it: \r\n line endings
    response = editor_client.post(change_url(article), {**data, "body_de": "Erster.\r\n\r\nNeu."})

    assert response.status_code == 302
    fr = LanguageVersion.objects.get(language="fr")
    assert fr.lock_version == fr_lock_version
    assert fr.source_changed, "the French translation is still flagged as outdated"
    assert not fr.edited_since_import
    assert Article.objects.get(pk=article.pk).body_de == "Erster.\n\nNeu."


def test_translator_may_not_change_the_text_of_a_published_version(translator_client):
    article = make_article(languages=["fr", "de"], body_fr="Publié.")
    LanguageVersion.objects.filter(language="fr").update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    data = form_data(translator_client, article)

    response = translator_client.post(change_url(article), {**data, "body_fr": "Changé."})

    assert response.status_code == 200
    assert "The French version is published: only an editor may change its text" in (
        response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).body_fr == "Publié."
    # The draft German version stays theirs to edit.
    response = translator_client.post(change_url(article), {**data, "body_de": "Entwurf."})
    assert response.status_code == 302


def test_translator_may_not_change_the_slug_of_a_published_version(translator_client):
    """A published version's slug is its live URL: changing it is changing what readers see."""
    article = make_article(languages=["fr"], status=Status.PUBLISHED, body_fr="Publié.")
    slug = article.slug_fr
    data = form_data(translator_client, article)

    response = translator_client.post(change_url(article), {**data, "slug_fr": "nouvelle-adresse"})

    assert response.status_code == 200
    assert "The French version is published: only an editor may change its text" in (
        response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).slug_fr == slug


def test_editor_changes_a_published_version_through_its_working_copy(editor_client):
    article = make_article(languages=["fr"], status=Status.PUBLISHED, body_fr="Publié.")
    data = form_data(editor_client, article)
    assert (
        editor_client.post(change_url(article), {**data, "body_fr": "Corrigé."}).status_code == 302
    )
    assert Article.objects.get(pk=article.pk).body_fr == "Publié."  # until it is published
    assert article.versions.get().pending_text["body"] == "Corrigé."


def test_translator_may_not_restore_text_into_a_published_version(translator_client, editor_user):
    from articles import history

    article = make_article(languages=["fr"], status=Status.PUBLISHED, body_fr="Publié.")
    history.ensure_baseline(article)
    baseline = history.article_history(article).first()
    response = translator_client.post(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        {"version": baseline.pk, "language": "fr"},
    )
    assert response.status_code == 403


def test_clearing_the_slug_of_a_published_version_keeps_it_reachable(editor_client, client):
    article = make_article(languages=["fr"], status=Status.PUBLISHED, title_fr="Le sondage")
    data = form_data(editor_client, article)

    assert editor_client.post(change_url(article), {**data, "slug_fr": ""}).status_code == 302

    article.refresh_from_db()
    assert article.slug_fr == "le-sondage"
    assert client.get("/fr/").status_code == 200
    assert client.get(f"/fr/{article.slug_fr}/").status_code == 200


def test_detaching_a_version_keeps_an_edit_made_meanwhile_to_another_language(editor_user):
    article = make_article(languages=["fr", "de"], body_de="Alt.")
    version = LanguageVersion.objects.select_related("article").get(article=article, language="fr")
    Article.objects.filter(pk=article.pk).update(body_de="Neu, von jemand anderem.")

    services.detach_version(version=version, user=editor_user)

    assert Article.objects.get(pk=article.pk).body_de == "Neu, von jemand anderem."


def test_a_schedule_time_that_cannot_be_read_publishes_nothing(editor_client):
    article = make_article(languages=["fr"])
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "publish",
            "_selected_action": [article.pk],
            "language": "fr",
            "publish_at": "next tuesday-ish",
            "index": 0,
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "at (UTC; empty: now): Enter a valid date/time."
    ]
    assert LanguageVersion.objects.get(article=article).status == Status.DRAFT


def test_a_malformed_article_address_is_a_not_found_not_a_crash(editor_client):
    response = editor_client.get("/admin/articles/article/abc/change/")
    assert response.status_code == 302


def test_no_known_user_is_refused_published_text_rather_than_let_through(editor_user):
    from articles.roles import live_text_refused

    article = make_article(languages=["fr", "de"], status=Status.PUBLISHED)
    assert live_text_refused(None, article.pk, ["fr", "de"]) == ["de", "fr"]
    assert live_text_refused(editor_user, article.pk, ["fr", "de"]) == []
