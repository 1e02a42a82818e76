"""The editorial checks of the articles an import creates, run beside its writes.

Every slug is chosen before the first write, so the text of an article made
only of this run's files is known in advance: its story goes to a worker
process (`articles.checks.worker`) that checks it while the files are
written. The findings come back with the digest of the story they are for,
and `recompute_findings_for` stores them only where the article, read back
after the writes, still has that story (not if a file of it failed, an
editor saved it meanwhile, or another run took one of its slugs). When the
files are written before the worker is done, the importer takes over half of
the stories it has not reached (`share`).
"""

from __future__ import annotations

from articles.checks import Story, VersionText
from articles.checks.engine import make_story
from articles.checks.services import Checked
from articles.checks.worker import MIN_STORIES, CheckWorker
from articles.importing.linking import Cluster
from articles.importing.planning import Plan
from articles.language import PassageScores


class NewArticleChecks:
    """Sends the stories of the new articles to `worker`; `findings()` collects them."""

    def __init__(
        self,
        plans: list[Plan],
        clusters: dict[int, Cluster],
        worker: CheckWorker | None,
        scores: PassageScores | None,
    ):
        groups: dict[int, tuple[Cluster, list[Plan]]] = {}  # by id() of a cluster with no article
        for index, cluster in clusters.items():
            if cluster.article_id is None:
                groups.setdefault(id(cluster), (cluster, []))[1].append(plans[index])
        self.new = list(groups.values())
        self.worker, self.digests = worker, []
        self.kept = len(self.new)  # the stories whose findings the worker sends
        if worker and len(self.new) < MIN_STORIES:
            worker.stop()
        elif worker:
            self.digests = worker.check((story(files) for _c, files in self.new), scores)

    def share(self) -> set[int]:
        """Once the files are written: the articles the worker checks. It leaves the importer
        half of the stories it has not reached yet, for the importer to check meanwhile."""
        if not (self.worker and self.worker.running):
            return set()
        self.kept = self.worker.share()
        return {cluster.article_id for cluster, _files in self.new[: self.kept]} - {None}

    def findings(self) -> Checked:
        """The worker's findings by the article each story became (none if it failed)."""
        results = self.worker.results() if self.worker else None
        if results is None:
            return {}
        # Not strict: should the worker send fewer findings than it kept stories, the
        # articles left out are checked by the importer, as any article without findings here.
        kept = zip(self.new[: self.kept], self.digests, results[: self.kept], strict=False)
        return {
            cluster.article_id: (digest, findings)
            for (cluster, _files), digest, findings in kept
            if cluster.article_id
        }


def story(files: list[Plan]) -> Story:
    """The story an article made of these files reads back once they are written."""
    return make_story(
        VersionText(
            language=plan.detection.language,
            title_derived=plan.parsed.title_derived,
            **plan.parsed.article_fields(plan.slug),
        )
        for plan in files
    )
