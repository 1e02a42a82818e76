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
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from articles import history
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
        version.article, user=user, comment=f"Submitted {version.language} for review"
    ):
        version = _locked(version, lock_version)
        if version.status != Status.DRAFT:
            raise ValidationError(
                f"Only a draft can be submitted for review; the "
                f"{language_name(version.language)} version is {version.get_status_display().lower()}."
            )
        _require_text(version, "review")
        return _save_state(version, user=user, status=Status.IN_REVIEW)


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
                f"The {language_name(version.language)} version has {blocking} open blocking "
                "finding(s). Fix or dismiss them, or publish over them with a reason."
            )
        _ensure_slugs(version.article, [version.language])
        return _save_state(
            version,
            user=user,
            status=Status.PUBLISHED,
            published_at=when,
            override_reason=override_reason if blocking else "",
        )


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
            f"“{article}” already has a {language_name(language)} version; an article holds "
            f"one version per language. Choose “replace” to put the new text in its place "
            "(the current text stays in the history), or detach the current version first."
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
                gettext("someone")
            )
            raise TextConflict(
                gettext(
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
                gettext("Another %(language)s article already uses the slug “%(slug)s”.")
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
            gettext(
                "The article changed again since; nothing was undone. "
                "Its history shows every change and can restore an earlier text."
            )
        )
    before = entries.filter(pk__lt=latest.pk).first()
    state = history.state_at(before, language) if before is not None else None
    if state is None:
        raise ValidationError(gettext("There is no earlier state of this version to go back to."))
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
        raise ValidationError(gettext("A published version needs a headline."))
    with history.change(article, user=user, comment=f"Confirmed the {language} headline"):
        version = _locked(version, None)
        current = Article.objects.get(pk=article.pk)
        if slug and (
            Article.objects.filter(**{localized("slug", language): slug})
            .exclude(pk=article.pk)
            .exists()
        ):
            raise ValidationError(
                gettext("Another %(language)s article already uses the slug “%(slug)s”.")
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
    _recompute_findings(Article.objects.get(pk=article.pk))  # the derived-title finding lapses
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
                gettext(
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
        raise ValidationError(gettext("This suggestion has already been decided."))
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
