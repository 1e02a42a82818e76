"""Assignments: who may be given a language, the e-mail, and the desks' lists."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.assignments import (
    assignees,
    assignment_create,
    editor_rows,
    translator_rows,
    translators_for,
)
from articles.models import Assignment, Status
from tests.factories import make_article, translator

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def french_translator(db):
    return translator(username="claire", languages=("fr",), email="claire@example.org")


def test_assigning_emails_the_translator_when_committed(
    django_capture_on_commit_callbacks, editor_user, french_translator
):
    article = make_article(languages=("de",), title_de="Umsatz steigt")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignment_create(
            article=article,
            language="fr",
            translator=french_translator,
            due_on=today() + timedelta(days=2),
            user=editor_user,
            note="Keep it short.",
        )
    assert assignment.assigned_by == editor_user
    (message,) = mail.outbox
    assert message.to == ["claire@example.org"]
    assert "French" in message.subject and f"{assignment.due_on:%Y-%m-%d}" in message.subject
    assert "/translate/fr/" in message.body and "Keep it short." in message.body


def test_a_translator_who_does_not_work_in_the_language_cannot_be_given_it(editor_user):
    german_only = translator(username="hans", languages=("de",))
    with pytest.raises(ValidationError, match="does not work in French"):
        assignment_create(article=make_article(), language="fr", translator=german_only,
                          due_on=today(), user=editor_user)  # fmt: skip
    assert not Assignment.objects.exists()


def test_a_published_language_has_nothing_to_assign(editor_user, french_translator):
    article = make_article(languages=("fr",), status=Status.PUBLISHED)
    with pytest.raises(ValidationError, match="already in review or published"):
        assignment_create(article=article, language="fr", translator=french_translator,
                          due_on=today(), user=editor_user)  # fmt: skip


def test_a_due_date_in_the_past_is_refused(editor_user, french_translator):
    with pytest.raises(ValidationError, match="past"):
        assignment_create(article=make_article(), language="fr", translator=french_translator,
                          due_on=today() - timedelta(days=1), user=editor_user)  # fmt: skip


def test_assigning_again_replaces_the_assignment(editor_user, french_translator):
    other = translator(username="luc", languages=("fr",))
    article = make_article()
    for who in (french_translator, other):
        assignment_create(article=article, language="fr", translator=who, due_on=today(),
                          user=editor_user)  # fmt: skip
    assert list(Assignment.objects.values_list("translator__username", flat=True)) == ["luc"]


def test_translator_desk_lists_open_assignments_by_due_date_overdue_marked(
    editor_user, french_translator
):
    later, sooner, handed_in = make_article(), make_article(), make_article(languages=("fr",))
    assignment_create(article=later, language="fr", translator=french_translator,
                      due_on=today() + timedelta(days=5), user=editor_user)  # fmt: skip
    assignment_create(article=sooner, language="fr", translator=french_translator,
                      due_on=today(), user=editor_user)  # fmt: skip
    assignment_create(article=handed_in, language="fr", translator=french_translator,
                      due_on=today(), user=editor_user)  # fmt: skip
    services.submit_for_review(version=handed_in.versions.get(), user=french_translator)

    rows, count = translator_rows(french_translator, today=today() + timedelta(days=1))

    assert count == 2
    assert [row["article_id"] for row in rows] == [sooner.pk, later.pk]
    assert [row["overdue"] for row in rows] == [True, False]
    assert rows[0]["state_label"].startswith("Overdue")


def test_editor_sees_who_has_what_and_the_matrix_gets_assignees(editor_user, french_translator):
    article = make_article()
    assignment_create(article=article, language="fr", translator=french_translator,
                      due_on=today(), user=editor_user)  # fmt: skip
    rows, count = editor_rows()
    assert count == 1 and rows[0]["who"] == "claire"
    assert assignees([article.pk]) == {(article.pk, "fr"): ("claire", today())}


def test_only_translators_of_the_language_are_offered(french_translator, editor_user):
    translator(username="hans", languages=("de",))
    assert [u.username for u in translators_for("fr")] == ["claire"]


def test_the_assignment_email_is_in_the_language_the_translator_chose(
    django_capture_on_commit_callbacks, editor_user, french_translator
):
    from articles.models import AdminLanguage

    AdminLanguage.objects.create(user=french_translator, language="de")
    article = make_article(languages=("de",), title_de="Umsatz steigt")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(article=article, language="fr", translator=french_translator,
                          due_on=today() + timedelta(days=2), user=editor_user)  # fmt: skip
    (message,) = mail.outbox
    assert "Französisch" in message.subject and "French" not in message.subject
