"""Store and dismiss findings: the database side of the checks.

`recompute_findings` upserts by fingerprint (kind + the text concerned), so a
dismissal survives re-runs and edits elsewhere in the version, and lapses
exactly when the text it concerns changes — the old fingerprint stops
occurring, its row is deleted, and the new text gets a fresh, open finding.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.editorial_checks import untranslated
from articles.editorial_checks.base import BLOCKING, FindingData
from articles.editorial_checks.engine import run_checks, story_from_article
from articles.language import PassageScores
from articles.models import Article, Finding, LanguageVersion, localized

_UPDATED_FIELDS = ("severity", "paragraph", "message", "suggestion", "detail")


def _taken_slugs_of(wanted_by_article) -> dict[int, dict[str, frozenset[str]]]:
    """For many (article, languages) pairs, in one query: {article id: the slugs of its
    versions that another article already uses, per language}."""
    wanted = [
        (article, {code: article.text("slug", code) for code in languages})
        for article, languages in wanted_by_article
    ]
    slugs: dict[str, set[str]] = defaultdict(set)
    for _article, by_code in wanted:
        for code, slug in by_code.items():
            if slug:
                slugs[code].add(slug)
    if not slugs:
        return {}
    condition = Q()
    for code, values in slugs.items():
        condition |= Q(**{f"{localized('slug', code)}__in": sorted(values)})
    codes = list(slugs)
    holders: dict[tuple[str, str], set[int]] = defaultdict(set)  # (code, slug) -> article ids
    rows = Article.objects.filter(condition).values_list(
        "pk", *(localized("slug", code) for code in codes)
    )
    for pk, *values in rows:
        for code, value in zip(codes, values, strict=True):
            if value in slugs[code]:
                holders[(code, value)].add(pk)
    return {
        article.pk: {
            code: frozenset({slug})
            for code, slug in by_code.items()
            if slug and holders[(code, slug)] - {article.pk}
        }
        for article, by_code in wanted
    }


def recompute_findings(article: Article) -> list[Finding]:
    """Run every check on `article` and make its stored findings match; returns them, open or not.

    Checks the text of the instance given (call it after saving, with the saved instance).
    A fixed number of queries whatever the number of versions or findings.
    """
    return _recompute([article])[0]


def _recompute(articles: list[Article]) -> list[list[Finding]]:
    """`recompute_findings` for several articles at once: the same few queries for all of them."""
    with transaction.atomic():
        # Locking the versions serialises two recomputes of one article (two saves at
        # once), which would otherwise both insert the same new fingerprints.
        versions_of: dict[int, list[LanguageVersion]] = defaultdict(list)
        for version in LanguageVersion.objects.select_for_update().filter(
            article__in=[a.pk for a in articles]
        ):
            versions_of[version.article_id].append(version)
        taken = _taken_slugs_of(
            [(a, [v.language for v in versions_of[a.pk]]) for a in articles if a.pk]
        )
        versions_by_pk = {v.pk: v for versions in versions_of.values() for v in versions}
        existing: dict[tuple[int, str], Finding] = {}
        for row in Finding.objects.filter(version__in=list(versions_by_pk)):
            row.version = versions_by_pk[row.version_id]
            existing[(row.version_id, row.fingerprint)] = row
        kept, changed, new = [], [], []
        for article in articles:
            versions = versions_of[article.pk]
            by_language = {v.language: v for v in versions}
            story = story_from_article(article, versions, taken.get(article.pk))
            keep = []
            for item in run_checks(story):
                version = by_language[item.language]
                row = existing.pop((version.pk, item.fingerprint), None)
                if row is None:
                    row = Finding(version=version, kind=item.kind, fingerprint=item.fingerprint)
                    _copy(item, row)
                    new.append(row)
                elif _copy(item, row):
                    changed.append(row)
                keep.append(row)
            kept.append(keep)
        stale = [f.pk for f in existing.values()]
        for start in range(0, len(stale), _CHUNK):
            Finding.objects.filter(pk__in=stale[start : start + _CHUNK]).delete()
        if changed:
            Finding.objects.bulk_update(changed, _UPDATED_FIELDS)
        if new:
            Finding.objects.bulk_create(new)
    return kept


#: Articles recomputed together by `recompute_findings_for`: their passages are
#: language-detected in one parallel call and stay within the detection cache.
BATCH = 100
#: Articles whose findings are stored in one transaction: a few queries for all of them,
#: while the versions stay locked for a fraction of a second only.
STORE_BATCH = 25
_CHUNK = 500  # ids per IN (…) query; SQLite limits bound parameters


def recompute_findings_for(article_ids, known_scores: PassageScores | None = None) -> None:
    """Recompute many articles' findings (after an import; `open_finding_counts` counts them).

    `known_scores`: lingua's scores of the passages the importer already read, so
    the untranslated check does not detect them a second time.
    """
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        articles = list(
            Article.objects.filter(pk__in=ids[start : start + BATCH]).prefetch_related("versions")
        )
        untranslated.prepare(
            (story_from_article(a, list(a.versions.all())) for a in articles), known_scores
        )
        for first in range(0, len(articles), STORE_BATCH):
            _recompute(articles[first : first + STORE_BATCH])


def open_finding_counts(article_ids) -> dict[int, dict[str, int]]:
    """{article id: {"open": n, "blocking": n}} for the articles that have open findings."""
    ids = sorted(set(article_ids))
    counts = {}
    for start in range(0, len(ids), _CHUNK):
        rows = (
            Finding.objects.open()
            .filter(version__article__in=ids[start : start + _CHUNK])
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
        raise ValidationError({"dismiss_reason": _("Say why this finding does not apply.")})
    finding.dismissed_at = timezone.now()
    finding.dismissed_by = user
    finding.dismiss_reason = reason
    finding.save(update_fields=["dismissed_at", "dismissed_by", "dismiss_reason"])
    return finding
