"""Moving a version between states (submit, send back, publish, unpublish, archive) as
`articles.transitions.TRANSITIONS` allows, and the flags an editor clears.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles import history, notifications, transitions
from articles.editorial_checks import recompute_findings
from articles.language_names import name_in_sentence
from articles.models import (
    Article,
    LanguageVersion,
    Status,
)
from articles.services.common import (
    _STATE_WORDS,
    _ensure_slugs,
    _locked,
    _require_text,
    _save_state,
    blocking_findings,
    version_get,
)
from articles.transitions import TRANSITIONS

#: Why `TRANSITIONS` refuses an action, by action (publishing starts from any state).
_REFUSED_MOVE = {
    "submit": gettext_lazy(
        "Only a draft can be submitted for review; the %(language)s version is %(state)s."
    ),
    "send_back": gettext_lazy(
        "Only a version in review can be sent back; the %(language)s version is %(state)s."
    ),
    "unpublish": gettext_lazy("The %(language)s version is not published or scheduled."),
    "archive": gettext_lazy("The %(language)s version is already archived."),
}


def _require_move(version: LanguageVersion, action: str) -> None:
    """Refuse `action` unless `TRANSITIONS` lets it start from the version's state."""
    if not transitions.allowed(action, version.status):
        raise ValidationError(
            _REFUSED_MOVE[action]
            % {
                "language": name_in_sentence(version.language),
                "state": _STATE_WORDS[version.status],
            }
        )


def submit_for_review(
    *, version: LanguageVersion, user, lock_version: int | None = None
) -> LanguageVersion:
    with history.change(
        version.article, user=user, comment=history.submitted_comment(version.language)
    ):
        version = _locked(version, lock_version)
        _require_move(version, "submit")
        _require_text(version, "review")
        version = _save_state(version, user=user, status=TRANSITIONS["submit"].target)
        notifications.version_submitted(version, by=user)
        return version


def send_back(
    *, version: LanguageVersion, user, note: str = "", lock_version: int | None = None
) -> LanguageVersion:
    """An editor returns a version in review to its translator as a draft, to edit again."""
    comment = history.entry("sent_back", version.language, note=note.strip())
    with history.change(version.article, user=user, comment=comment):
        version = _locked(version, lock_version)
        _require_move(version, "send_back")
        version = _save_state(version, user=user, status=TRANSITIONS["send_back"].target)
        notifications.version_sent_back(version, by=user, note=note.strip())
        return version


def publish(
    *,
    version: LanguageVersion,
    user,
    at: datetime | None = None,
    override_reason: str = "",
    lock_version: int | None = None,
    confirm_headline: bool = False,
) -> LanguageVersion:
    """Publish now, or schedule when `at` is in the future (the site filters on the time).

    Open blocking findings need an `override_reason`, kept on the version and in
    history. Whether the user may override is checked by the caller. A headline the
    importer derived from the text is published only when the caller says an editor
    has read it (`confirm_headline`; the admin's confirmation page shows it, the
    command asks for --confirm-headline): the one rule for every route (issue 30, 2).
    """
    when = publication_time(at)
    override_reason = override_reason.strip()
    action = "scheduled" if when > timezone.now() else "published"
    comment = history.entry(action, version.language, when=when.isoformat(), reason=override_reason)
    with history.change(version.article, user=user, comment=comment):
        version = _locked(version, lock_version)
        _require_move(version, "publish")
        _require_text(version, "publish")
        blocking = blocking_findings(version).count()
        if blocking and not override_reason:
            raise ValidationError(
                ngettext(
                    "The %(language)s version has %(count)d open blocking finding. "
                    "Fix or dismiss it, or publish over it with a reason.",
                    "The %(language)s version has %(count)d open blocking findings. "
                    "Fix or dismiss them, or publish over them with a reason.",
                    blocking,
                )
                % {"language": name_in_sentence(version.language), "count": blocking}
            )
        if version.title_derived and not confirm_headline:
            raise ValidationError(
                _(
                    "The headline of %(version)s was written by the importer and no editor "
                    "has confirmed it."
                )
                % {"version": version},
                code="headline_unconfirmed",
            )
        _ensure_slugs(version.article, [version.language])
        was_in_review = version.status == Status.IN_REVIEW
        headline_confirmed_now = version.title_derived  # (else refused above)
        version = _save_state(
            version,
            user=user,
            status=TRANSITIONS["publish"].target,
            published_at=when,
            override_reason=override_reason if blocking else "",
            # Confirmed once, the headline is the editor's: left "derived", every later
            # publish of the version (its working copy's, an undo's) was refused again.
            title_derived=False,
        )
        if headline_confirmed_now:
            recompute_findings(version.article)  # the derived-headline finding lapses
        if was_in_review:
            notifications.version_published(version, by=user)
        return version


#: A publication time this far in the past is still "now" (a form filled a while ago);
#: further back is a mistake: readers would see the story dated where it never was.
PUBLICATION_PAST_TOLERANCE = timedelta(minutes=15)


def publication_time(at: datetime | None) -> datetime:
    """`at` (or now) as an aware time the database can store, or a ValidationError."""
    now = timezone.now()
    when = at or now
    try:
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        when.astimezone(UTC)  # what the database stores
    except (OverflowError, ValueError):
        raise ValidationError(
            _("The publication time %(when)s is out of range.") % {"when": when.isoformat()}
        ) from None
    if when < now - PUBLICATION_PAST_TOLERANCE:
        raise ValidationError(
            _(
                "The publication time %(when)s is in the past. Give a time from now on, "
                "or none to publish now."
            )
            % {"when": when.isoformat()}
        )
    return when


def unpublish(
    *, version: LanguageVersion, user, lock_version: int | None = None
) -> LanguageVersion:
    """Take a published or scheduled version off the site; it becomes a draft again."""
    with history.change(
        version.article, user=user, comment=history.entry("unpublished", version.language)
    ):
        version = _locked(version, lock_version)
        _require_move(version, "unpublish")
        target = TRANSITIONS["unpublish"].target
        return _save_state(version, user=user, status=target, published_at=None)


def archive(*, version: LanguageVersion, user, lock_version: int | None = None) -> LanguageVersion:
    with history.change(
        version.article, user=user, comment=history.entry("archived", version.language)
    ):
        version = _locked(version, lock_version)
        _require_move(version, "archive")
        target = TRANSITIONS["archive"].target
        return _save_state(version, user=user, status=target, published_at=None)


def mark_reviewed(
    *, version: LanguageVersion, user, lock_version: int | None = None
) -> LanguageVersion:
    """An editor checked a translation against the changed source: clear the flag."""
    with history.change(
        version.article, user=user, comment=history.entry("reviewed", version.language)
    ):
        version = _locked(version, lock_version)
        if not version.source_changed:
            raise ValidationError(
                _("The %(language)s version is not marked outdated.")
                % {"language": name_in_sentence(version.language)}
            )
        return _save_state(version, user=user, source_changed=False)


def mark_source(*, article: Article, language: str, user) -> Article:
    """Make `language` the version the others are translated from."""
    with history.change(article, user=user, comment=history.entry("made_source", language)):
        version = version_get(article=article, language=language)
        article.source_language = language
        article.save(update_fields=["source_language", "updated_at"])
        if version.source_changed:
            _save_state(version, user=user, source_changed=False)
        return article
