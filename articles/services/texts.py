"""Changes to a language's text: the translation editor's save, the edit form's merge of
two editors' work, restoring from history, applying a finding's fix, undo, the headline.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from articles import history
from articles.editorial_checks import recompute_findings, run_checks, story_from_article
from articles.editorial_checks.names import KIND as NAME_SPELLING
from articles.language_names import name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    Article,
    Finding,
    LanguageVersion,
    content_checksum,
    localized,
    text_checksum,
)
from articles.services.common import (
    _locked,
    _read_text,
    _save_state,
    _save_text,
    _unique_slug,
    _write_text,
    article_text_changed,
    edits_wait,
    lock_article_text,
    lock_version_row,
    text_checksums,
    version_get,
    working_checksum,
    working_text,
    write_working_copy,
)


def restore_text(
    *, article: Article, language: str, history_entry_id: int, user
) -> LanguageVersion:
    """Put back one language's text as recorded in an earlier history entry; others stay as they are.

    A published or scheduled version's text is what readers see (`edits_wait`): there the
    earlier text becomes its working copy (replacing one waiting, which its own history
    entry records; Undo brings it back) and goes live only when the copy is published."""
    recorded = history.article_history(article).filter(pk=history_entry_id).first()
    if recorded is None:
        raise ValidationError(_("That history entry does not belong to this article."))
    when = recorded.revision.date_created.isoformat()
    version = version_get(article=article, language=language)
    with transaction.atomic():
        # Decided under the lock: a version published since it was read takes a copy.
        version = lock_version_row(version)
        waits = edits_wait(version)
        comment = history.entry("restored", language, when=when, copy=waits)
        with history.change(article, user=user, comment=comment):
            texts = history.text_at(recorded, language)
            if not texts["title"] and not texts["body"]:
                raise ValidationError(
                    _("That history entry has no %(language)s text to restore.")
                    % {"language": name_in_sentence(language)}
                )
            slug_column = localized("slug", language)
            if (
                Article.objects.filter(**{slug_column: texts["slug"]})
                .exclude(pk=article.pk)
                .exists()
            ):
                texts["slug"] = _unique_slug(article, language, texts["title"])
            if waits:
                return write_working_copy(version, texts, user=user)
            before = text_checksums(article)
            _write_text(article, language, texts)
            _save_text(article, language)
            article_text_changed(article=article, before=before, user=user)
            version.refresh_from_db()
            return version


def edit_checksums(article: Article) -> dict[str, str]:
    """Each language's text and slug as an edit form opens: `merge_edit` compares with it.

    The slug counts, unlike in the importer's checksum: a slug is a published
    version's live URL, so changing it is a change like any other. The version's
    lock_version does not decide: publishing moves it without touching the text.
    A published version's form opens on its working copy, if it has one (`working_text`).
    """
    versions = {v.language: v for v in article.versions.all()}
    return {
        code: working_checksum(versions[code])
        if edits_wait(versions.get(code))
        else content_checksum(article, code, slug=True)
        for code in LANGUAGE_CODES
    }


@dataclass
class EditMerge:
    """What a save of the article's edit form may write (see `merge_edit`)."""

    #: Each language's text checksum as stored, for `article_text_changed` after the save.
    text_before: dict[str, str]
    #: Column -> stored value: the languages this editor left alone and someone else saved,
    #: and every published version's (its text changes only by publishing a working copy).
    kept: dict[str, str] = dataclasses.field(default_factory=dict)
    #: The languages this save changes.
    changing: list[str] = dataclasses.field(default_factory=list)
    #: Changed here and, since the form opened, elsewhere: (language, its version if any).
    conflicts: list[tuple[str, LanguageVersion | None]] = dataclasses.field(default_factory=list)
    #: The published versions this save changes: language -> the text for their working copy.
    working_copies: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)


def merge_edit(*, article_id: int, opened: dict[str, str], posted: dict[str, str]) -> EditMerge:
    """Lock the article's versions and decide, language by language, what a save keeps.

    `opened` is `edit_checksums` as the form opened, `posted` the form's values by
    column. A language the editor changed that someone else saved meanwhile with
    other text is a conflict (the caller saves nothing); a language the editor left
    alone keeps what the database holds now, so saving the German tab never reverts
    a French edit made meanwhile. A published version's columns are never written
    here (`edits_wait`): what the editor changed in it is returned as its working copy,
    compared like any text with the working copy the form opened on. Call it inside
    the transaction that saves the form: the locks hold until it commits.
    """
    versions, current = lock_article_text(article_id)
    merge = EditMerge(text_before=text_checksums(current))
    for code in LANGUAGE_CODES:
        checksum = opened.get(code)
        waits = edits_wait(versions.get(code))
        if waits:
            now_checksum = working_checksum(versions[code])
            for name in CONTENT_FIELDS:  # readers' text stays as it is
                merge.kept[localized(name, code)] = current.text(name, code)
        else:
            now_checksum = content_checksum(current, code, slug=True)
        texts = {f: posted.get(localized(f, code)) or "" for f in CONTENT_FIELDS}
        mine = text_checksum(texts, slug=True)
        if mine not in (checksum, now_checksum):
            merge.changing.append(code)
            if waits:
                merge.working_copies[code] = texts
        if now_checksum == checksum:
            continue  # nobody else saved this language since the form was opened
        if mine == checksum:
            # Left alone here: keep what the other editor (or the importer) saved.
            for name in CONTENT_FIELDS:
                merge.kept[localized(name, code)] = current.text(name, code)
        elif mine != now_checksum:
            merge.conflicts.append((code, versions.get(code)))
            merge.working_copies.pop(code, None)
    return merge


@dataclass(frozen=True)
class AppliedFix:
    """What `apply_suggestion` changed, by language: texts written in place (drafts), and
    published versions whose working copy took the fix (readers see it once published)."""

    written: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.written) + len(self.waiting)

    @property
    def languages(self) -> list[str]:
        """Every language the fix changed, written or waiting."""
        return sorted({*self.written, *self.waiting})


#: The fields a name's spelling is fixed in.
_FIXED_FIELDS = ("title", "lede", "body", "key_points")


def apply_suggestion(finding: Finding, *, user, everywhere: bool = False) -> AppliedFix:
    """Write the dominant spelling of a name in place of its variants, whole words only.

    In the finding's version, or with `everywhere` in every version of the story, each
    by its own state (`edits_wait`): a draft's text is fixed in place, a published
    version's fix waits in its working copy, on top of the copy's own text if one is
    waiting (an editor's unpublished work is never replaced by the live text). One
    history entry; a text fixed in place is an edit like any other
    (`article_text_changed`: lock_version bumps, "source changed" flags, findings
    recomputed).
    """
    if finding.kind != NAME_SPELLING:
        raise ValidationError(_("Only a name-spelling finding has a fix that can be applied."))
    version = finding.version
    article = Article.objects.get(pk=version.article_id)
    versions = list(LanguageVersion.objects.filter(article=article))
    for each in versions:
        each.article = article
    current = next(
        (
            item
            for item in run_checks(story_from_article(article, versions))
            if item.language == version.language and item.fingerprint == finding.fingerprint
        ),
        None,
    )
    if current is None:
        recompute_findings(article)
        raise ValidationError(
            _("The text changed since this finding was made; it no longer applies.")
        )
    dominant = current.data["dominant"]
    by_language = current.data["variants_by_language"]
    patterns = {
        target: _whole_words(by_language[target.language])
        for target in versions
        if (everywhere or target.pk == version.pk) and by_language.get(target.language)
    }
    fixes, copies, written = {}, {}, set()
    for target, pattern in patterns.items():
        if edits_wait(target):
            texts = working_text(target)
            if _fixed(texts, pattern, dominant) != texts:
                copies[target] = pattern
            continue
        for field in _FIXED_FIELDS:
            column = localized(field, target.language)
            text = getattr(article, column) or ""
            fixed = pattern.sub(dominant, text)
            if fixed != text:
                fixes[column] = fixed
                written.add(target.language)
    if not fixes and not copies:
        recompute_findings(article)
        return AppliedFix()
    # The instance changes only inside the history entry: its baseline (an imported
    # article's first entry) records the text before the fix, which undo goes back to.
    applied = AppliedFix(tuple(sorted(written)), tuple(sorted(t.language for t in copies)))
    comment = history.entry(
        "applied_suggestion",
        version.language,
        kind=finding.kind,
        copy=bool(copies),
        languages=applied.languages if everywhere else None,  # for the history page's Undo
    )
    with history.change(article, user=user, comment=comment):
        for target, pattern in copies.items():
            # Under the row lock: the copy as it is now, saved meanwhile or not.
            locked = lock_version_row(target)
            write_working_copy(locked, _fixed(working_text(locked), pattern, dominant), user=user)
        if fixes:
            # Fixed again under the lock, in the text as it is now: an editor's save since
            # the checks read it is kept (and fixed too), not replaced by the older text.
            locked_versions, fresh = lock_article_text(article.pk)
            before = text_checksums(fresh)
            columns = []
            for target, pattern in patterns.items():
                if target.language not in written or edits_wait(
                    locked_versions.get(target.language)
                ):
                    continue  # published meanwhile: its text is no longer edited in place
                for field in _FIXED_FIELDS:
                    column = localized(field, target.language)
                    setattr(fresh, column, pattern.sub(dominant, getattr(fresh, column) or ""))
                    columns.append(column)
            fresh.save(update_fields=[*columns, "updated_at"])
            article_text_changed(article=fresh, before=before, user=user)
    return applied


def _fixed(texts: dict[str, str], pattern: re.Pattern, dominant: str) -> dict[str, str]:
    return {f: pattern.sub(dominant, t) if f in _FIXED_FIELDS else t for f, t in texts.items()}


def _whole_words(forms: list[str]) -> re.Pattern:
    """Any of `forms` as a whole word: not inside a longer word ("Openairlines" stays)."""
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


class TextConflict(ValidationError):
    """Someone saved the language's text after the editor opened it: `current` is theirs."""

    def __init__(self, message: str, *, current: dict[str, str], version: LanguageVersion | None):
        super().__init__(message)
        self.current = current
        self.version = version


def save_text(
    *, article: Article, language: str, texts: dict[str, str], user, opened_checksum: str
) -> LanguageVersion | None:
    """Save one language's text (`CONTENT_FIELDS` → text) as the translation editor sends it.

    `opened_checksum` is `content_checksum(article, language, slug=True)` when the
    editor opened the text; if the text saved now differs, nothing is written and
    TextConflict carries the saved text so the editor can compare. Recorded as one
    history entry; the checks run again on the new text.
    """
    if language not in LANGUAGE_CODES:
        version_get(article=article, language=language)  # says which languages there are
    with history.change(article, user=user, comment=history.entry("edited", language)):
        # No version yet: typing its text creates it, as in the change form.
        versions, current = lock_article_text(article.pk)
        version = versions.get(language)
        if content_checksum(current, language, slug=True) != opened_checksum:
            who = (version.updated_by.get_username() if version and version.updated_by else "") or (
                _("someone")
            )
            raise TextConflict(
                _(
                    "The %(language)s text was saved by %(who)s at %(when)s, after you opened "
                    "it: nothing was saved. Their text is shown beside yours; save again to "
                    "replace it with yours."
                )
                % {
                    "language": name_in_sentence(language),
                    "who": who,
                    "when": f"{version.updated_at:%Y-%m-%d %H:%M %Z}" if version else "",
                },
                current=_read_text(current, language),
                version=version,
            )
        texts = {f: (texts.get(f) or "").replace("\r\n", "\n").strip() for f in CONTENT_FIELDS}
        if texts["slug"] and (
            Article.objects.filter(**{localized("slug", language): texts["slug"]})
            .exclude(pk=article.pk)
            .exists()
        ):
            raise ValidationError(
                _("Another %(language)s article already uses the slug “%(slug)s”.")
                % {"language": name_in_sentence(language), "slug": texts["slug"]}
            )
        if texts["title"] and not texts["slug"]:  # as the form says: made from the title
            texts["slug"] = _unique_slug(current, language, texts["title"])
        before = text_checksums(current)
        _write_text(current, language, texts)
        current.full_clean(validate_unique=False, validate_constraints=False)
        _save_text(current, language)
        article_text_changed(article=current, before=before, user=user)
        return article.versions.filter(language=language).first()


#: What an undo puts back of a version's state, beside its text: with the working copy,
#: undoing a restore or a fix into it puts back the copy it replaced (or none).
_UNDONE_STATE = (
    "status",
    "published_at",
    "override_reason",
    "title_derived",
    "pending_text",
    "pending_since",
)


@dataclass(frozen=True)
class UndoEffect:
    """What undoing a change does to one version's state: from `status_now` back to
    `status_before` (the same when the change was to its text only)."""

    status_before: str
    status_now: str


def _undo_entries(article: Article, language: str, history_entry_id: int):
    """The change to undo, the entry before it and `language`'s state then, or why not."""
    entries = history.article_history(article)
    latest = entries.first()
    if latest is None or latest.pk != history_entry_id:
        raise ValidationError(
            _(
                "The article changed again since; nothing was undone. "
                "Its history shows every change and can restore an earlier text."
            )
        )
    before = entries.filter(pk__lt=latest.pk).first()
    state = history.state_at(before, language) if before is not None else None
    if state is None:
        raise ValidationError(_("There is no earlier state of this version to go back to."))
    now = history.state_at(latest, language) or {}
    if history.text_at(before, language) == history.text_at(latest, language) and all(
        (state.get(field) or None) == (now.get(field) or None) for field in _UNDONE_STATE
    ):
        # Another language's change: "undoing" it here would record a false entry.
        raise ValidationError(
            _("That change was not to the %(language)s version; nothing was undone.")
            % {"language": name_in_sentence(language)}
        )
    return latest, before, state, now


def undo_effect(*, article: Article, language: str, history_entry_id: int) -> UndoEffect:
    """What `undo_change` would do to `language`'s version, for the caller's permission
    check (`transitions.permission_to_reverse`); a ValidationError if it would refuse."""
    _latest, _before, state, now = _undo_entries(article, language, history_entry_id)
    return UndoEffect(state.get("status", ""), now.get("status", ""))


def undo_change(
    *, article: Article, languages: Sequence[str], history_entry_id: int, user
) -> list[LanguageVersion]:
    """Put each of `languages` back as it was before the change recorded as
    `history_entry_id`: its text and its state (status, publication time, override
    reason). Recorded like any change, as one entry however many languages it puts back
    (a fix applied in every version is undone in every version it changed).

    Only the article's latest change can be undone this way, and only for languages it
    changed: after another one, the history page restores text knowingly.
    """
    for language in languages:
        if language not in LANGUAGE_CODES:
            version_get(article=article, language=language)  # says which languages there are
    # Every language is refused or none: an undo that put back some languages of a change
    # and not others would leave a story no one wrote.
    undone = [
        (language, *_undo_entries(article, language, history_entry_id)) for language in languages
    ]
    if not undone:
        return []
    latest = undone[0][1]
    comment = history.entry(
        "undid",
        languages[0],
        undone=history.parse(latest.revision.comment) or latest.revision.comment,
    )
    with history.change(article, user=user, comment=comment):
        return [
            _put_back(article, language, before, state, user)
            for language, _, before, state, _ in undone
        ]


def _put_back(article: Article, language: str, before, state: dict, user) -> LanguageVersion:
    """`language`'s text and state as `before` recorded them (inside the undo's history entry)."""
    version = _locked(version_get(article=article, language=language), None)
    current = Article.objects.get(pk=article.pk)
    texts = history.text_at(before, language)
    if content_checksum(current, language, slug=True) != _checksum_of(texts):
        checksums = text_checksums(current)
        _write_text(current, language, texts)
        _save_text(current, language)
        article_text_changed(article=current, before=checksums, user=user)
        version.refresh_from_db()
    return _save_state(
        version,
        user=user,
        status=state.get("status", version.status),
        published_at=_when(state.get("published_at")),
        override_reason=state.get("override_reason", ""),
        title_derived=state.get("title_derived", version.title_derived),
        pending_text=state.get("pending_text") or {},
        pending_since=_when(state.get("pending_since")),
    )


def _checksum_of(texts: dict[str, str]) -> str:
    return text_checksum(texts, slug=True)


def _when(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return parse_datetime(value)


def confirm_headline(*, version: LanguageVersion, title: str, slug: str, user) -> LanguageVersion:
    """An editor has read the headline and slug (maybe the importer's) and keeps or corrects
    them: the title is no longer "derived". An empty slug is made from the title."""
    article, language = version.article, version.language
    title, slug = (title or "").strip(), (slug or "").strip()
    if not title:
        raise ValidationError(_("A published version needs a headline."))
    with history.change(article, user=user, comment=history.entry("confirmed_headline", language)):
        version = _locked(version, None)
        current = Article.objects.get(pk=article.pk)
        if slug and (
            Article.objects.filter(**{localized("slug", language): slug})
            .exclude(pk=article.pk)
            .exists()
        ):
            raise ValidationError(
                _("Another %(language)s article already uses the slug “%(slug)s”.")
                % {"language": name_in_sentence(language), "slug": slug}
            )
        if (title, slug) != (current.text("title", language), current.text("slug", language)):
            checksums = text_checksums(current)
            setattr(current, localized("title", language), title)
            setattr(current, localized("slug", language), slug)
            current.full_clean(validate_unique=False, validate_constraints=False)
            _save_text(current, language)
            article_text_changed(article=current, before=checksums, user=user)
            version.refresh_from_db()
        version = _save_state(version, user=user, title_derived=False)
    recompute_findings(Article.objects.get(pk=article.pk))  # the derived-title finding lapses
    return version
