"""The import, start to end: read → parse → detect → link → plan → write → check → report.

`import_bundle()` below reads in that order; each step is a module of its own
(`articles.importing`'s docstring lists them).

Plan, with no write: every file read, parsed and language-detected, the
texts the database or the bundle already holds set aside (`planning`).

Two importers at once: reading, parsing and language detection (the slow
part) run in parallel, but linking and writing hold `importer_lock()`, and
what the database holds is looked up again under it. The second importer
therefore links its files to the articles the first one just wrote instead
of starting a second article for the same story. The lock dies with the
process that holds it (a PostgreSQL session lock, an flock next to the
SQLite file), so a killed import never blocks the next.

Write: one file per transaction (`persisting`), so a killed run leaves whole
files, which the next run finds unchanged; it closes the killed run and
checks and indexes the articles it wrote.

Check: the editorial checks of the articles a run creates from its files
alone run in a worker process while the files are written
(`articles.checks.worker`): every slug is chosen before the first write, so
each such article's text is known in advance. Its findings are stored only if
the article still holds exactly that text once written; any other article a
run touched is checked after the writes.

`--strict` and `--dry-run` run everything inside one outer transaction that
is rolled back at the end (strict: when anything warned or failed), so the
report shows exactly what would have happened.
"""

from __future__ import annotations

import fcntl
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from articles.caching import invalidate_public_pages
from articles.checks import recompute_findings_for
from articles.checks.worker import CheckWorker
from articles.importing.checking import NewArticleChecks
from articles.importing.originals import record_originals
from articles.importing.persisting import SlugBook, choose_slugs, write_files
from articles.importing.planning import (
    ImportOptions,
    Plan,
    detect_plans,
    link_plans,
    new_texts,
    parse_plans,
    read_bundle,
    refresh_plans,
)
from articles.importing.report import ImportReport, article_entries
from articles.importing.suggesting import relate_outside, store_suggestions
from articles.language import PassageScores
from articles.models import Article, ImportRun, SourceDocument
from articles.search_index import PendingIndex, reindex

__all__ = ["ImportOptions", "import_bundle", "importer_lock", "plan"]

#: Key of the PostgreSQL advisory lock that serialises importers' linking and writing.
ADVISORY_LOCK_KEY = 0x6E657773  # "news"


def import_bundle(options: ImportOptions) -> ImportReport:
    """Import the bundle at `options.paths`; the report says what happened to each file."""
    # Forked now, while this process is small: see `articles.checks.worker`.
    worker = CheckWorker.fork()
    try:
        with _rare_collections():
            # lingua's scores of every block, for the untranslated check
            scores = PassageScores()
            plans = plan(options, scores)
            with importer_lock():
                refresh_plans(plans)
                if options.dry_run or options.strict:
                    return _write_rolled_back(plans, options, scores, worker)
                return write(plans, options, scores, worker)
    finally:
        if worker:
            worker.stop()


def plan(options: ImportOptions, scores: PassageScores | None = None) -> list[Plan]:
    """Read → parse → detect: a plan for every file of the bundle, nothing written."""
    plans = read_bundle(options)
    detect_plans(parse_plans(new_texts(plans)), scores)
    return plans


def write(
    plans: list[Plan],
    options: ImportOptions,
    scores: PassageScores | None = None,
    worker: CheckWorker | None = None,
) -> ImportReport:
    """Link → plan → write → check → report, under the importer lock."""
    linked = link_plans(plans)
    dead, interrupted = _interrupted_runs()
    run = _start_run(plans, options)
    slugs = SlugBook()
    choose_slugs(plans, slugs)
    checks = NewArticleChecks(plans, linked.clusters, worker, scores)
    to_index = PendingIndex()
    try:
        write_files(plans, options, run, linked, slugs, to_index)
    finally:
        if run is not None:  # `rows` sends no signal: cached pages may show what changed
            invalidate_public_pages()
    with transaction.atomic():
        to_index.write()
        reindex(interrupted)
    by_worker = checks.share()
    relate_outside(plans, linked)
    suggestions = store_suggestions(plans, linked, run)

    documents = [p.result for p in plans]
    report = ImportReport(
        run=run.pk if run else None,
        documents=documents,
        suggestions=suggestions,
        dry_run=options.dry_run,
        strict=options.strict,
    )
    # The editorial checks of every article this run (or a killed one) changed: first those
    # the worker does not check, while it finishes its own.
    written = [d for d in documents if d.status in ("created", "updated")]
    changed = {d.article for d in written if d.article} | interrupted
    recompute_findings_for(changed - by_worker, known_scores=scores)
    recompute_findings_for(changed & by_worker, known_scores=scores, checked=checks.findings())
    record_originals(Article.objects.filter(pk__in=changed))  # where the texts make it clear
    # Closed only now that their articles are indexed and checked: were this run killed
    # too, the next one would still find them.
    _close_interrupted_runs(dead)
    _refresh_statistics(len(written))
    report.articles = article_entries({d.article for d in documents if d.article})
    if run is not None:
        _finish_run(run, report)
    return report


def _write_rolled_back(
    plans: list[Plan], options: ImportOptions, scores: PassageScores, worker: CheckWorker | None
) -> ImportReport:
    """`--dry-run`, `--strict`: `write()` in one transaction, rolled back when asked."""
    with transaction.atomic():
        report = write(plans, options, scores, worker)
        report.rolled_back = options.dry_run or bool(report.failed or report.warnings)
        transaction.set_rollback(report.rolled_back)
    if report.rolled_back:
        report.run = None
    return report


def _start_run(plans: list[Plan], options: ImportOptions) -> ImportRun | None:
    """The run's record; a run with nothing to write (every file unchanged or skipped)
    leaves no trace."""
    if not any(p.file for p in plans):
        return None
    return ImportRun.objects.create(source="\n".join(str(p) for p in options.paths))


def _finish_run(run: ImportRun, report: ImportReport) -> None:
    run.finished_at = timezone.now()
    run.counts = report.counts
    run.warnings = report.warnings
    run.state = ImportRun.State.FAILED if report.failed else ImportRun.State.COMPLETED
    run.save(update_fields=["finished_at", "counts", "warnings", "state"])


@contextmanager
def importer_lock() -> Iterator[None]:
    """Let one importer at a time link and write (see the module docstring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    elif connection.vendor == "sqlite" and not connection.is_in_memory_db():
        with open(f"{connection.settings_dict['NAME']}.import-lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    else:  # an in-memory database has one process
        yield


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while a bundle is in memory.

    A planned bundle is millions of long-lived objects, and with the default
    thresholds each full collection walked them all again (BENCHMARKS.md, Import).
    Not switched off: querysets and model instances
    leave reference cycles, which are still collected, only in larger batches.
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


#: Files written by one run from which PostgreSQL's planner statistics are refreshed at once.
ANALYZE_AFTER_FILES = 200
_ANALYZED = (
    "articles_article",
    "articles_languageversion",
    "articles_sourcedocument",
    "articles_finding",
)


def _refresh_statistics(written: int) -> None:
    """ANALYZE the tables a large import grew, before the report and the site query them.

    Autovacuum would do it within minutes, but until then PostgreSQL plans with the
    old row counts: after 10,000 files into empty tables, counting the open findings
    ran as a nested loop thousands of times slower (BENCHMARKS.md, Import, PostgreSQL).
    """
    if written >= ANALYZE_AFTER_FILES and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(_ANALYZED)}")


def _interrupted_runs() -> tuple[list[ImportRun], set[int]]:
    """The runs a killed importer left "running", and the articles they wrote.

    Called under the importer lock, so no such run is alive. Their files were
    each written whole, but the findings of their articles were never computed,
    nor their search index and words written.
    """
    dead = list(ImportRun.objects.filter(state=ImportRun.State.RUNNING))
    if not dead:
        return [], set()
    articles = set(
        SourceDocument.objects.filter(import_run__in=dead, article__isnull=False)
        .values_list("article_id", flat=True)
        .distinct()
    )
    return dead, articles


def _close_interrupted_runs(dead: list[ImportRun]) -> None:
    """Mark `dead` runs failed, once a run has completed what they left undone."""
    for run in dead:
        run.state = ImportRun.State.FAILED
        run.warnings = [*run.warnings, "interrupted before it finished; completed by a later run"]
        run.save(update_fields=["state", "warnings"])
