"""Demo content for a fresh site: publish what the editorial checks let through.

`make run` imports the seed bundle as drafts, as an import always does; a site
whose every edition is empty looks broken to a newcomer. `publish_demo` (run by
`manage.py load_demo`, never by `import_seeds`) publishes every draft or
in-review version that has text and no open blocking finding, through
`services.publish` like an editor would, and says why it holds back the rest.
It does nothing on a site that already has a published version: a demo step
must never override an editor's choices on a site in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from articles import services
from articles.models import LanguageVersion, Status


@dataclass
class Held:
    version: LanguageVersion
    reason: str


@dataclass
class DemoOutcome:
    published: list[LanguageVersion] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    #: The site already had published versions, so nothing was touched.
    site_in_use: bool = False


def _blocking_reason(version: LanguageVersion) -> str:
    kinds = list(services.blocking_findings(version).values_list("kind", flat=True))
    if not kinds:
        return ""
    count = ngettext(
        "%(count)d open blocking finding (%(kinds)s)",
        "%(count)d open blocking findings (%(kinds)s)",
        len(kinds),
    )
    return count % {"count": len(kinds), "kinds": ", ".join(sorted(set(kinds)))}


@transaction.atomic
def publish_demo() -> DemoOutcome:
    """Publish the drafts that pass the checks (see the module docstring)."""
    outcome = DemoOutcome()
    if LanguageVersion.objects.filter(status=Status.PUBLISHED).exists():
        outcome.site_in_use = True
        return outcome
    candidates = (
        LanguageVersion.objects.filter(status__in=[Status.DRAFT, Status.IN_REVIEW])
        .select_related("article")
        .order_by("article_id", "language")
    )
    now = timezone.now()
    for version in candidates:
        reason = _blocking_reason(version)
        if reason:
            outcome.held.append(Held(version, reason))
            continue
        try:
            # The seeds are the project's own demo texts, on a site with nothing published:
            # their importer-made headlines are confirmed here, by whoever runs the demo
            # (`services.publish` refuses them from any other caller that does not say so).
            published = services.publish(version=version, user=None, at=now, confirm_headline=True)
            outcome.published.append(published)
        except ValidationError as exc:  # e.g. no title or body: nothing to publish
            outcome.held.append(Held(version, " ".join(exc.messages)))
    return outcome
