"""The workflow services: state changes, publishing rules, outdated flags, linking, restore."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import history, services
from articles.admin.activity import describe
from articles.models import (
    Article,
    LanguageVersion,
    Status,
    localized,
)
from tests.admin.helpers import finding, unlinked_document
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def version(article, language):
    return article.versions.get(language=language)


def blocking_finding(v, **kwargs):
    return finding(v, **kwargs)


def test_draft_goes_to_review_then_live_and_readers_see_it(editor_user):
    article = make_article(languages=["fr"])
    services.submit_for_review(version=version(article, "fr"), user=editor_user)
    assert version(article, "fr").status == Status.IN_REVIEW
    services.publish(version=version(article, "fr"), user=editor_user)
    assert list(Article.objects.published("fr")) == [article]
    assert version(article, "fr").updated_by == editor_user


def test_publishing_at_a_future_time_schedules_without_showing_it_yet(editor_user):
    article = make_article(languages=["fr"])
    at = timezone.now() + timedelta(days=1)
    v = services.publish(version=version(article, "fr"), user=editor_user, at=at)
    assert v.display_status == "scheduled"
    assert not Article.objects.published("fr").exists()
    assert Article.objects.published("fr", now=at + timedelta(seconds=1)).get() == article


def test_an_empty_version_cannot_be_published(editor_user):
    article = make_article(languages=["fr"], body_fr="")
    with pytest.raises(ValidationError, match="no body"):
        services.publish(version=version(article, "fr"), user=editor_user)
    assert version(article, "fr").status == Status.DRAFT


def test_blocking_findings_need_a_reason_which_is_recorded(editor_user):
    article = make_article(languages=["fr"])
    blocking_finding(version(article, "fr"))
    with pytest.raises(ValidationError, match="blocking"):
        services.publish(version=version(article, "fr"), user=editor_user)
    assert version(article, "fr").status == Status.DRAFT
    services.publish(
        version=version(article, "fr"), user=editor_user, override_reason="Checked with the desk"
    )
    v = version(article, "fr")
    assert v.is_live and v.override_reason == "Checked with the desk"
    assert "Checked with the desk" in describe(
        history.article_history(article).first().revision.comment
    )


def test_dismissed_blocking_findings_do_not_block(editor_user):
    article = make_article(languages=["fr"])
    blocking_finding(
        version(article, "fr"),
        dismissed_at=timezone.now(),
        dismissed_by=editor_user,
        dismiss_reason="fine",
    )
    assert services.publish(version=version(article, "fr"), user=editor_user).is_live


def test_unpublish_and_archive(editor_user):
    article = make_article(languages=["fr"], status=Status.PUBLISHED)
    services.unpublish(version=version(article, "fr"), user=editor_user)
    assert version(article, "fr").status == Status.DRAFT
    assert not Article.objects.published("fr").exists()
    with pytest.raises(ValidationError, match="not published"):
        services.unpublish(version=version(article, "fr"), user=editor_user)
    services.archive(version=version(article, "fr"), user=editor_user)
    assert version(article, "fr").status == Status.ARCHIVED


def test_a_stale_revision_is_refused(editor_user):
    article = make_article(languages=["fr"])
    v = version(article, "fr")
    services.submit_for_review(version=v, user=editor_user, lock_version=v.lock_version)
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.publish(version=v, user=editor_user, lock_version=v.lock_version)


def test_publishing_fills_a_missing_slug_from_the_title(editor_user):
    article = make_article(languages=["fr"], title_fr="Le Grand Titre", slug_fr="")
    services.publish(version=version(article, "fr"), user=editor_user)
    article.refresh_from_db()
    assert article.slug_fr == "le-grand-titre"


def edit(article, user, **texts):
    """What the admin's change form does: save the text in one recorded change."""
    with history.change(article, user=user, comment="edit"):
        before = services.text_checksums(article)
        for name, value in texts.items():
            field, _, code = name.rpartition("_")
            setattr(article, localized(field, code), value)
        article.save()
        return services.article_text_changed(article=article, before=before, user=user)


def test_a_change_to_the_source_flags_the_other_versions_until_reviewed(editor_user):
    article = make_article(languages=["en", "fr", "de"])
    services.mark_source(article=article, language="en", user=editor_user)
    assert edit(article, editor_user, body_en="A corrected body.") == ["en"]
    assert not version(article, "en").source_changed
    assert version(article, "fr").source_changed and version(article, "de").source_changed
    services.mark_reviewed(version=version(article, "fr"), user=editor_user)
    assert not version(article, "fr").source_changed
    edit(article, editor_user, body_de="Ein korrigierter Text.")  # saving it reviews it
    assert not version(article, "de").source_changed


def test_a_change_to_a_translation_flags_nothing(editor_user):
    article = make_article(languages=["en", "fr"])
    services.mark_source(article=article, language="en", user=editor_user)
    edit(article, editor_user, body_fr="Nouveau texte.")
    assert not version(article, "en").source_changed


def test_typing_text_in_a_new_language_creates_its_draft(editor_user):
    article = make_article(languages=["en"])
    edit(article, editor_user, title_es="Título", body_es="Cuerpo.")
    assert version(article, "es").status == Status.DRAFT


def test_restoring_one_language_leaves_the_others_alone(editor_user):
    article = make_article(languages=["en", "fr"], body_en="English one.", body_fr="Français un.")
    edit(article, editor_user, body_en="English two.", body_fr="Français deux.")
    first = history.article_history(article).last()  # the baseline before the edit
    assert history.text_at(first, "fr")["body"] == "Français un."
    edit(article, editor_user, body_en="English three.")
    services.restore_text(
        article=article, language="fr", history_entry_id=first.pk, user=editor_user
    )
    article.refresh_from_db()
    assert article.body_fr == "Français un."
    assert article.body_en == "English three."


def test_linking_a_document_fills_an_empty_slot(editor_user):
    article = make_article(languages=["en"])
    doc = unlinked_document()
    v = services.link_document(article=article, document=doc, user=editor_user)
    article.refresh_from_db()
    assert v.language == "fr" and v.status == Status.DRAFT
    assert article.title_fr == "Titre lié" and article.slug_fr == "titre-lie"
    assert article.body_fr == "Premier.\n\n## Suite"
    assert article.key_points_fr == "Un\nDeux" and article.source_attribution_fr == "Agence"
    doc.refresh_from_db()
    assert doc.article == article and doc.language == "fr"


def test_a_filled_slot_is_not_overwritten_unless_replace_is_chosen(editor_user):
    article = make_article(languages=["fr"], body_fr="Le texte d'avant.")
    with pytest.raises(ValidationError, match="already has a version in French"):
        services.link_document(article=article, document=unlinked_document(), user=editor_user)
    article.refresh_from_db()
    assert article.body_fr == "Le texte d'avant."
    services.link_document(
        article=article, document=unlinked_document(), user=editor_user, replace=True
    )
    article.refresh_from_db()
    assert article.body_fr == "Premier.\n\n## Suite"
    assert LanguageVersion.objects.filter(article=article, language="fr").count() == 1
    oldest = history.article_history(article).last()
    assert history.text_at(oldest, "fr")["body"] == "Le texte d'avant."


def test_attaching_another_articles_version_moves_it(editor_user):
    article = make_article(languages=["en"])
    other = make_article(languages=["de"], title_de="Die Geschichte", status=Status.PUBLISHED)
    services.attach_version(article=article, version=version(other, "de"), user=editor_user)
    article.refresh_from_db()
    assert article.title_de == "Die Geschichte"
    assert version(article, "de").status == Status.PUBLISHED
    assert not Article.objects.filter(pk=other.pk).exists()  # nothing left in it


def test_attaching_a_second_version_of_a_language_is_refused(editor_user):
    article = make_article(languages=["de"])
    other = make_article(languages=["de", "fr"])
    with pytest.raises(ValidationError, match="one version per language"):
        services.attach_version(article=article, version=version(other, "de"), user=editor_user)
    assert other.versions.count() == 2


def test_detaching_a_version_makes_an_article_of_its_own(editor_user):
    article = make_article(languages=["en", "fr"], title_fr="Autre histoire")
    new = services.detach_version(version=version(article, "fr"), user=editor_user)
    article.refresh_from_db()
    assert article.title_fr == "" and list(article.versions.values_list("language", flat=True)) == [
        "en"
    ]
    assert new.title_fr == "Autre histoire" and new.source_language == "fr"
    assert version(new, "fr").article == new


def test_the_only_version_cannot_be_detached(editor_user):
    article = make_article(languages=["en"])
    with pytest.raises(ValidationError, match="only one"):
        services.detach_version(version=version(article, "en"), user=editor_user)
