"""History through the admin: edits recorded with who and what, diffs, restoring one language."""

import pytest
from django.urls import reverse

from articles import history, services
from articles.admin.activity import describe
from articles.models import Status
from tests.admin.helpers import change_url, finding, form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def save(client, article, **changes):
    response = client.post(change_url(article), {**form_data(client, article), **changes})
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()


def test_an_edit_is_recorded_with_its_author_and_the_text_before(editor_client, editor_user):
    article = make_article(languages=["en", "fr"], body_fr="Avant.")
    save(editor_client, article, body_fr="Après.")
    assert article.body_fr == "Après."
    latest, baseline = list(history.article_history(article))[:2]
    assert latest.revision.user == editor_user
    assert history.text_at(latest, "fr")["body"] == "Après."
    assert history.text_at(baseline, "fr")["body"] == "Avant."
    assert article.versions.get(language="fr").updated_by == editor_user


def test_state_changes_are_in_the_history(editor_client):
    article = make_article(languages=["fr"])
    editor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "publish", "language": "fr", "confirmed": "1"},
    )
    page = editor_client.get(revisions_url(article)).content.decode()
    assert "Published French for" in page and "editor" in page


def test_the_diff_shows_what_changed_in_one_language(editor_client):
    article = make_article(languages=["en", "fr"], body_fr="Ligne gardée.\nLigne ancienne.")
    save(editor_client, article, body_fr="Ligne gardée.\nLigne <nouvelle>.")
    baseline = history.article_history(article).last()
    response = editor_client.get(revisions_url(article), {"language": "fr", "version": baseline.pk})
    page = response.content.decode()
    # Word by word: only the word that changed is struck and added, escaped.
    assert "Ligne gardée.\nLigne <del>ancienne.</del><ins>&lt;nouvelle&gt;.</ins>" in page
    assert "1 word differs" in page


def test_restoring_one_language_keeps_the_others(editor_client):
    article = make_article(languages=["en", "fr"], body_en="Old English.", body_fr="Ancien.")
    save(editor_client, article, body_en="New English.", body_fr="Nouveau.")
    baseline = history.article_history(article).last()
    response = editor_client.post(
        revisions_url(article), {"version": baseline.pk, "language": "fr"}, follow=True
    )
    assert "Restored the French text" in response.content.decode()
    article.refresh_from_db()
    assert article.body_fr == "Ancien." and article.body_en == "New English."
    assert "Restored French from" in describe(
        history.article_history(article).first().revision.comment
    )


def test_restore_does_not_change_the_state(editor_client):
    article = make_article(languages=["fr"], status=Status.PUBLISHED, body_fr="Un.")
    save(editor_client, article, body_fr="Deux.")
    baseline = history.article_history(article).last()
    editor_client.post(revisions_url(article), {"version": baseline.pk, "language": "fr"})
    assert article.versions.get().is_live


def test_a_revision_of_another_article_cannot_be_restored(editor_client):
    article = make_article(languages=["fr"])
    other = make_article(languages=["fr"])
    save(editor_client, other, body_fr="Autre.")
    foreign = history.article_history(other).first()
    response = editor_client.post(
        revisions_url(article), {"version": foreign.pk, "language": "fr"}, follow=True
    )
    assert "does not belong to this article" in response.content.decode()


def test_saving_the_source_flags_the_translations_as_outdated(editor_client):
    article = make_article(languages=["en", "fr", "de"])
    article.source_language = "en"
    article.save()
    save(editor_client, article, body_en="The corrected English text.")
    assert article.versions.get(language="fr").source_changed
    assert article.versions.get(language="de").source_changed
    page = editor_client.get(reverse("admin:articles_article_review", args=[article.pk]))
    assert "source changed since translated" in page.content.decode()
    save(editor_client, article, body_fr="Le texte français revu.")
    assert not article.versions.get(language="fr").source_changed
    assert article.versions.get(language="de").source_changed


def test_saving_an_unchanged_form_flags_nothing(editor_client):
    article = make_article(languages=["en", "fr"])
    article.source_language = "en"
    article.save()
    save(editor_client, article)
    assert not article.versions.get(language="fr").source_changed


def test_translator_edits_text_but_not_state(translator_client):
    article = make_article(languages=["fr"])
    save(translator_client, article, body_fr="Traduit.", **{"versions-0-status": "published"})
    assert article.body_fr == "Traduit."
    assert article.versions.get().status == Status.DRAFT


def test_editor_sees_findings_on_the_edit_form(editor_client):
    article = make_article(languages=["fr"])
    finding(article.versions.get(), paragraph=0, message="Chiffre absent.")
    page = editor_client.get(change_url(article)).content.decode()
    assert "Open editorial findings" in page and "Chiffre absent." in page


def test_restoring_text_keeps_the_state_the_version_has_now(editor_client, editor_user):
    """A revision also recorded the version's state then (draft): restoring its text must
    not send a version now in review back to draft (an editor's restore: the version in
    review is locked for its translator)."""
    article = make_article(languages=["fr"], body_fr="Version un.")
    save(editor_client, article, body_fr="Version deux.")
    services.submit_for_review(version=article.versions.get(), user=editor_user)
    baseline = history.article_history(article).last()
    editor_client.post(revisions_url(article), {"version": baseline.pk, "language": "fr"})
    article.refresh_from_db()
    assert article.body_fr == "Version un."
    assert article.versions.get().status == Status.IN_REVIEW


def test_the_history_opens_on_the_language_asked_for_and_lists_its_changes_only(editor_client):
    article = make_article(languages=["en", "fr"], body_en="English.", body_fr="Openai dit.")
    article.source_language = "fr"
    article.save()
    save(editor_client, article, body_en="English, edited.")
    save(editor_client, article, body_fr="OpenAI dit.")
    url = revisions_url(article)
    assert editor_client.get(url).context["language"] == "fr"  # the source, not English
    french = editor_client.get(url, {"language": "fr"}).context["revisions"]
    everything = editor_client.get(url, {"language": "fr", "all": "1"}).context["revisions"]
    assert len(everything) == 3
    # The French edit and where the history starts; not the English edit.
    assert [e.pk for e in french] == [everything[0].pk, everything[2].pk]
    english = editor_client.get(url, {"language": "en"}).context["revisions"]
    assert [e.pk for e in english] == [everything[1].pk, everything[2].pk]
    page = editor_client.get(url, {"language": "fr", "version": everything[2].pk}).content.decode()
    assert "<del>Openai</del><ins>OpenAI</ins> dit." in page


def test_history_recorded_in_english_words_becomes_structured():
    from importlib import import_module

    migration = import_module("articles.migrations.0014_structured_history")
    assert migration.structured("Published fr for 2026-12-03 08:00 UTC") == {
        "action": "published",
        "language": "fr",
        "when": "2026-12-03T08:00:00+00:00",
    }
    assert migration.structured("Undid: Sent es back: Too long")["undone"] == {
        "action": "sent_back",
        "language": "es",
        "note": "Too long",
    }
    assert migration.structured("Something else") is None


@pytest.mark.parametrize("posted", ["abc", "", "١٢"])
def test_a_malformed_history_entry_to_restore_is_named_in_a_message(editor_client, posted):
    article = make_article(languages=["fr"], body_fr="Un.")
    response = editor_client.post(
        revisions_url(article), {"version": posted, "language": "fr"}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not an entry of this article" in page and "invalid literal" not in page
    article.refresh_from_db()
    assert article.body_fr == "Un."


def test_a_malformed_history_entry_to_show_is_ignored(editor_client):
    article = make_article(languages=["fr"], body_fr="Un.")
    assert editor_client.get(revisions_url(article) + "?version=abc").status_code == 200
