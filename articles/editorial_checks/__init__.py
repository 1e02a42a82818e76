"""Editorial checks across the language versions of a story.

Each check is a pure function over a `Story` snapshot (see `base`), one small
module per family; `engine.run_checks` runs them all without the database and
`services` stores the results as `Finding` rows.

    recompute_findings(article) -> list[Finding]   # after any save of the article's text
    recompute_findings_for(ids)                    # many at once, after an import
    open_finding_counts(ids) -> {id: counts}
    dismiss_finding(finding, user=…, reason=…)     # reason required (ValidationError)
    run_checks(article_or_story) -> list[FindingData]  # pure, for tests and the benchmark

Severity matches the harm a reader would suffer (decided in issue 28). *Blocking*
findings stop `services.publish` until an editor fixes the text, dismisses the
finding with a reason, or publishes over it with an `override_reason` (kept on the
version and in its history); *advisory* ones only inform.

| blocks publishing | because readers would get |
|---|---|
| untranslated paragraph, title or lede | text in another language |
| changed figure (`figures`: a value the other versions give differently, in the same paragraph; three versions or more) | a wrong figure |
| name misspelt once (`names`: a typing slip of a name the other versions spell alike) | a wrong name |
| empty title; slug of one of the site's own pages (`titles`) | no headline; an unreachable page |
| markup (`leftovers`) | tags as text |

Advisory: a figure that disagrees between two versions only (nothing says which is
right), spelling variants a version keeps using ("Openai" throughout), "read also"
inserts and attribution lines left in the body, boilerplate, an unfinished last
sentence, a long title, a taken or empty slug, and the structure findings (cut off,
lost lede or key points, a headline the importer derived).
"""

from articles.editorial_checks.base import ADVISORY, BLOCKING, FindingData, Story, VersionText
from articles.editorial_checks.engine import run_checks, story_from_article
from articles.editorial_checks.services import (
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
