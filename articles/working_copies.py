"""Working copies: editing a published version without changing what readers see.

Editors expect what Wagtail gives them: a published page edited and saved is a draft
of its next text, previewable and reviewable, and readers keep the published text
until someone publishes that draft. Here the next text lives beside the version
(`LanguageVersion.pending_text`, with `pending_since`) rather than in the article's
language columns, which stay the published text: every reader query, feed, sitemap
and search index keeps reading the columns and needs no "which text" rule.

- `save_working_copy` records the next text (one history entry; readers see nothing);
- `publish_working_copy` writes it into the columns and publishes, as one history
  entry (`services.save_text` then `services.publish`, both joining it): Undo puts back
  the text readers had;
- `discard_working_copy` drops it.

Which edits wait is one rule, `services.edits_wait` (a published or scheduled version's),
whichever form or action sends them: the translation editor calls `save_working_copy` for
such a version, the article's change form gets the same texts from `services.merge_edit`
and saves them here too, and restoring an earlier text (`services.restore_text`) or
applying a suggested fix (`services.apply_suggestion`) writes the copy through the same
`services.write_working_copy` (a fix on top of a copy already waiting, never under it). A version that is not published has no working copy: its draft
text is the columns, and unpublishing or archiving drops the copy
(`services.common._save_state`). The history records a dropped or replaced copy, but only
Undo of that change brings it back: the history page restores published texts.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import history, services
from articles.language_names import name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LanguageVersion,
    content_checksum,
)


def has_working_copy(version: LanguageVersion | None) -> bool:
    return bool(version is not None and version.pending_text)


#: The text an editor works on, and its checksum (the rule is the services').
texts_of = services.working_text
checksum = services.working_checksum


def save_working_copy(
    *, version: LanguageVersion, texts: dict[str, str], user, opened_checksum: str | None = None
) -> LanguageVersion:
    """Keep `texts` as the next text of the published `version`; readers see no change.

    `opened_checksum` is the checksum of the text the editor opened (`texts_of`): if
    someone saved another working copy since, nothing is written and the ValidationError
    says so, as `services.save_text` does for a draft."""
    if not services.edits_wait(version):
        raise ValidationError(_("Only a published version has a working copy."))
    texts = {f: (texts.get(f) or "").replace("\r\n", "\n").strip() for f in CONTENT_FIELDS}
    if not texts["slug"]:
        texts["slug"] = version.text("slug")  # the address stays unless the editor changes it
    with history.change(
        version.article, user=user, comment=history.entry("working_copy_saved", version.language)
    ):
        version = _locked_as_seen(
            version,
            opened_checksum,
            _(
                "Someone saved the %(language)s text after you opened it; nothing was "
                "saved. Reload the page to see their text, then make your change again."
            ),
        )
        return services.write_working_copy(version, texts, user=user)


def discard_working_copy(
    *, version: LanguageVersion, user, seen_checksum: str | None = None
) -> LanguageVersion:
    """Drop the working copy. `seen_checksum` (`checksum`) is the copy the editor was
    shown: another one saved since is not dropped unseen (the history page restores only
    what readers had, so a dropped copy comes back only by Undo)."""
    with history.change(
        version.article,
        user=user,
        comment=history.entry("working_copy_discarded", version.language),
    ):
        version = _locked_as_seen(
            version,
            seen_checksum,
            _(
                "Someone saved the working copy of the %(language)s text after it was "
                "shown to you; nothing was discarded. Look at its changes again."
            ),
        )
        version.pending_text, version.pending_since = {}, None
        # Not `updated_at`: readers' pages date their last change by it (write_working_copy).
        version.save(update_fields=["pending_text", "pending_since"])
        return version


def publish_working_copy(
    *,
    version: LanguageVersion,
    user,
    at=None,
    override_reason: str = "",
    seen_checksum: str | None = None,
) -> LanguageVersion:
    """The working copy becomes the published text (now, or at `at`), as one history entry.

    The checks run on the new text first (`save_text`), so its blocking findings stop
    the publish unless there is a reason, and then nothing is written. `seen_checksum`
    (`checksum`) is the copy the editor was shown: another one saved since is refused.

    A version readers see now takes its copy now: publishing it at a later time would
    reschedule the version, and its page would be gone until then (the copy cannot wait
    beside the live text for a time of its own)."""
    article = version.article
    if at is not None and version.is_live and services.publication_time(at) > timezone.now():
        raise ValidationError(
            _(
                "The %(language)s text is live: its working copy can be published now, not "
                "at a later time (readers would lose the page until then). Nothing was "
                "published."
            )
            % {"language": name_in_sentence(version.language)}
        )
    with (
        transaction.atomic(),
        history.change(article, user=user, comment=history.entry("published", version.language)),
    ):
        version = _locked_as_seen(
            version,
            seen_checksum,
            _(
                "Someone saved the working copy of the %(language)s text after its changes "
                "were shown to you; nothing was published. Look at its changes again."
            ),
        )
        texts = texts_of(version)
        services.save_text(
            article=article,
            language=version.language,
            texts=texts,
            user=user,
            opened_checksum=content_checksum(article, version.language, slug=True),
        )
        fresh = LanguageVersion.objects.select_related("article").get(pk=version.pk)
        fresh.pending_text, fresh.pending_since = {}, None
        fresh.save(update_fields=["pending_text", "pending_since", "updated_at"])
        return services.publish(version=fresh, user=user, at=at, override_reason=override_reason)


def _locked_as_seen(version: LanguageVersion, seen: str | None, refusal: str) -> LanguageVersion:
    """`version` locked (its article first), if its text is still the one the editor saw
    (`checksum`; None: not asked); otherwise `refusal` (with %(language)s) and nothing is
    written: one editor's working copy is never replaced or dropped unseen by another's."""
    version = services.lock_version_row(version)
    if seen is not None and checksum(version) != seen:
        raise ValidationError(refusal % {"language": name_in_sentence(version.language)})
    return version


def diffs(version: LanguageVersion, labels: dict[str, str]) -> list[dict]:
    """Field by field, the word diff from the published text to the working copy."""
    result = []
    for field in CONTENT_FIELDS:
        old, new = version.text(field), (version.pending_text or {}).get(field, version.text(field))
        if old != new:
            segments, words = history.word_diff(old, new)
            result.append({"field": labels.get(field, field), "segments": segments, "words": words})
    return result
