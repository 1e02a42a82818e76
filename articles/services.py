"""Editorial workflow: the one place that changes a version's state or an article's text.

The admin, the management commands and the tests all call these functions, so a
rule holds whoever triggers it. The functions enforce business rules (an empty
version cannot be published, a filled language slot is not overwritten unless
the caller says `replace=True`, …) and raise ValidationError with a message an
editor can act on. They do not check permissions: who may call what is the
caller's job (the admin checks Django permissions, commands run as operators).

Every change is recorded as one django-reversion revision (see articles/history.py)
with the acting user and a comment; the first change to an imported article
first records its state as imported, so replaced text is never lost.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import history, notifications
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    SUBHEADING_PREFIX,
    Article,
    Finding,
    LanguageVersion,
    SourceDocument,
    Status,
    content_checksum,
    localized,
    slug_base,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


# --- reading helpers -------------------------------------------------------------


def version_get(*, article: Article, language: str) -> LanguageVersion:
    """The article's version in `language`, or a ValidationError saying what is wrong."""
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            f"“{language}” is not a language of this site (use one of {', '.join(LANGUAGE_CODES)})."
        )
    try:
        return article.versions.get(language=language)
    except LanguageVersion.DoesNotExist:
        raise ValidationError(f"“{article}” has no {language_name(language)} version.") from None


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
            f"The {language_name(current.language)} version was changed by someone else "
            "since you opened it. Reload the page and try again."
        )
    return current


def _save_state(version: LanguageVersion, *, user, **changes) -> LanguageVersion:
    for name, value in changes.items():
        setattr(version, name, value)
    version.lock_version += 1
    version.updated_by = user if user is not None and user.is_authenticated else None
    version.full_clean(exclude=["article"])
    version.save()
    return version


def _require_text(version: LanguageVersion, action: str) -> None:
    missing = [f for f in ("title", "body") if not version.article.text(f, version.language)]
    if missing:
        raise ValidationError(
            f"The {language_name(version.language)} version has no {' and no '.join(missing)}: "
            f"there is nothing to {action}."
        )


def _unique_slug(article: Article, language: str, title: str) -> str:
    base = slug_base(title) or f"article-{article.pk}"
    column = localized("slug", language)
    slug, n = base, 1
    while Article.objects.filter(**{column: slug}).exclude(pk=article.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _recompute_findings(article: Article) -> None:
    """Ask the editorial checks to look at the article's new text."""
    # Imported here: articles.checks.services imports this module.
    from articles.checks import recompute_findings

    recompute_findings(article)


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
                f"Only a draft can be submitted for review; the "
                f"{language_name(version.language)} version is {version.get_status_display().lower()}."
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
                    "state": version.get_status_display().lower(),
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
                _(
                    "The %(language)s version has %(n)d open blocking finding(s). Fix or "
                    "dismiss them, or publish over them with a reason."
                )
                % {"language": language_name(version.language), "n": blocking}
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
                f"The {language_name(version.language)} version is not published or scheduled."
            )
        return _save_state(version, user=user, status=Status.DRAFT, published_at=None)


def archive(*, version: LanguageVersion, user, lock_version: int | None = None) -> LanguageVersion:
    with history.change(version.article, user=user, comment=f"Archived {version.language}"):
        version = _locked(version, lock_version)
        if version.status == Status.ARCHIVED:
            raise ValidationError(
                f"The {language_name(version.language)} version is already archived."
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
                f"The {language_name(version.language)} version is not marked outdated."
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
    language counts as a new revision of its version (created as a draft if the
    editor typed a language the article did not have) and clears its "source
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
    source = article.source_language
    if source in changed:
        article.versions.exclude(language__in=changed).update(source_changed=True)
    _recompute_findings(article)
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
    """Put back one language's text as recorded in an earlier revision; others stay as they are."""
    recorded = history.article_history(article).filter(pk=history_id).first()
    if recorded is None:
        raise ValidationError("That revision does not belong to this article.")
    when = f"{recorded.revision.date_created:%Y-%m-%d %H:%M}"
    with history.change(article, user=user, comment=f"Restored {language} from {when}"):
        version = version_get(article=article, language=language)
        before = text_checksums(article)
        texts = history.text_at(recorded, language)
        if not texts["title"] and not texts["body"]:
            raise ValidationError(
                f"That revision has no {language_name(language)} text to restore."
            )
        slug_column = localized("slug", language)
        _write_text(article, language, texts)
        if Article.objects.filter(**{slug_column: texts["slug"]}).exclude(pk=article.pk).exists():
            setattr(article, slug_column, _unique_slug(article, language, texts["title"]))
        _save_text(article, language)
        article_text_changed(article=article, before=before, user=user)
        version.refresh_from_db()
        return version


# --- linking -------------------------------------------------------------------


def _refuse_filled_slot(article: Article, language: str, replace: bool) -> LanguageVersion | None:
    existing = article.versions.filter(language=language).first()
    if existing is not None and not replace:
        raise ValidationError(
            _(
                "“%(article)s” already has a version in %(language)s; an article holds one "
                "version per language. Choose “replace” to put the new text in its place "
                "(the current text stays in the history), or detach the current version first."
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
        raise ValidationError(
            f"“{document}” is in “{language or 'an unknown language'}”, not a language of this "
            "site; choose the language slot explicitly."
        )
    if document.article_id is not None:
        raise ValidationError(f"“{document}” is already attached to “{document.article}”.")
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
        raise ValidationError("That version already belongs to this article.")
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
            f"The {language_name(language)} version is the only one of “{old}”: "
            "there is nothing to detach it from."
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
        _recompute_findings(old)
        _recompute_findings(new)
        return new
