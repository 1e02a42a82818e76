"""E-mails that move the review along: editors hear of a submission, translators of the answer.

The workflow services call these after their change; the mail is queued as a
background task when the transaction commits (`on_commit`), so a refused or
rolled-back change never mails anyone, and a failed send is retried. Django's e-mail framework sends it: the console in
development, SMTP from the environment in production (README, Configuration).

Who is told:
- a version submitted for review: every active editor (a user with the publish
  permission, through a group or directly) who has an e-mail address and works
  in that language (or has no languages set, i.e. all), except the submitter;
- a version sent back or published: the translator who submitted it (the
  author of its last "submitted for review" history entry), unless that is the
  editor acting.

Each recipient reads the mail in the admin language they chose (`AdminLanguage`), else
in the site's default language.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles import history
from articles.language_names import name_in_sentence
from articles.models import AdminLanguage, LanguageVersion
from articles.roles import PUBLISH
from articles.tasks import enqueue_on_commit, send_mail_task


def _review_link(version: LanguageVersion) -> str:
    path = reverse("admin:articles_article_review", args=[version.article_id])
    return f"{settings.NEWSROOM_SITE_URL}{path}?languages={version.language}"


def _mail(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        # A task once the change commits: a mail server that is slow or down never holds
        # the request (nor fails it), and a failed send is retried (`articles.tasks`).
        enqueue_on_commit(send_mail_task, subject, body, list(recipients))


def editors_of(language: str):
    """Active editors with an e-mail address who work in `language` (or in every language)."""
    User = get_user_model()
    return (
        User.objects.with_perm(
            PUBLISH,
            is_active=True,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .exclude(email="")
        .filter(Q(working_languages__isnull=True) | Q(working_languages__language=language))
        .distinct()
    )


def _by_language(users) -> dict[str, list[str]]:
    """Recipients' addresses grouped by the language they read (`AdminLanguage`, else the
    site's default)."""
    chosen = dict(
        AdminLanguage.objects.filter(user__in=users).values_list("user__email", "language")
    )
    grouped: dict[str, list[str]] = {}
    for email in sorted(users.values_list("email", flat=True)):
        grouped.setdefault(chosen.get(email, settings.LANGUAGE_CODE), []).append(email)
    return grouped


def version_submitted(version: LanguageVersion, *, by) -> None:
    editors = editors_of(version.language).exclude(pk=getattr(by, "pk", None))
    for reads, recipients in _by_language(editors).items():
        with translation.override(reads):
            language = name_in_sentence(version.language)
            subject = _("To review: the %(language)s version of “%(article)s”") % {
                "language": language,
                "article": version.article,
            }
            body = _(
                "%(user)s submitted the %(language)s version of “%(article)s” for review.\n\n"
                "Review it, then publish it or send it back:\n%(link)s\n"
            ) % {
                "user": by or _("Someone"),
                "language": language,
                "article": version.article,
                "link": _review_link(version),
            }
            _mail(recipients, subject, body)


def _translator(version: LanguageVersion, *, by):
    """Who submitted `version` (to be told the answer), or None if no one is to be told."""
    translator = history.last_submitter(version.article, version.language)
    if translator is None or not translator.email or translator.pk == getattr(by, "pk", None):
        return None
    return translator


def reads(user) -> str:
    """The language `user` reads their e-mail in: the admin language they chose, else the site's."""
    chosen = AdminLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


def version_sent_back(version: LanguageVersion, *, by, note: str = "") -> None:
    translator = _translator(version, by=by)
    if translator is None:
        return
    with translation.override(reads(translator)):
        values = {
            "user": by,
            "language": name_in_sentence(version.language),
            "article": version.article,
            "link": _review_link(version),
        }
        body = (
            _(
                "%(user)s sent the %(language)s version of “%(article)s” back to you: "
                "you may edit it again.\n\n%(link)s\n"
            )
            % values
        )
        if note:
            body += "\n" + _("Their note: %(note)s") % {"note": note} + "\n"
        _mail(
            [translator.email],
            _("Sent back: the %(language)s version of “%(article)s”") % values,
            body,
        )


def version_published(version: LanguageVersion, *, by) -> None:
    translator = _translator(version, by=by)
    if translator is None:
        return
    with translation.override(reads(translator)):
        values = {
            "user": by,
            "language": name_in_sentence(version.language),
            "article": version.article,
            "when": f"{version.published_at:%Y-%m-%d %H:%M %Z}",
            "link": _review_link(version),
        }
        _mail(
            [translator.email],
            _("Published: the %(language)s version of “%(article)s”") % values,
            _(
                "%(user)s published the %(language)s version of “%(article)s” "
                "(readers see it from %(when)s).\n\n%(link)s\n"
            )
            % values,
        )
