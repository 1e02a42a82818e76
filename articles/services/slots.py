"""Language slots: one rule fills a slot (`fill_slot`), whoever fills it: linking a
source document, attaching another article's version, the importer. Detaching empties one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles import history
from articles.editorial_checks import recompute_findings
from articles.language_names import name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    SUBHEADING_PREFIX,
    Article,
    LanguageVersion,
    SourceDocument,
    Status,
    content_checksum,
    localized,
)
from articles.services.common import (
    _read_text,
    _save_state,
    _save_text,
    _unique_slug,
    _write_text,
    article_text_changed,
    bump_lock_version,
    flag_outdated_translations,
    lock_articles,
    text_checksums,
)


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


def fill_slot(*, article_id: int, language: str) -> None:
    """The one rule for a language slot that takes a new text, whoever fills it (linking a
    file, attaching another article's version, the importer updating a draft): every file
    the slot held is marked REPLACED. The caller then attaches the file(s) the new text
    came from. So the slot holds one applied file, and a changed copy of a replaced file
    is never taken by the importer for an update of the text an editor chose."""
    SourceDocument.objects.filter(article_id=article_id, language=language).update(
        outcome=SourceDocument.Outcome.REPLACED
    )


def _refuse_filled_slot(article: Article, language: str, replace: bool) -> LanguageVersion | None:
    existing = article.versions.filter(language=language).first()
    if existing is not None and not replace:
        raise ValidationError(
            _(
                "“%(article)s” already has a version in %(language)s; an article holds one "
                "version per language. Choose “replace” to put the new text in its place (the "
                "current text stays in the history), or detach the current version first."
            )
            % {"article": article, "language": name_in_sentence(language)}
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
    with history.change(
        article, user=user, comment=history.entry("linked_document", language, name=document.name)
    ):
        existing = _refuse_filled_slot(article, language, replace)
        before = text_checksums(article)
        texts = _document_texts(document)
        texts["slug"] = _unique_slug(article, language, texts["title"])
        _write_text(article, language, texts)
        _save_text(article, language)
        fill_slot(article_id=article.pk, language=language)
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
        comment=history.entry("attached", language, article=version.article_id),
    ):
        # Both articles' rows before any version's: the one lock order (`lock_articles`).
        lock_articles(article.pk, version.article_id)
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
        fill_slot(article_id=article.pk, language=language)
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
            % {"language": name_in_sentence(language), "article": old}
        )
    with history.change(
        old, user=user, comment=history.entry("detached", language, article=old.pk)
    ):
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
