"""Assignments: an editor gives a language of a story to a translator, due on a date.

Writes (`assignment_create`, `assignment_cancel`) are services: keyword-only, a
ValidationError an editor can act on. Reads are selectors returning plain rows for
the desk and the article list (`translator_rows`, `editor_rows`, `assignees`).

Rules, each written once here:
- the translator must be active, may edit text, and work in the language
  (their *Working languages*, `roles.user_languages`);
- a language already in review or published has nothing left to translate;
- one assignment per language of a story: assigning again hands it to someone else
  or moves the date;
- an assignment is open until the version is submitted for review or published
  (`open_assignments`); the desk shows only open ones, overdue marked.

Assigning e-mails the translator when the change commits (`notify_assignment`, the one
seam to move onto a task queue).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles import notifications, roles
from articles.language_names import language_name, name_in_sentence
from articles.models import LANGUAGE_CODES, Article, Assignment, LanguageVersion, Status


def assignment_create(
    *, article: Article, language: str, translator, due_on: date, user, note: str = ""
) -> Assignment:
    """Give `language` of `article` to `translator`, due on `due_on` (replacing any
    earlier assignment of that language), and e-mail them."""
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            _("“%(language)s” is not a language of this site.") % {"language": language}
        )
    name = name_in_sentence(language)
    if not translator.is_active or not translator.has_perm(roles.CHANGE_TEXT):
        raise ValidationError(
            _("%(user)s may not edit text, so cannot be given a translation.")
            % {"user": translator.get_username()}
        )
    if language not in roles.user_languages(translator):
        raise ValidationError(
            _(
                "%(user)s does not work in %(language)s. Add it to their working languages "
                "first, or choose someone who does."
            )
            % {"user": translator.get_username(), "language": name}
        )
    handed_in = LanguageVersion.objects.filter(
        article=article, language=language, status__in=[Status.IN_REVIEW, Status.PUBLISHED]
    ).exists()
    if handed_in:
        raise ValidationError(
            _("The %(language)s version is already in review or published: nothing to assign.")
            % {"language": name}
        )
    if due_on < timezone.localdate():
        raise ValidationError(_("The due date is in the past."))
    with transaction.atomic():
        assignment, _created = Assignment.objects.update_or_create(
            article=article,
            language=language,
            defaults={
                "translator": translator,
                "due_on": due_on,
                "note": note.strip(),
                "assigned_by": user if user is not None and user.is_authenticated else None,
                "assigned_at": timezone.now(),
            },
        )
        assignment.full_clean()
        notify_assignment(assignment)
    return assignment


def assignment_cancel(*, assignment: Assignment, user) -> None:
    assignment.delete()


def notify_assignment(assignment: Assignment) -> None:
    """E-mail the translator their new assignment once the change is committed.

    The one place an assignment mails; it sends as `articles.notifications` does.
    """
    translator = assignment.translator
    if not translator.email:
        return
    with translation.override(notifications.reads(translator)):
        values = {
            "user": assignment.assigned_by or _("An editor"),
            "language": name_in_sentence(assignment.language),
            "article": assignment.article,
            "due": f"{assignment.due_on:%Y-%m-%d}",
            "link": settings.NEWSROOM_SITE_URL
            + reverse(
                "admin:articles_article_translate",
                args=[assignment.article_id, assignment.language],
            ),
        }
        subject = _("To translate by %(due)s: the %(language)s version of “%(article)s”") % values
        body = (
            _(
                "%(user)s asks you to translate “%(article)s” into %(language)s "
                "by %(due)s.\n\nThe translation editor:\n%(link)s\n"
            )
            % values
        )
        if assignment.note:
            body += "\n" + _("Their note: %(note)s") % {"note": assignment.note} + "\n"
    # The review e-mails' one way of sending: after the commit, never failing the request
    # (and, with the task queue, as a retried task).
    notifications._mail([translator.email], subject, body)


# --- selectors ----------------------------------------------------------------------


def open_assignments():
    """Assignments whose language is not yet submitted or published: work still to do."""
    handed_in = LanguageVersion.objects.filter(
        article=OuterRef("article"),
        language=OuterRef("language"),
        status__in=[Status.IN_REVIEW, Status.PUBLISHED],
    )
    return Assignment.objects.exclude(Exists(handed_in))


def _row(assignment: Assignment, today: date) -> dict:
    article = assignment.article
    overdue = assignment.is_overdue(today)
    due = f"{assignment.due_on:%Y-%m-%d}"
    return {
        "article_id": article.pk,
        "language": assignment.language,
        "language_name": language_name(assignment.language),
        "title": article.title_in(assignment.language) or str(article),
        "state": "overdue" if overdue else "assigned",
        "state_label": (_("Overdue: due %(date)s") if overdue else _("Due %(date)s"))
        % {"date": due},
        "when": assignment.assigned_at,
        "who": assignment.translator.get_username(),
        "note": assignment.note,
        "url": reverse("admin:articles_article_translate", args=[article.pk, assignment.language]),
        "due_on": assignment.due_on,
        "overdue": overdue,
    }


def translator_rows(user, today: date | None = None, limit: int = 10) -> tuple[list[dict], int]:
    """`user`'s open assignments, soonest due first (overdue ones lead): (rows, count)."""
    today = today or timezone.localdate()
    mine = open_assignments().filter(translator=user).select_related("article", "translator")
    rows = [_row(a, today) for a in mine.order_by("due_on", "pk")[:limit]]
    return rows, (len(rows) if len(rows) < limit else mine.count())


def editor_rows(
    languages=None, today: date | None = None, limit: int = 10
) -> tuple[list[dict], int]:
    """Who has what: every open assignment (in `languages` when given), soonest due first."""
    today = today or timezone.localdate()
    open_ = open_assignments().select_related("article", "translator")
    if languages:
        open_ = open_.filter(language__in=languages)
    rows = [_row(a, today) for a in open_.order_by("due_on", "pk")[:limit]]
    return rows, (len(rows) if len(rows) < limit else open_.count())


def assignees(article_ids) -> dict[tuple[int, str], tuple[str, date]]:
    """{(article id, language): (translator's username, due date)} for open assignments of
    `article_ids`: one query for a page of the article list."""
    rows = (
        open_assignments()
        .filter(article_id__in=list(article_ids))
        .values_list("article_id", "language", "translator__username", "due_on")
    )
    return {(a, lang): (who, due) for a, lang, who, due in rows}


def translators_for(language: str):
    """Who may be given `language`: active users who edit text and work in it."""
    return (
        get_user_model()
        .objects.with_perm(
            roles.CHANGE_TEXT, is_active=True, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(working_languages__language=language)
        .order_by("username")
        .distinct()
    )
