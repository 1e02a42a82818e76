"""Editorial workflow: the one place that changes a version's state or an article's text.

The admin, the management commands and the tests all call these functions, so a
rule holds whoever triggers it. The importer writes its rows through the ORM
(`articles/importing/persisting.py`) and takes every rule from here: the unique slug,
what a changed file may overwrite, the lock_version bump and the "source changed"
flags (`unique_slug`, `import_refusal`, `record_imported_text`). The admin's edit
form asks `merge_edit` what a save of two editors' work keeps.

The functions enforce business rules (an empty version cannot be published, a
filled language slot is not overwritten unless the caller says `replace=True`, …)
and raise ValidationError with a message an editor can act on. They do not check
permissions: who may call what is the caller's job (the admin checks Django
permissions, commands run as operators).

Every change is recorded as one history entry (a django-reversion revision, see
articles/history.py) with the acting user and a comment; the first change to an
imported article first records its state as imported, so replaced text is never lost.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles import history, notifications
from articles.checks import recompute_findings, run_checks, story_from_article
from articles.checks.names import KIND as NAME_SPELLING
from articles.language_names import language_name
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    SUBHEADING_PREFIX,
    Article,
    Finding,
    LanguageVersion,
    LinkSuggestion,
    SourceDocument,
    Status,
    content_checksum,
    localized,
    slug_base,
    text_checksum,
)

#: A version's state as the end of a sentence ("the French version is in review").
_STATE_WORDS = {
    Status.DRAFT: gettext_lazy("a draft"),
    Status.IN_REVIEW: gettext_lazy("in review"),
    Status.PUBLISHED: gettext_lazy("published or scheduled"),
    Status.ARCHIVED: gettext_lazy("archived"),
}


# --- reading helpers -------------------------------------------------------------


def version_get(*, article: Article, language: str) -> LanguageVersion:
    """The article's version in `language`, or a ValidationError saying what is wrong."""
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            _("“%(language)s” is not a language of this site (use one of %(codes)s).")
            % {"language": language, "codes": ", ".join(LANGUAGE_CODES)}
        )
    try:
        return article.versions.get(language=language)
    except LanguageVersion.DoesNotExist:
        raise ValidationError(
            _("“%(article)s” has no %(language)s version.")
            % {"article": article, "language": language_name(language)}
        ) from None


def text_checksums(article: Article) -> dict[str, str]:
    return {code: content_checksum(article, code) for code in LANGUAGE_CODES}


def blocking_findings(version: LanguageVersion):
    return Finding.objects.filter(version=version).open().blocking()


def _locked(version: LanguageVersion, expected_lock_version: int | None) -> LanguageVersion:
    """Re-read the version under a row lock; refuse if someone saved it meanwhile."""
    current = (
        LanguageVersion.objects.select_for_update().select_related("article").get(pk=version.pk)
    )
    if expected_lock_version is not None and current.lock_version != expected_lock_version:
        raise ValidationError(
            _(
                "The %(language)s version was changed by someone else since you opened it. "
                "Reload the page and try again."
            )
            % {"language": language_name(current.language)}
        )
    return current


def _save_state(version: LanguageVersion, *, user, **changes) -> LanguageVersion:
    for name, value in changes.items():
        setattr(version, name, value)
    bump_lock_version(version)
    version.updated_by = user if user is not None and user.is_authenticated else None
    version.full_clean(exclude=["article"])
    version.save()
    return version


#: What a version lacks, by the fields it lacks (see `_require_text`).
_MISSING_TEXT = {
    ("title",): gettext_lazy("The %(language)s version has no title."),
    ("body",): gettext_lazy("The %(language)s version has no body."),
    ("title", "body"): gettext_lazy("The %(language)s version has no title and no body."),
}
#: The consequence, by the action asked for.
_NOTHING_TO = {
    "review": gettext_lazy("There is nothing to review."),
    "publish": gettext_lazy("There is nothing to publish."),
}


def _require_text(version: LanguageVersion, action: str) -> None:
    missing = tuple(f for f in ("title", "body") if not version.article.text(f, version.language))
    if missing:
        lacks = _MISSING_TEXT[missing] % {"language": language_name(version.language)}
        raise ValidationError(f"{lacks} {_NOTHING_TO[action]}")


def unique_slug(title: str, *, taken: Callable[[str], bool], fallback: str = "article") -> str:
    """The slug readers reach a version by: `slug_base(title)`, then -2, -3 … until
    `taken` says it is free; `fallback` when the title has nothing to make a slug of.

    The one rule for every caller: the workflow asks the database, the importer asks
    the slugs it loaded once and those it chose for files not written yet.
    """
    base = slug_base(title) or fallback
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _unique_slug(article: Article, language: str, title: str) -> str:
    column = localized("slug", language)
    others = Article.objects.exclude(pk=article.pk)
    return unique_slug(
        title,
        taken=lambda slug: others.filter(**{column: slug}).exists(),
        fallback=f"article-{article.pk}",
    )


def bump_lock_version(version: LanguageVersion) -> None:
    """Any change to a version, of its state or its text, takes the next lock_version
    (in memory; the caller saves): a page opened before it is refused by `_locked`
    instead of acting on what it never showed."""
    version.lock_version += 1


def flag_outdated_translations(*, article: Article, changed) -> None:
    """When the source language's text changed, every version not changed with it is
    marked "source changed", for an editor to review against the new source."""
    if article.source_language in changed:
        article.versions.exclude(language__in=list(changed)).update(source_changed=True)


# --- state ---------------------------------------------------------------------


def submit_for_review(
    *, version: LanguageVersion, user, lock_version: int | None = None
) -> LanguageVersion:
    with history.change(
        version.article, user=user, comment=history.submitted_comment(version.language)
    ):
        version = _locked(version, lock_version)
        if version.status != Status.DRAFT:
            raise ValidationError(
                _(
                    "Only a draft can be submitted for review; the %(language)s version is %(state)s."
                )
                % {
                    "language": language_name(version.language),
                    "state": _STATE_WORDS[version.status],
                }
            )
        _require_text(version, "review")
        version = _save_state(version, user=user, status=Status.IN_REVIEW)
        notifications.version_submitted(version, by=user)
        return version


def send_back(
    *, version: LanguageVersion, user, note: str = "", lock_version: int | None = None
) -> LanguageVersion:
    """An editor returns a version in review to its translator as a draft, to edit again."""
    comment = f"Sent {version.language} back"
    if note.strip():
        comment += f": {note.strip()}"
    with history.change(version.article, user=user, comment=comment):
        version = _locked(version, lock_version)
        if version.status != Status.IN_REVIEW:
            raise ValidationError(
                _(
                    "Only a version in review can be sent back; the %(language)s version is %(state)s."
                )
                % {
                    "language": language_name(version.language),
                    "state": _STATE_WORDS[version.status],
                }
            )
        version = _save_state(version, user=user, status=Status.DRAFT)
        notifications.version_sent_back(version, by=user, note=note.strip())
        return version


def publish(
    *,
    version: LanguageVersion,
    user,
    at: datetime | None = None,
    override_reason: str = "",
    lock_version: int | None = None,
) -> LanguageVersion:
    """Publish now, or schedule when `at` is in the future (the site filters on the time).

    Open blocking findings need an `override_reason`, kept on the version and in
    history. Whether the user may override is checked by the caller.
    """
    when = at or timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    override_reason = override_reason.strip()
    verb = "Scheduled" if when > timezone.now() else "Published"
    comment = f"{verb} {version.language} for {when:%Y-%m-%d %H:%M %Z}"
    if override_reason:
        comment += f" over blocking findings: {override_reason}"
    with history.change(version.article, user=user, comment=comment):
        version = _locked(version, lock_version)
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
                % {"language": language_name(version.language), "count": blocking}
            )
        _ensure_slugs(version.article, [version.language])
        was_in_review = version.status == Status.IN_REVIEW
        version = _save_state(
            version,
            user=user,
            status=Status.PUBLISHED,
            published_at=when,
            override_reason=override_reason if blocking else "",
        )
        if was_in_review:
            notifications.version_published(version, by=user)
        return version


def unpublish(
    *, version: LanguageVersion, user, lock_version: int | None = None
) -> LanguageVersion:
    """Take a published or scheduled version off the site; it becomes a draft again."""
    with history.change(version.article, user=user, comment=f"Unpublished {version.language}"):
        version = _locked(version, lock_version)
        if version.status != Status.PUBLISHED:
            raise ValidationError(
                _("The %(language)s version is not published or scheduled.")
                % {"language": language_name(version.language)}
            )
        return _save_state(version, user=user, status=Status.DRAFT, published_at=None)


def archive(*, version: LanguageVersion, user, lock_version: int | None = None) -> LanguageVersion:
    with history.change(version.article, user=user, comment=f"Archived {version.language}"):
        version = _locked(version, lock_version)
        if version.status == Status.ARCHIVED:
            raise ValidationError(
                _("The %(language)s version is already archived.")
                % {"language": language_name(version.language)}
            )
        return _save_state(version, user=user, status=Status.ARCHIVED, published_at=None)


def mark_reviewed(
    *, version: LanguageVersion, user, lock_version: int | None = None
) -> LanguageVersion:
    """An editor checked a translation against the changed source: clear the flag."""
    with history.change(
        version.article, user=user, comment=f"Reviewed {version.language} against its source"
    ):
        version = _locked(version, lock_version)
        if not version.source_changed:
            raise ValidationError(
                _("The %(language)s version is not marked outdated.")
                % {"language": language_name(version.language)}
            )
        return _save_state(version, user=user, source_changed=False)


def mark_source(*, article: Article, language: str, user) -> Article:
    """Make `language` the version the others are translated from."""
    with history.change(article, user=user, comment=f"Made {language} the source"):
        version = version_get(article=article, language=language)
        article.source_language = language
        article.save(update_fields=["source_language", "updated_at"])
        if version.source_changed:
            _save_state(version, user=user, source_changed=False)
        return article


# --- text ----------------------------------------------------------------------


def article_text_changed(*, article: Article, before: dict[str, str], user) -> list[str]:
    """Follow up an edit of the article's text; returns the languages whose text changed.

    `before` is `text_checksums(article)` taken before the edit. A changed
    language's version takes the next lock_version (it is created as a draft if
    the editor typed a language the article did not have) and loses its "source
    changed" flag (saving it is reviewing it). A change to the source language
    flags every other version that was not edited in the same save.
    """
    after = text_checksums(article)
    changed = [code for code in LANGUAGE_CODES if before.get(code) != after[code]]
    # Locked: a publish or unpublish at the same moment is not undone by the saves below.
    versions = {
        v.language: v for v in LanguageVersion.objects.select_for_update().filter(article=article)
    }
    _ensure_slugs(article, versions)
    if not changed:
        return []
    for code in changed:
        version = versions.get(code)
        has_text = any(article.text(field, code) for field in ("title", "body"))
        if version is None and has_text:
            versions[code] = LanguageVersion.objects.create(
                article=article, language=code, updated_by=user
            )
        elif version is not None:
            _save_state(version, user=user, source_changed=False)
    flag_outdated_translations(article=article, changed=changed)
    recompute_findings(article)
    return changed


def _ensure_slugs(article: Article, languages) -> None:
    """Readers reach a version by its slug: a missing one (emptied by an editor, or never
    made) is made from the title."""
    for code in languages:
        column, title = localized("slug", code), article.text("title", code)
        if title and not getattr(article, column):
            setattr(article, column, _unique_slug(article, code, title))
            article.save(update_fields=[column, "updated_at"])


def _write_text(article: Article, language: str, texts: dict[str, str]) -> None:
    for field in CONTENT_FIELDS:
        setattr(article, localized(field, language), texts.get(field, "") or "")


def _save_text(article: Article, language: str, *also: str) -> None:
    """Save one language's columns only: an edit of another language meanwhile is kept."""
    columns = [localized(field, language) for field in CONTENT_FIELDS]
    article.save(update_fields=[*columns, *also, "updated_at"])


def _read_text(article: Article, language: str) -> dict[str, str]:
    return {field: article.text(field, language) for field in CONTENT_FIELDS}


def restore_text(*, article: Article, language: str, history_id: int, user) -> LanguageVersion:
    """Put back one language's text as recorded in an earlier history entry; others stay as they are."""
    recorded = history.article_history(article).filter(pk=history_id).first()
    if recorded is None:
        raise ValidationError(_("That history entry does not belong to this article."))
    when = f"{recorded.revision.date_created:%Y-%m-%d %H:%M}"
    with history.change(article, user=user, comment=f"Restored {language} from {when}"):
        version = version_get(article=article, language=language)
        before = text_checksums(article)
        texts = history.text_at(recorded, language)
        if not texts["title"] and not texts["body"]:
            raise ValidationError(
                _("That history entry has no %(language)s text to restore.")
                % {"language": language_name(language)}
            )
        slug_column = localized("slug", language)
        _write_text(article, language, texts)
        if Article.objects.filter(**{slug_column: texts["slug"]}).exclude(pk=article.pk).exists():
            setattr(article, slug_column, _unique_slug(article, language, texts["title"]))
        _save_text(article, language)
        article_text_changed(article=article, before=before, user=user)
        version.refresh_from_db()
        return version


# --- imports -----------------------------------------------------------------------


def import_refusal(version: LanguageVersion) -> str:
    """Why a changed file must not replace `version`'s text ("" if it may).

    An editor's work and the live site are never overwritten: only a draft no one
    edited since its import takes the new text.
    """
    if version.status != Status.DRAFT:
        state = version.display_status.replace("_", " ")  # "scheduled", "in review", …
        return f"is {state}"
    if version.edited_since_import:
        return "was edited by an editor since import"
    return ""


def record_imported_text(
    *, article: Article, version: LanguageVersion, title_derived: bool
) -> None:
    """Follow up the importer's write of a changed file into `version`'s columns (saved).

    New text takes the next lock_version, as an editor's save does: a page opened on the old text
    cannot act on the new one unseen; a new source text flags the translations. The
    findings are recomputed by the import run, with every other article it changed.
    """
    version.title_derived = title_derived
    version.imported_checksum = content_checksum(article, version.language)
    bump_lock_version(version)
    version.save(update_fields=["title_derived", "imported_checksum", "lock_version", "updated_at"])
    flag_outdated_translations(article=article, changed=[version.language])


# --- the edit form: two editors at once ----------------------------------------------


def edit_checksums(article: Article) -> dict[str, str]:
    """Each language's text and slug as an edit form opens: `merge_edit` compares with it.

    The slug counts, unlike in the importer's checksum: a slug is a published
    version's live URL, so changing it is a change like any other. The version's
    lock_version does not decide: publishing moves it without touching the text.
    """
    return {code: content_checksum(article, code, slug=True) for code in LANGUAGE_CODES}


@dataclass
class EditMerge:
    """What a save of the article's edit form may write (see `merge_edit`)."""

    #: Each language's text checksum as stored, for `article_text_changed` after the save.
    text_before: dict[str, str]
    #: Column -> stored value, for the languages this editor left alone and someone else saved.
    kept: dict[str, str] = dataclasses.field(default_factory=dict)
    #: The languages this save changes.
    changing: list[str] = dataclasses.field(default_factory=list)
    #: Changed here and, since the form opened, elsewhere: (language, its version if any).
    conflicts: list[tuple[str, LanguageVersion | None]] = dataclasses.field(default_factory=list)


def merge_edit(*, article_id: int, opened: dict[str, str], posted: dict[str, str]) -> EditMerge:
    """Lock the article's versions and decide, language by language, what a save keeps.

    `opened` is `edit_checksums` as the form opened, `posted` the form's values by
    column. A language the editor changed that someone else saved meanwhile with
    other text is a conflict (the caller saves nothing); a language the editor left
    alone keeps what the database holds now, so saving the German tab never reverts
    a French edit made meanwhile. Call it inside the transaction that saves the form:
    the locks hold until it commits.
    """
    versions = {
        v.language: v
        # of=self: PostgreSQL cannot lock the nullable side of the updated_by outer join.
        for v in LanguageVersion.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(article_id=article_id)
    }
    current = Article.objects.get(pk=article_id)
    merge = EditMerge(text_before=text_checksums(current))
    for code in LANGUAGE_CODES:
        checksum = opened.get(code)
        now_checksum = content_checksum(current, code, slug=True)
        mine = text_checksum({f: posted.get(localized(f, code)) for f in CONTENT_FIELDS}, slug=True)
        if mine not in (checksum, now_checksum):
            merge.changing.append(code)
        if now_checksum == checksum:
            continue  # nobody else saved this language since the form was opened
        if mine == checksum:
            # Left alone here: keep what the other editor (or the importer) saved.
            for name in CONTENT_FIELDS:
                merge.kept[localized(name, code)] = current.text(name, code)
        elif mine != now_checksum:
            merge.conflicts.append((code, versions.get(code)))
    return merge


# --- linking -------------------------------------------------------------------


def _refuse_filled_slot(article: Article, language: str, replace: bool) -> LanguageVersion | None:
    existing = article.versions.filter(language=language).first()
    if existing is not None and not replace:
        raise ValidationError(
            _(
                "“%(article)s” already has a version in %(language)s; an article holds one "
                "version per language. Choose “replace” to put the new text in its place (the "
                "current text stays in the history), or detach the current version first."
            )
            % {"article": article, "language": language_name(language)}
        )
    return existing


def _document_texts(document: SourceDocument) -> dict[str, str]:
    # `parsed` is the importer's ParsedDocument.as_dict(): blocks, a key point list, attribution.
    parsed = document.parsed or {}
    texts = {field: str(parsed.get(field) or "") for field in CONTENT_FIELDS}
    if isinstance(parsed.get("key_points"), list):
        texts["key_points"] = "\n".join(str(p) for p in parsed["key_points"])
    if isinstance(parsed.get("blocks"), list):
        texts["body"] = "\n\n".join(
            SUBHEADING_PREFIX + b["text"] if b.get("kind") == "subheading" else b["text"]
            for b in parsed["blocks"]
            if b.get("text")
        )
    texts["source_attribution"] = texts["source_attribution"] or str(
        parsed.get("attribution") or ""
    )
    if not texts["title"] and not texts["body"]:
        # No parse recorded: first line as title, the rest as body.
        first, _, rest = document.raw_text.strip().partition("\n")
        texts["title"], texts["body"] = first.strip()[:300], rest.strip()
    texts["title"] = texts["title"][:300]
    texts["source_attribution"] = texts["source_attribution"][:300]
    return texts


def link_document(
    *,
    article: Article,
    document: SourceDocument,
    user,
    language: str | None = None,
    replace: bool = False,
) -> LanguageVersion:
    """Attach an unlinked source document as the article's version in `language`.

    `language` defaults to the detected one. A filled slot is replaced only with
    `replace=True`; the new text starts as a draft (it was never reviewed).
    """
    language = language or document.detected_language
    if language not in LANGUAGE_CODES:
        if language:
            message = _(
                "“%(document)s” is in “%(language)s”, not a language of this site; "
                "choose the language slot explicitly."
            )
        else:
            message = _(
                "The language of “%(document)s” is unknown; choose the language slot explicitly."
            )
        raise ValidationError(message % {"document": document, "language": language})
    if document.article_id is not None:
        raise ValidationError(
            _("“%(document)s” is already attached to “%(article)s”.")
            % {"document": document, "article": document.article}
        )
    with history.change(article, user=user, comment=f"Linked {document.name} as {language}"):
        existing = _refuse_filled_slot(article, language, replace)
        before = text_checksums(article)
        texts = _document_texts(document)
        texts["slug"] = _unique_slug(article, language, texts["title"])
        _write_text(article, language, texts)
        _save_text(article, language)
        SourceDocument.objects.filter(article=article, language=language).exclude(
            pk=document.pk
        ).update(outcome=SourceDocument.Outcome.REPLACED)
        document.article, document.language = article, language
        document.outcome = SourceDocument.Outcome.APPLIED
        document.save(update_fields=["article", "language", "outcome"])
        if existing is not None:
            existing.findings.all().delete()
            version = _save_state(
                existing,
                user=user,
                status=Status.DRAFT,
                published_at=None,
                override_reason="",
                link_score=None,
                link_anchors=[],
                title_derived=False,
            )
        else:
            version = LanguageVersion.objects.create(
                article=article, language=language, updated_by=user
            )
        version.imported_checksum = content_checksum(article, language)
        version.title_derived = bool((document.parsed or {}).get("title_derived"))
        version.save(update_fields=["imported_checksum", "title_derived"])
        article_text_changed(article=article, before=before, user=user)
        version.refresh_from_db()
        return version


def attach_version(
    *, article: Article, version: LanguageVersion, user, replace: bool = False
) -> LanguageVersion:
    """Move another article's version (text, state, findings, documents) into `article`.

    The other article is deleted if it has no version left (it stays in history).
    """
    if version.article_id == article.pk:
        raise ValidationError(_("That version already belongs to this article."))
    language = version.language
    with history.change(
        article,
        version.article,
        user=user,
        comment=f"Attached {language} from article #{version.article_id}",
    ):
        existing = _refuse_filled_slot(article, language, replace)
        donor = version.article
        texts = _read_text(donor, language)
        before = text_checksums(article)
        # Free the donor's slug first: slugs are unique per language.
        _write_text(donor, language, {})
        if donor.source_language == language:
            donor.source_language = ""
        _save_text(donor, language, "source_language")
        if existing is not None:
            existing.delete()
        if Article.objects.filter(**{localized("slug", language): texts["slug"]}).exists():
            texts["slug"] = _unique_slug(article, language, texts["title"])
        _write_text(article, language, texts)
        _save_text(article, language)
        version.article = article
        version = _save_state(version, user=user)
        SourceDocument.objects.filter(article=donor, language=language).update(article=article)
        if not donor.versions.exists():
            donor.delete()
        article_text_changed(article=article, before=before, user=user)
        version.refresh_from_db()
        return version


def detach_version(*, version: LanguageVersion, user) -> Article:
    """Take a version out of its article into a new article of its own; returns that article."""
    old = version.article
    language = version.language
    if old.versions.count() < 2:
        raise ValidationError(
            _(
                "The %(language)s version is the only one of “%(article)s”: "
                "there is nothing to detach it from."
            )
            % {"language": language_name(language), "article": old}
        )
    with history.change(old, user=user, comment=f"Detached {language} from article #{old.pk}"):
        texts = _read_text(old, language)
        _write_text(old, language, {})
        if old.source_language == language:
            old.source_language = ""
        _save_text(old, language, "source_language")
        new = Article(source_language=language, import_run=old.import_run)
        _write_text(new, language, texts)
        new.save()
        version.article = new
        _save_state(version, user=user, source_changed=False)
        SourceDocument.objects.filter(article=old, language=language).update(article=new)
        recompute_findings(old)
        recompute_findings(new)
        return new


# --- findings ------------------------------------------------------------------


def apply_suggestion(finding: Finding, *, user, everywhere: bool = False) -> int:
    """Write the dominant spelling of a name in place of its variants, whole words only.

    In the finding's version, or with `everywhere` in every version of the story.
    Returns the number of versions whose text changed. The change is an edit like
    any other (one history entry, `article_text_changed`: lock_version bumps, "source
    changed" flags, findings recomputed).
    """
    if finding.kind != NAME_SPELLING:
        raise ValidationError(_("Only a name-spelling finding has a fix that can be applied."))
    version = finding.version
    article = Article.objects.get(pk=version.article_id)
    versions = list(LanguageVersion.objects.filter(article=article))
    before = text_checksums(article)
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
    targets = [v for v in versions if everywhere or v.pk == version.pk]
    fixes, changed_versions = {}, set()
    for target in targets:
        forms = by_language.get(target.language)
        if not forms:
            continue
        pattern = _whole_words(forms)
        for field in ("title", "lede", "body", "key_points"):
            column = localized(field, target.language)
            text = getattr(article, column) or ""
            fixed = pattern.sub(dominant, text)
            if fixed != text:
                fixes[column] = fixed
                changed_versions.add(target.pk)
    if not fixes:
        recompute_findings(article)
        return 0
    # The instance changes only inside the history entry: its baseline (an imported
    # article's first entry) records the text before the fix, which undo goes back to.
    with history.change(article, user=user, comment=f"Applied suggestion: {finding.kind}"):
        for column, fixed in fixes.items():
            setattr(article, column, fixed)
        article.save(update_fields=[*fixes, "updated_at"])
        article_text_changed(article=article, before=before, user=user)
    return len(changed_versions)


def _whole_words(forms: list[str]) -> re.Pattern:
    """Any of `forms` as a whole word: not inside a longer word ("Openairlines" stays)."""
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


# --- the translation editor --------------------------------------------------------


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
    with history.change(article, user=user, comment=f"Edited the {language} text"):
        # No version yet: typing its text creates it, as in the change form.
        version = article.versions.filter(language=language).first()
        version = _locked(version, None) if version else None
        current = Article.objects.get(pk=article.pk)
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
                    "language": language_name(language),
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
                % {"language": language_name(language), "slug": texts["slug"]}
            )
        before = text_checksums(current)
        _write_text(current, language, texts)
        current.full_clean(validate_unique=False, validate_constraints=False)
        _save_text(current, language)
        article_text_changed(article=current, before=before, user=user)
        return article.versions.filter(language=language).first()


# --- undo --------------------------------------------------------------------------


def undo_change(*, article: Article, language: str, history_id: int, user) -> LanguageVersion:
    """Put `language` back as it was before the change recorded as `history_id`: its text and
    its state (status, publication time, override reason). Recorded like any change.

    Only the article's latest change can be undone this way: after another one, the
    history page restores text knowingly.
    """
    entries = history.article_history(article)
    latest = entries.first()
    if latest is None or latest.pk != history_id:
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
    comment = f"Undid: {latest.revision.comment}"
    with history.change(article, user=user, comment=comment):
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
    with history.change(article, user=user, comment=f"Confirmed the {language} headline"):
        version = _locked(version, None)
        current = Article.objects.get(pk=article.pk)
        if slug and (
            Article.objects.filter(**{localized("slug", language): slug})
            .exclude(pk=article.pk)
            .exists()
        ):
            raise ValidationError(
                _("Another %(language)s article already uses the slug “%(slug)s”.")
                % {"language": language_name(language), "slug": slug}
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


# --- link suggestions ------------------------------------------------------------


def suggestion_link(*, suggestion: LinkSuggestion, user) -> Article:
    """Make the two articles of an open suggestion one: the versions of the one with fewer
    move into the other (`attach_version`), as one history entry. Returns the article kept.
    """
    with transaction.atomic():
        suggestion = _open_suggestion(suggestion)
        first, second = suggestion.article, suggestion.other
        keep, donor = (first, second)
        if second.versions.count() > first.versions.count():
            keep, donor = second, first
        taken = sorted(
            set(keep.versions.values_list("language", flat=True))
            & set(donor.versions.values_list("language", flat=True))
        )
        if taken:
            raise ValidationError(
                _(
                    "Both articles have a %(language)s version; an article holds one version "
                    "per language. Detach one of them first."
                ),
                params={"language": language_name(taken[0])},
            )
        if keep.pk != suggestion.article_id:  # the donor goes: it must be `other` (SET_NULL)
            suggestion.article, suggestion.other = keep, donor
            suggestion.document, suggestion.other_document = (
                suggestion.other_document,
                suggestion.document,
            )
        _repoint_suggestions(donor=donor, keep=keep, but=suggestion)
        suggestion.state = LinkSuggestion.State.LINKED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save()
        comment = (
            f"Linked article #{donor.pk} into #{keep.pk} (suggested, score {suggestion.score:.2f})"
        )
        with history.change(keep, donor, user=user, comment=comment):
            for version in list(donor.versions.all()):
                attach_version(article=keep, version=version, user=user)
            # The attachments above set their own comments; the revision is this link.
            with history.revision(user=user, comment=comment):
                pass
        keep.refresh_from_db()
        return keep


def suggestion_reject(*, suggestion: LinkSuggestion, user) -> LinkSuggestion:
    """Record that the two articles are not translations: no import suggests them again."""
    with transaction.atomic():
        suggestion = _open_suggestion(suggestion)
        suggestion.state = LinkSuggestion.State.REJECTED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
        return suggestion


def _open_suggestion(suggestion: LinkSuggestion) -> LinkSuggestion:
    locked = (
        LinkSuggestion.objects.select_for_update(of=("self",))  # `other` is a nullable join
        .select_related("article", "other")
        .filter(pk=suggestion.pk)
        .first()
    )
    if locked is None or locked.state != LinkSuggestion.State.OPEN or locked.other is None:
        raise ValidationError(_("This suggestion has already been decided."))
    return locked


def _repoint_suggestions(*, donor: Article, keep: Article, but: LinkSuggestion) -> None:
    """The donor article is about to go: its other suggestions (and rejections, which
    must be remembered) now concern the article its versions move to."""
    for other in LinkSuggestion.objects.involving(donor).exclude(pk=but.pk):
        if other.article_id == donor.pk:
            other.article = keep
        if other.other_id == donor.pk:
            other.other = keep
        duplicate = (
            LinkSuggestion.objects.between(other.article_id, other.other_id)
            .exclude(pk=other.pk)
            .exists()
        )
        if other.article_id == other.other_id or duplicate:
            other.delete()  # now within one article, or a second entry for one pair
        else:
            other.save(update_fields=["article", "other"])
