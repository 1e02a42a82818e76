"""What every service shares: reading a version, the row locks, saving a version's
state and one language's text, slugs, and the follow-up of any text change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.editorial_checks import recompute_findings
from articles.language_names import name_in_sentence
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    Article,
    Finding,
    LanguageVersion,
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
            % {"article": article, "language": name_in_sentence(language)}
        ) from None


def text_checksums(article: Article) -> dict[str, str]:
    return {code: content_checksum(article, code) for code in LANGUAGE_CODES}


def edits_wait(version: LanguageVersion | None) -> bool:
    """The one rule for an edit of a version's text, whichever form sends it: a published
    or scheduled version's text is what readers see (or will see at its time), so an edit
    waits beside it as its working copy (`articles.working_copies`) until it is published.
    Any other version's text is edited in place."""
    return version is not None and version.status == Status.PUBLISHED


def working_text(version: LanguageVersion) -> dict[str, str]:
    """The text an editor opens and works on: the working copy if there is one, else the
    version's own text."""
    if version.pending_text:
        return {f: version.pending_text.get(f, "") for f in CONTENT_FIELDS}
    return {f: version.text(f) for f in CONTENT_FIELDS}


def working_checksum(version: LanguageVersion) -> str:
    """The checksum of `working_text`, slug included: what an editor saw, to compare when
    they save or publish it."""
    return text_checksum(working_text(version), slug=True)


def write_working_copy(version: LanguageVersion, texts: dict[str, str], *, user) -> LanguageVersion:
    """Keep `texts` as the next text of the published `version`, locked by the caller
    (`lock_version_row`): readers see no change. Texts equal to the published text leave
    nothing waiting. Every writer of a copy comes here: the editors' saves
    (`working_copies.save_working_copy`), a restore and a fix (`services.texts`)."""
    texts = {f: texts.get(f) or "" for f in CONTENT_FIELDS}
    if any(texts[f] != version.text(f) for f in CONTENT_FIELDS):
        version.pending_text, version.pending_since = texts, timezone.now()
    else:  # back to the published text: nothing is waiting
        version.pending_text, version.pending_since = {}, None
    version.updated_by = user if user is not None and user.is_authenticated else None
    bump_lock_version(version)
    # Not `updated_at`: readers see it as the page's last change (the feed's <updated>, the
    # sitemap's <lastmod>, JSON-LD's dateModified), and their text has not changed.
    version.save(update_fields=["pending_text", "pending_since", "updated_by", "lock_version"])
    return version


def blocking_findings(version: LanguageVersion):
    return Finding.objects.filter(version=version).open().blocking()


# The order of row locks, for every writer: the article's row first, then its versions'.
# Attaching a version writes the article before its versions, and publishing (which may
# give the article a slug) locks the version before writing the article: taken in two
# orders, two such writers could each hold the row the other waits for, and PostgreSQL
# would end one of them with a deadlock error. One order for all, article first, means
# the second writer waits for the first to commit and then goes on.


def lock_articles(*article_ids: int) -> None:
    """Lock the articles' rows, lowest id first, before anything of theirs is written."""
    list(
        Article.objects.select_for_update()
        .filter(pk__in=article_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_version_row(version: LanguageVersion) -> LanguageVersion:
    """Lock the version's article, then the version, and read the version again."""
    lock_articles(version.article_id)
    return LanguageVersion.objects.select_for_update().select_related("article").get(pk=version.pk)


def _locked(version: LanguageVersion, expected_lock_version: int | None) -> LanguageVersion:
    """Re-read the version under a row lock; refuse if someone saved it meanwhile."""
    current = lock_version_row(version)
    if expected_lock_version is not None and current.lock_version != expected_lock_version:
        raise ValidationError(
            _(
                "The %(language)s version was changed by someone else since you opened it. "
                "Reload the page and try again."
            )
            % {"language": name_in_sentence(current.language)}
        )
    return current


def lock_article_text(article_id: int) -> tuple[dict[str, LanguageVersion], Article]:
    """Lock the article's row, then its versions, and read them: what a save of its text
    compares with must not change before the save commits.

    The article's row lock is also what serialises two first saves of a language that has
    no version yet (nothing else to lock): the second waits, then reads the first's text
    and is a conflict, not a silent overwrite. The versions are read after the article's
    lock, so a version that save created is among them.
    """
    article = Article.objects.select_for_update().get(pk=article_id)
    # of=self: PostgreSQL cannot lock the nullable side of the updated_by outer join.
    locking = LanguageVersion.objects.select_for_update(of=("self",)).filter(article_id=article_id)
    versions = {v.language: v for v in locking.select_related("updated_by", "article")}
    return versions, article


def _save_state(version: LanguageVersion, *, user, **changes) -> LanguageVersion:
    for name, value in changes.items():
        setattr(version, name, value)
    if version.status != Status.PUBLISHED and version.pending_text:
        # Only a published version has a working copy (articles/working_copies.py): one kept
        # past unpublishing or archiving would later be published over the draft edited
        # since. The history entry that saved it still holds it.
        version.pending_text, version.pending_since = {}, None
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
        lacks = _MISSING_TEXT[missing] % {"language": name_in_sentence(version.language)}
        raise ValidationError(f"{lacks} {_NOTHING_TO[action]}")


def unique_slug(title: str, *, taken: Callable[[str], bool], fallback: str = "article") -> str:
    """The slug readers reach a version by: `slug_base(title)`, then -2, -3 … until
    `taken` says it is free; `fallback` when the title has nothing to make a slug of.

    The one rule for every caller: the workflow asks the database, the importer asks
    the slugs it loaded once and those it chose for files not written yet.
    """
    base = slug_base(title) or fallback
    n = 1
    while taken(numbered_slug(base, n)):
        n += 1
    return numbered_slug(base, n)


def numbered_slug(base: str, n: int) -> str:
    """The `n`-th slug `unique_slug` tries from `base`: base, base-2, base-3 …"""
    return base if n == 1 else f"{base}-{n}"


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
