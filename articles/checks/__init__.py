"""Editorial checks across the language versions of a story.

Each check is a pure function over a `Story` snapshot (see `base`), one small
module per family; `engine.run_checks` runs them all without the database and
`services` stores the results as `Finding` rows.

    recompute_findings(article) -> list[Finding]   # after any save of the article's text
    recompute_findings_for(ids)                    # many at once, after an import
    open_finding_counts(ids) -> {id: counts}
    dismiss_finding(finding, user=…, reason=…)     # reason required (ValidationError)
    run_checks(article_or_story) -> list[FindingData]  # pure, for tests and the benchmark
"""

from articles.checks.base import ADVISORY, BLOCKING, FindingData, Story, VersionText
from articles.checks.engine import run_checks, story_from_article
from articles.checks.services import (
    dismiss_finding,
    open_finding_counts,
    recompute_findings,
    recompute_findings_for,
)

__all__ = [
    "ADVISORY",
    "BLOCKING",
    "FindingData",
    "Story",
    "VersionText",
    "dismiss_finding",
    "open_finding_counts",
    "recompute_findings",
    "recompute_findings_for",
    "run_checks",
    "story_from_article",
]
