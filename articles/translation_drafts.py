"""Drafts that come from outside an editor's keyboard: a machine's and an agency's.

`machine_translation_draft` fills a language from the source version through an engine
(`articles/machine_translation.py`), paragraph by paragraph; `xliff_export` and
`xliff_import` send a story's source to an agency and load its translation back
(`articles/xliff.py`). Both write through `services.save_text`, so the rules of any
edit hold: one history entry, the checks run on the new text (names and figures the
engine changed become findings), the "source changed" flag clears. The result is always
a draft: neither ever touches a version in review or published, whose text is the
editors' or the readers'.

A machine draft is recorded as `MachineTranslation` (who asked, which engine, when, and
the machine's text), which the reader's label is read from (`articles/provenance.py`).

Permissions: the admin asks `roles` who may press the buttons. An import also says no to
a language the user may not edit (`user` given); a command runs as an operator (`user`
None) and is refused nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import history, roles, services
from articles.language_names import language_name
from articles.machine_translation import Engine, EngineError, configured_engine, how_to_configure
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    Article,
    LanguageVersion,
    MachineTranslation,
    Status,
    content_checksum,
)
from articles.xliff import Unit, XliffError, build, parse, texts_of, units_of

#: What the history says of a machine draft and an agency's file (read by the activity list).


def source_of(article: Article, language: str, wanted: str | None = None) -> str:
    """The language a translation into `language` starts from: `wanted`, else the article's
    source, else its first other version with text; a ValidationError when there is none."""
    if wanted:
        if wanted == language:
            raise ValidationError(_("A version cannot be translated from its own language."))
        services.version_get(article=article, language=wanted)
        return wanted
    have = [v.language for v in article.versions.all() if v.language != language]
    for code in (article.source_language, *LANGUAGE_CODES):
        if code in have and article.text("body", code):
            return code
    raise ValidationError(
        _("“%(article)s” has no other version to translate the %(language)s one from.")
        % {"article": article, "language": language_name(language)}
    )


def draft_refusal(article: Article, language: str) -> str:
    """Why a draft from outside may not be written into `language` ("" if it may): a version
    in review or published keeps its text."""
    version = article.versions.filter(language=language).first()
    if version is None or version.status == Status.DRAFT:
        return ""
    if version.status == Status.ARCHIVED:
        return _("The %(language)s version is archived; its text stays as it was.") % {
            "language": language_name(language)
        }
    if version.status == Status.IN_REVIEW:
        return _(
            "The %(language)s version is in review: send it back or publish it before "
            "replacing its text."
        ) % {"language": language_name(language)}
    return _(
        "The %(language)s version is published or scheduled: a new draft would replace the "
        "text readers see. Unpublish it first, or edit it by hand."
    ) % {"language": language_name(language)}


def _write_draft(
    *, article: Article, language: str, texts: dict[str, str], user, comment: str
) -> LanguageVersion:
    """Write `texts` into `language` as a draft, as one history entry named `comment`."""
    refusal = draft_refusal(article, language)
    if refusal:
        raise ValidationError(refusal)
    current = Article.objects.get(pk=article.pk)
    # The slug readers may already know stays; a new version's is made from the title.
    texts = {**texts, "slug": current.text("slug", language)}
    with history.change(article, user=user, comment=comment):
        version = services.save_text(
            article=current,
            language=language,
            texts=texts,
            user=user,
            opened_checksum=content_checksum(current, language, slug=True),
        )
        if version is None:  # no title and no body came back: nothing to be a version
            raise ValidationError(_("The translation has no title and no body; nothing was saved."))
        # save_text names its own entry; this one is the operation's.
        with history.revision(user=user, comment=comment):
            pass
    return version


# --- machine translation -----------------------------------------------------------


def machine_translation_draft(
    *,
    article: Article,
    language: str,
    user,
    source_language: str | None = None,
    engine: Engine | None = None,
) -> LanguageVersion:
    """Fill `language` with the engine's translation of the source version, as a draft.

    Nothing changes when the engine fails (the ValidationError carries its message) or
    when the version is in review or published (`draft_refusal`).
    """
    if language not in LANGUAGE_CODES:
        services.version_get(article=article, language=language)  # says which languages exist
    engine = engine or configured_engine()
    if engine is None:
        raise ValidationError(how_to_configure())
    source = source_of(article, language, source_language)
    refusal = draft_refusal(article, language)
    if refusal:
        raise ValidationError(refusal)
    units = units_of({field: article.text(field, source) for field in CONTENT_FIELDS})
    if not units:
        raise ValidationError(
            _("The %(language)s version has no text to translate.")
            % {"language": language_name(source)}
        )
    try:
        translated = engine.translate([u.source for u in units], source=source, target=language)
    except EngineError as exc:
        raise ValidationError(
            _("Nothing was changed: %(error)s") % {"error": exc}, code="engine"
        ) from exc
    texts = texts_of(units, {u.id: text for u, text in zip(units, translated, strict=True)})
    comment = history.entry("machine_translated", language, source=source, engine=engine.name)
    with history.change(article, user=user, comment=comment):
        version = _write_draft(
            article=article, language=language, texts=texts, user=user, comment=comment
        )
        MachineTranslation.objects.update_or_create(
            article=article,
            language=language,
            defaults={
                "source_language": source,
                "engine": engine.name,
                "requested_by": user if user is not None and user.is_authenticated else None,
                "requested_at": timezone.now(),
                "machine_text": {f: texts.get(f, "") for f in CONTENT_FIELDS if f != "slug"},
            },
        )
    return version


# --- XLIFF -------------------------------------------------------------------------


def xliff_export(*, article: Article, source_language: str, target_language: str) -> bytes:
    """The story's `source_language` text as an XLIFF 2.1 document for `target_language`."""
    services.version_get(article=article, language=source_language)
    if target_language not in LANGUAGE_CODES:
        services.version_get(article=article, language=target_language)
    if target_language == source_language:
        raise ValidationError(_("The target language must differ from the source language."))
    units = units_of({f: article.text(f, source_language) for f in CONTENT_FIELDS})
    return build(
        article_id=article.pk,
        title=article.text("title", source_language),
        source_language=source_language,
        target_language=target_language,
        units=units,
        exported_at=f"{timezone.now():%Y-%m-%dT%H:%M:%SZ}",
    )


def xliff_export_name(article: Article, source_language: str, target_language: str) -> str:
    return f"article-{article.pk}-{source_language}-{target_language}.xlf"


def xliff_import(*, data: bytes, user) -> list[LanguageVersion]:
    """Load an agency's translation into each story's target version, as a draft.

    All or nothing: the whole file is checked first (well-formed XLIFF 2, stories that
    exist, a target this site has and the user may edit, sources unchanged since the
    export, every unit translated); any problem refuses it with the reason, naming the
    units concerned, and nothing is written.
    """
    try:
        files = parse(data)
    except XliffError as exc:
        raise ValidationError(_("The file was not imported: %(error)s") % {"error": exc}) from exc
    plans = [_plan(returned, user) for returned in files]
    versions = []
    with transaction.atomic():
        for article, language, texts in plans:
            comment = history.entry("imported_xliff", language)
            version = _write_draft(
                article=article, language=language, texts=texts, user=user, comment=comment
            )
            # An agency's text is a person's translation: not the machine's any more.
            MachineTranslation.objects.filter(article=article, language=language).delete()
            versions.append(version)
    return versions


def _plan(returned, user) -> tuple[Article, str, dict[str, str]]:
    article = Article.objects.filter(pk=returned.article_id).first()
    if article is None:
        raise ValidationError(
            _("The file is for article #%(id)d, which does not exist (any more).")
            % {"id": returned.article_id}
        )
    source, target = returned.source_language, returned.target_language
    for code in (source, target):
        if code not in LANGUAGE_CODES:
            raise ValidationError(
                _("The file is in “%(language)s”, which is not a language of this site.")
                % {"language": code}
            )
    if user is not None and roles.text_refusals(user, article.pk, [target]).get(target) == (
        roles.NOT_THEIRS
    ):
        raise ValidationError(
            _("You may not edit the %(language)s text: it is not one of your languages.")
            % {"language": language_name(target)}
        )
    refusal = draft_refusal(article, target)
    if refusal:
        raise ValidationError(refusal)
    units = units_of({f: article.text(f, source) for f in CONTENT_FIELDS})
    _compare(article, source, units, returned)
    return article, target, texts_of(units, returned.targets)


def _compare(article: Article, source: str, units: list[Unit], returned) -> None:
    """Refuse a file whose units no longer match the story's source, or are untranslated."""
    now = {u.id: u.source for u in units}
    changed = sorted(
        (
            uid
            for uid in set(now) | set(returned.sources)
            if _norm(now.get(uid)) != _norm(returned.sources.get(uid))
        ),
        key=_unit_order,
    )
    if changed:
        raise ValidationError(
            _(
                "The %(language)s source of “%(article)s” changed since this file was exported "
                "(units: %(units)s); nothing was imported. Export it again and send the "
                "agency the changed units."
            )
            % {
                "language": language_name(source),
                "article": article,
                "units": ", ".join(changed),
            }
        )
    empty = [u.id for u in units if not returned.targets.get(u.id, "").strip()]
    if empty:
        raise ValidationError(
            _("These units have no translation: %(units)s; nothing was imported.")
            % {"units": ", ".join(empty)}
        )


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _unit_order(unit_id: str) -> tuple[int, int, str]:
    kinds = ["title", "lede", "body", "key-point", "attribution"]
    kind, _sep, number = unit_id.rpartition("-")
    if number.isdigit() and kind in kinds:
        return kinds.index(kind), int(number), unit_id
    return (kinds.index(unit_id) if unit_id in kinds else len(kinds)), 0, unit_id
