"""The import, start to end: read → parse → detect → link → write → check → report.

`import_bundle()` below reads in that order; each step is a module of its own
(`articles.importing`'s docstring lists them).

Batches, so that memory depends on the batch, not the bundle: the bundle is
walked once for its count (the progress), then again as it is read, parsed,
detected, linked and written `NEWSROOM_IMPORT_BATCH` files at a time. A batch
links against the database, which by then holds the earlier batches: the
stored documents are read through the anchor table as linking reaches them
(`planning.StoredDocuments`), so a translation whose counterpart was in an
earlier batch attaches to that article as it would to one of an earlier run.
What bounds memory is one batch: its texts, lingua's scores of them (and of
the samples the batch before met, `PassageScores.next_batch`), the
stored documents its files reach (the holders of their not-too-common anchors,
at most `linking.MAX_POSTINGS` each, and at most `linking.MAX_CANDIDATES`
candidates a file, read with their anchors; the other versions of their
stories only as languages) and the slugs its titles would take (`SlugBook`).
What the run keeps from batch to batch is small or on disk: the report's rows
(a result per file, the articles, the suggestions) in temporary files
(`report.Rows`), the ids of the articles it changed (checked at the end), and
the process's caches of words and passages (`search_text`, the untranslated
check) up to their bounds. Beyond them the bundle's names are held once, as a
directory's listing is read to walk it in name order. The peak still grows
while the store does, less with each batch: the objects alive after a batch
stay as many, but the heap they are scattered in (glibc's freed-but-held
memory, Python's arenas) grows, as does what a batch's links reach in the
store (up to `linking.MAX_POSTINGS` holders per anchor).

Two importers at once: one links and writes at a time, under
`importer_lock()`, and what the database holds is looked up again under it,
so the second importer links its files to the articles the first one just
wrote instead of starting a second article for the same story. The lock dies
with the process that holds it (a PostgreSQL session lock, an flock next to
the SQLite file), so a killed import never blocks the next.

Write: one story per transaction (`persisting`), through the ORM, so signals
update the search index, the page cache and the CDN as for any save; the
importer imports none of them (it only asks the search index to take its
saves in batches, `search_index.deferred`). A killed run leaves whole stories, whose
files the next run finds unchanged; it closes the killed run and checks and indexes the
articles it wrote. `ImportOptions.stop` is asked before each story (the admin's
Cancel): what was committed stays, the rest is not started.

Check: once every batch is written, the editorial checks of the articles the
run changed (each once, though its files came in several batches), with the
lingua scores kept on their documents, inline or (`checks_in_background`) as
tasks (`articles.tasks`), so the import ends once its texts are stored and the
findings follow.

`--strict` and `--dry-run` run everything inside one outer transaction that
is rolled back at the end (strict: when anything warned or failed), so the
report shows exactly what would have happened.
"""

from __future__ import annotations

import fcntl
import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles import search_index
from articles.importing import notes
from articles.importing.originals import record_originals
from articles.importing.persisting import SlugBook, write_files
from articles.importing.planning import (
    ImportOptions,
    detect_plans,
    link_plans,
    new_texts,
    parse_plans,
    read_entries,
    refresh_plans,
)
from articles.importing.reading import Entry, walk_bundle
from articles.importing.report import DocumentResult, ImportReport, Rows, article_entries
from articles.importing.suggesting import relate_outside, store_suggestions
from articles.language import PassageScores
from articles.models import ImportRun, SourceDocument
from articles.search_index import reindex
from articles.tasks import check_articles, check_imported, enqueue_on_commit

__all__ = ["ImportOptions", "import_bundle", "importer_lock"]

#: Key of the PostgreSQL advisory lock that serialises importers' linking and writing.
ADVISORY_LOCK_KEY = 0x6E657773  # "news"


def import_bundle(options: ImportOptions, run: ImportRun | None = None) -> ImportReport:
    """Import the bundle at `options.paths`; the report says what happened to each file.

    `run`: a queued run (an upload) to import into; otherwise a run is created once a
    file is to be written (a run with nothing to write leaves no trace)."""
    total = sum(1 for _ in walk_bundle(options.paths))  # for the progress; read by batch
    with importer_lock():
        if options.dry_run or options.strict:
            with transaction.atomic():
                report = _Import(options, run, total).run()
                report.rolled_back = options.dry_run or bool(report.failed or report.warnings)
                transaction.set_rollback(report.rolled_back)
            if report.rolled_back:
                report.run = None
            return report
        return _Import(options, run, total).run()


class _Import:
    """One run of `import_bundle`, batch by batch, under the importer lock."""

    def __init__(self, options: ImportOptions, run: ImportRun | None, total: int):
        self.options, self.run_record = options, run
        self.total, self.done, self.cancelled = total, 0, False
        # The report's rows, in temporary files: what grows with the bundle is on disk.
        self.documents, self.suggestions = Rows(kind=DocumentResult), Rows()
        self.changed: set[int] = set()  # the articles this run wrote
        # lingua's scores of the batches' blocks, kept on the documents for the checks at
        # the end (`_check`), which then detect no passage again; a sample the batch before
        # met is not detected again either (`PassageScores.next_batch`).
        self.scores = PassageScores()
        self.dead, self.interrupted = _interrupted_runs(exclude=run)
        self.inline_checks = not options.checks_in_background or options.dry_run or options.strict
        if run is not None:
            run.state, run.started_at = ImportRun.State.RUNNING, timezone.now()
            run.files_total = self.total
            # Only a run still queued starts: Cancel may have come while this one waited
            # for the importer lock (and removed its upload); it stays cancelled.
            started = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.QUEUED).update(
                state=run.state, started_at=run.started_at, files_total=self.total
            )
            if not started:
                self.run_record, self.total = None, 0

    def run(self) -> ImportReport:
        size = settings.NEWSROOM_IMPORT_BATCH
        entries = walk_bundle(self.options.paths)  # walked again, a batch at a time
        for _ in range(0, self.total, size):
            self._batch(list(itertools.islice(entries, size)))
            if self.cancelled:
                break
        if self.options.progress:
            self.options.progress(self.done, self.done, "")  # the end
        if self.interrupted:
            with transaction.atomic():
                reindex(self.interrupted)
        # Once every batch is written: a story's files may come in several batches, and
        # checked after each, a story would be checked once per batch that added to it.
        self._check(self.changed | self.interrupted)
        record_originals(self.changed | self.interrupted)
        # Closed only now that their articles are indexed and checked: were this run killed
        # too, the next one would still find them.
        _close_interrupted_runs(self.dead)
        run = self.run_record
        report = ImportReport(
            run=run.pk if run else None,
            documents=self.documents,
            suggestions=self.suggestions,
            dry_run=self.options.dry_run,
            strict=self.options.strict,
            cancelled=self.cancelled,
        )
        _refresh_statistics(report.counts["created"] + report.counts["updated"])
        report.articles = Rows(article_entries({d.article for d in self.documents if d.article}))
        if run is not None:
            _finish_run(run, report, self.done, self.total)
        return report

    def _batch(self, entries: list[Entry]) -> None:
        self.scores.next_batch()
        plans = read_entries(entries)
        detect_plans(parse_plans(new_texts(plans)), self.scores)
        refresh_plans(plans)
        if not any(p.file for p in plans):  # every file unchanged, skipped or rejected
            self.documents.extend(p.result for p in plans)
            self.done += len(plans)
            self._progress(force=True)
            return
        linked = link_plans(plans)
        if self.run_record is None:
            self.run_record = _start_run(self.options)
        # The slugs the batch's titles would take, looked up now, under the importer lock.
        slugs = SlugBook(
            [
                (p.parsed.title, p.detection.language)
                for p in plans
                if p.file and p.detection.supported
            ]
        )
        with search_index.deferred() as self.index:
            handled = write_files(
                plans, self.options, self.run_record, linked, slugs, self._before_files
            )
        if len(handled) < len(plans):  # cancelled: the stories not started are not reported
            self.cancelled = True
        relate_outside(plans, linked)
        self.suggestions.extend(store_suggestions(plans, linked, self.run_record))
        documents = [p.result for p in handled]
        self.documents.extend(documents)
        _analyze_linking_tables(sum(d.status in ("created", "updated") for d in documents))
        # Checked and their originals recorded at the end (`run`).
        self.changed |= {
            d.article for d in documents if d.status in ("created", "updated") and d.article
        }
        self._progress(force=True)

    def _before_files(self, names: list[str]) -> bool:
        """Before each story's files: say whether the run is to stop here, report progress."""
        if self.options.stop is not None and self.options.stop():
            return True
        for name in names:
            if self.options.progress:
                self.options.progress(self.done, self.total, name)
            self._progress()
            self.done += 1
        search_index.write_if_full(self.index)
        return False

    def _progress(self, force: bool = False) -> None:
        """Store the files done on the run's record, for its page (every 1 % of the bundle)."""
        run = self.run_record
        if run is None or not run.pk:
            return
        step = max(1, self.total // 100)
        if force or self.done % step == 0:
            ImportRun.objects.filter(pk=run.pk).update(files_done=self.done)

    def _check(self, article_ids: set[int]) -> None:
        """The editorial checks of these articles, now or queued (see the docstring), a
        task's worth at a time with the scores the importer kept on their documents."""
        ids = sorted(article_ids)
        for first in range(0, len(ids), CHECKS_PER_TASK):
            chunk = ids[first : first + CHECKS_PER_TASK]
            if self.inline_checks:
                check_imported(chunk)
            else:
                enqueue_on_commit(check_articles, chunk)


#: Articles checked by one background task.
CHECKS_PER_TASK = 200


def _start_run(options: ImportOptions) -> ImportRun:
    return ImportRun.objects.create(source="\n".join(str(p) for p in options.paths))


def _finish_run(run: ImportRun, report: ImportReport, done: int, total: int) -> None:
    run.finished_at = timezone.now()
    run.counts = report.counts
    run.warnings = report.warnings
    run.files_done = done
    run.files_total = total
    run.notes = [*run.notes, *notes.of_report(report)]
    if report.cancelled:
        run.state = ImportRun.State.CANCELLED
    elif report.failed:
        run.state = ImportRun.State.FAILED
    else:
        run.state = ImportRun.State.COMPLETED
    run.save(
        update_fields=[
            "finished_at",
            "counts",
            "warnings",
            "notes",
            "state",
            "files_done",
            "files_total",
        ]
    )


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


#: Files written by one run (on SQLite, one batch) from which the planner's statistics are
#: refreshed at once.
ANALYZE_AFTER_FILES = 200
_ANALYZED = (
    "articles_article",
    "articles_languageversion",
    "articles_sourcedocument",
    "articles_finding",
)


#: SQLite: the tables linking joins, analysed after each batch (`_analyze_linking_tables`),
#: each index sampled this many rows deep: enough for the planner, whatever the tables' size.
_LINKING_TABLES = ("articles_sourcedocument", "articles_documentanchor")
_SQLITE_ANALYSIS_LIMIT = 1000


def _analyze_linking_tables(written: int) -> None:
    """After a batch that wrote many files, on SQLite: statistics of the tables linking joins.

    SQLite keeps none until ANALYZE, and without them its planner reads whether a document
    is linkable from the document's row, after 13 KB of text and JSON in overflow pages,
    instead of from `source_linkable_idx`, and the next batch's linking joins thousands of
    anchor rows to their documents (BENCHMARKS.md, Import). Sampled (`analysis_limit`), it
    costs a few milliseconds a batch.
    """
    if written >= ANALYZE_AFTER_FILES and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {_SQLITE_ANALYSIS_LIMIT}")
            for table in _LINKING_TABLES:
                cursor.execute(f"ANALYZE {table}")


def _refresh_statistics(written: int) -> None:
    """ANALYZE the tables a large import grew, before the report and the site query them.

    Autovacuum would do it within minutes, but until then PostgreSQL plans with the
    old row counts: after 10,000 files into empty tables, counting the open findings
    ran as a nested loop thousands of times slower (BENCHMARKS.md, Import, PostgreSQL).
    """
    if written >= ANALYZE_AFTER_FILES and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(_ANALYZED)}")


def _interrupted_runs(exclude: ImportRun | None = None) -> tuple[list[ImportRun], set[int]]:
    """The runs a killed importer left "running", and the articles they wrote.

    Called under the importer lock, so no such run is alive. Their files were
    each written whole, but the findings of their articles were never computed,
    nor their search index and words written.
    """
    dead = ImportRun.objects.filter(state=ImportRun.State.RUNNING)
    if exclude is not None:
        dead = dead.exclude(pk=exclude.pk)
    dead = list(dead)
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
        run.notes = [*run.notes, notes.note(notes.INTERRUPTED)]  # said in the reader's language
        run.save(update_fields=["state", "notes"])
