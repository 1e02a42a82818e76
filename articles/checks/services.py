"""Store, dismiss and fix findings: the database side of the checks.

`recompute_findings` upserts by fingerprint (kind + the text concerned), so a
dismissal survives re-runs and edits elsewhere in the version, and lapses
exactly when the text it concerns changes — the old fingerprint stops
occurring, its row is deleted, and the new text gets a fresh, open finding.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from articles.checks import untranslated
from articles.checks.base import BLOCKING, FindingData
from articles.checks.engine import run_checks, story_from_article
from articles.checks.names import KIND as NAME_SPELLING
from articles.models import Article, Finding, LanguageVersion, localized
from articles.services import article_text_changed, text_checksums

_UPDATED_FIELDS = ("severity", "paragraph", "message", "suggestion")


def taken_slugs(article: Article, languages) -> dict[str, frozenset[str]]:
    """The slugs of `article`'s versions that another article already uses, per language (one query)."""
    wanted = {code: article.text("slug", code) for code in languages}
    condition = Q()
    for code, slug in wanted.items():
        if slug:
            condition |= Q(**{localized("slug", code): slug})
    if not condition:
        return {}
    columns = [localized("slug", code) for code in wanted]
    clashes: dict[str, set[str]] = {}
    others = Article.objects.filter(condition).exclude(pk=article.pk).values_list(*columns)
    for row in others:
        for (code, slug), other in zip(wanted.items(), row, strict=True):
            if slug and other == slug:
                clashes.setdefault(code, set()).add(slug)
    return {code: frozenset(slugs) for code, slugs in clashes.items()}


def recompute_findings(article: Article) -> list[Finding]:
    """Run every check on `article` and make its stored findings match; returns them, open or not.

    Checks the text of the instance given (call it after saving, with the saved instance).
    A fixed number of queries whatever the number of versions or findings.
    """
    with transaction.atomic():
        # Locking the versions serialises two recomputes of one article (two saves at
        # once), which would otherwise both insert the same new fingerprints.
        versions = list(LanguageVersion.objects.select_for_update().filter(article=article))
        by_language = {v.language: v for v in versions}
        story = story_from_article(
            article, versions, taken_slugs(article, by_language) if article.pk else None
        )
        computed = run_checks(story)
        existing = {
            (f.version_id, f.fingerprint): f
            for f in Finding.objects.filter(version__article=article).select_related("version")
        }
        keep, changed, new = [], [], []
        for item in computed:
            version = by_language[item.language]
            row = existing.pop((version.pk, item.fingerprint), None)
            if row is None:
                row = Finding(version=version, kind=item.kind, fingerprint=item.fingerprint)
                _copy(item, row)
                new.append(row)
            elif _copy(item, row):
                changed.append(row)
            keep.append(row)
        if existing:
            Finding.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()
        if changed:
            Finding.objects.bulk_update(changed, _UPDATED_FIELDS)
        if new:
            Finding.objects.bulk_create(new)
    return keep


#: Articles recomputed together by `recompute_findings_for`: their passages are
#: language-detected in one parallel call and stay within the detection cache.
BATCH = 100


def recompute_findings_for(article_ids) -> dict[int, dict[str, int]]:
    """Recompute many articles' findings (after an import); the open counts per article."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        articles = list(
            Article.objects.filter(pk__in=ids[start : start + BATCH]).prefetch_related("versions")
        )
        untranslated.prepare(story_from_article(a, list(a.versions.all())) for a in articles)
        for article in articles:
            recompute_findings(article)
    return open_finding_counts(ids)


def open_finding_counts(article_ids) -> dict[int, dict[str, int]]:
    """{article id: {"open": n, "blocking": n}} for the articles that have open findings."""
    ids = sorted(set(article_ids))
    counts = {}
    for start in range(0, len(ids), BATCH * 5):
        rows = (
            Finding.objects.open()
            .filter(version__article__in=ids[start : start + BATCH * 5])
            .values("version__article")
            .annotate(open=Count("pk"), blocking=Count("pk", filter=Q(severity=BLOCKING)))
        )
        counts.update(
            {r["version__article"]: {"open": r["open"], "blocking": r["blocking"]} for r in rows}
        )
    return counts


def _copy(item: FindingData, row: Finding) -> bool:
    """Copy what may change while the fingerprint holds (position, wording); True if anything did."""
    dirty = False
    for name in _UPDATED_FIELDS:
        if getattr(row, name) != getattr(item, name):
            setattr(row, name, getattr(item, name))
            dirty = True
    return dirty


def dismiss_finding(finding: Finding, *, user, reason: str) -> Finding:
    """Dismiss `finding` until the text it concerns changes; a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"dismiss_reason": "Say why this finding does not apply."})
    finding.dismissed_at = timezone.now()
    finding.dismissed_by = user
    finding.dismiss_reason = reason
    finding.save(update_fields=["dismissed_at", "dismissed_by", "dismiss_reason"])
    return finding


def apply_suggestion(finding: Finding, *, user, everywhere: bool = False) -> int:
    """Write the dominant spelling of a name in place of its variants, whole words only.

    In the finding's version, or with `everywhere` in every version of the story.
    Returns the number of versions whose text changed. The change goes through the
    workflow's `article_text_changed` like any edit (new revision, "source changed"
    flags), which recomputes the findings.
    """
    if finding.kind != NAME_SPELLING:
        raise ValidationError("Only a name-spelling finding has a fix that can be applied.")
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
        raise ValidationError("The text changed since this finding was made; it no longer applies.")
    dominant = current.data["dominant"]
    by_language = current.data["variants_by_language"]
    targets = [v for v in versions if everywhere or v.pk == version.pk]
    changed_columns, changed_versions = [], []
    for target in targets:
        forms = by_language.get(target.language)
        if not forms:
            continue
        pattern = _whole_words(forms)
        touched = False
        for field in ("title", "lede", "body", "key_points"):
            column = localized(field, target.language)
            text = getattr(article, column) or ""
            fixed = pattern.sub(dominant, text)
            if fixed != text:
                setattr(article, column, fixed)
                changed_columns.append(column)
                touched = True
        if touched:
            changed_versions.append(target.pk)
    if not changed_columns:
        recompute_findings(article)
        return 0
    with transaction.atomic():
        article.save(update_fields=[*changed_columns, "updated_at"])
        # An edit like any other: new revisions, "source changed" flags, findings recomputed.
        article_text_changed(article=article, before=before, user=user)
    return len(changed_versions)


def _whole_words(forms: list[str]) -> re.Pattern:
    """Any of `forms` as a whole word: not inside a longer word ("Openairlines" stays)."""
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
