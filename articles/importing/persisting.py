"""The import service: plan the whole bundle in memory, then write one file per transaction.

Planning (`planning`, no writes): read, parse, detect, link. Writing: each
file in its own `transaction.atomic()`, so a crash leaves whole files only and
the next run completes the rest (its files are then "unchanged"). A new
version's rows are written by `rows`, whose SQL is built once per run.

Two importers at once: reading, parsing and language detection (the slow
part) run in parallel, but linking and writing hold `importer_lock()`, and
what the database holds is looked up again under it. The second importer
therefore links its files to the articles the first one just wrote instead
of starting a second article for the same story. The lock dies with the
process that holds it (a PostgreSQL session lock, an flock next to the
SQLite file), so a killed import never blocks the next.

An editor's work and the live site are never overwritten: a changed file
(same name, new bytes) updates its version only while the version is a draft
that no one edited since import (`services.import_refusal`). Otherwise (in review,
published, scheduled or archived: text an editor reviewed, or readers see) it
is kept as a *pending* source document for an editor, and reported. An update
takes the next lock_version of the version, like an editor's save, so a review page
opened on the old text cannot publish the new one unseen.

The editorial checks of the articles a run creates from its files alone run
in a worker process while the files are written (`articles.checks.worker`):
every slug is chosen before the first write, so each such article's text is
known in advance. Its findings are stored only if the article still holds
exactly that text once written; any other article a run touched is checked
after the writes, as before.

`--strict` and `--dry-run` run everything inside one outer transaction that
is rolled back at the end (strict: when anything warned or failed), so the
report shows exactly what would have happened.
"""

from __future__ import annotations

import fcntl
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from articles import services
from articles.caching import invalidate_public_pages
from articles.checks import recompute_findings_for
from articles.checks.worker import CheckWorker
from articles.importing import rows
from articles.importing.checking import NewArticleChecks
from articles.importing.linking import Cluster, Link
from articles.importing.planning import (
    ImportOptions,
    Linked,
    Plan,
    link_plans,
    plan_bundle,
    refresh_plans,
)
from articles.importing.report import ImportReport, article_entries
from articles.importing.suggesting import relate_outside, store_suggestions
from articles.language import PassageScores
from articles.models import (
    Article,
    ImportRun,
    LanguageVersion,
    SourceDocument,
    Status,
    localized,
    text_checksum,
)
from articles.search_index import FIELDS, Vocabulary, index_texts, reindex

__all__ = ["ImportOptions", "import_bundle", "importer_lock"]

Outcome = SourceDocument.Outcome
#: Key of the PostgreSQL advisory lock that serialises importers' linking and writing.
ADVISORY_LOCK_KEY = 0x6E657773  # "news"


def import_bundle(options: ImportOptions) -> ImportReport:
    """Import the bundle at `options.paths`; the report says what happened to each file."""
    # Forked now, while this process is small: see `articles.checks.worker`.
    worker = CheckWorker.fork()
    try:
        with _rare_collections():
            return _import(options, worker)
    finally:
        if worker:
            worker.stop()


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


def _import(options: ImportOptions, worker: CheckWorker | None) -> ImportReport:
    # lingua's scores of every block, for the untranslated check the run ends with
    scores = PassageScores()
    plans = plan_bundle(options, scores)
    with importer_lock():
        refresh_plans(plans)
        if not (options.dry_run or options.strict):
            return _write(plans, options, scores, worker)
        with transaction.atomic():
            report = _write(plans, options, scores, worker)
            report.rolled_back = options.dry_run or bool(report.failed or report.warnings)
            transaction.set_rollback(report.rolled_back)
    if report.rolled_back:
        report.run = None
    return report


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


def _write(
    plans: list[Plan],
    options: ImportOptions,
    scores: PassageScores | None = None,
    worker: CheckWorker | None = None,
) -> ImportReport:
    linked = link_plans(plans)
    interrupted = _close_interrupted_runs()
    # A run that has nothing to write (every file unchanged or skipped) leaves no trace.
    run = None
    if any(p.file for p in plans):
        run = ImportRun.objects.create(source="\n".join(str(p) for p in options.paths))
    slugs = _SlugBook()
    # Every slug is chosen before the first write, so the stories of the new articles
    # are known and checked by a worker process while the files are written.
    for plan in plans:
        if plan.file and plan.detection.supported and not plan.prior:
            plan.slug = slugs.unique(plan.parsed.title, plan.detection.language)
    checks = NewArticleChecks(plans, linked.clusters, worker, scores)
    words = Vocabulary()
    try:
        _write_files(plans, options, run, linked, slugs, words)
    finally:
        if run is not None:  # `rows` sends no signal: cached pages may show what changed
            invalidate_public_pages()
    with transaction.atomic():
        words.write()
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
    _refresh_statistics(len(written))
    report.articles = article_entries({d.article for d in documents if d.article})
    if run is None:
        return report
    run.finished_at = timezone.now()
    run.counts = report.counts
    run.warnings = report.warnings
    run.state = ImportRun.State.FAILED if report.failed else ImportRun.State.COMPLETED
    run.save(update_fields=["finished_at", "counts", "warnings", "state"])
    return report


def _write_files(
    plans: list[Plan],
    options: ImportOptions,
    run: ImportRun | None,
    linked: Linked,
    slugs: _SlugBook,
    words: Vocabulary,
) -> None:
    """Write each file in its own transaction; one that fails does not stop the others."""
    clusters, links, blocked = linked.clusters, linked.links, linked.blocked
    total = len(plans)
    for index, plan in enumerate(plans):
        if options.progress:
            options.progress(index, total, plan.result.file)
        if not plan.file:
            continue
        if index in blocked:
            other, link = blocked[index]
            plan.result.warnings.append(
                f"resembles {_describe(other, plans)} (score {link.score:.2f}) whose "
                f"{plan.detection.language} version exists; imported as a separate article"
            )
        warnings = list(plan.result.warnings)
        cluster = clusters.get(index)
        # A file that fails takes the article it created with it (rolled back): the next
        # file of its story creates it again rather than attaching to a row that is gone.
        article_before = cluster.article_id if cluster else None
        try:
            try:
                _write_file(plan, run, cluster, links.get(index), slugs, words)
            except IntegrityError:
                # A concurrent importer took a slug or a language slot meanwhile: once more,
                # with fresh slugs (the file's own checks then see the other run's rows).
                slugs.reload()
                plan.slug = None
                plan.result.warnings = warnings
                if cluster:
                    cluster.article_id = article_before
                _write_file(plan, run, cluster, links.get(index), slugs, words)
            finally:
                slugs.careful = False
        except Exception as exc:  # one bad file must not stop the others
            if cluster:
                cluster.article_id = article_before
            plan.result.status = "failed"
            plan.result.article = None
            plan.result.warnings.append(f"failed: {exc.__class__.__name__}: {exc}")
        plan.file = plan.parsed = None  # free the text: bundles can be large
    if options.progress:
        options.progress(total, total, "")


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


def _close_interrupted_runs() -> set[int]:
    """Mark runs a killed importer left "running"; return the articles they wrote.

    Called under the importer lock, so no such run is alive. Their files were
    each written whole, but the findings of their articles were never computed.
    """
    dead = list(ImportRun.objects.filter(state=ImportRun.State.RUNNING))
    if not dead:
        return set()
    articles = set(
        SourceDocument.objects.filter(import_run__in=dead, article__isnull=False)
        .values_list("article_id", flat=True)
        .distinct()
    )
    for run in dead:
        run.state = ImportRun.State.FAILED
        run.warnings = [*run.warnings, "interrupted before it finished; completed by a later run"]
        run.save(update_fields=["state", "warnings"])
    return articles


def _describe(key, plans: list[Plan]) -> str:
    kind, value = key
    return plans[value].result.file if kind == "file" else f"source document #{value}"


def _write_file(
    plan: Plan, run: ImportRun, cluster: Cluster | None, link: Link | None, slugs, words
) -> None:
    result, detection = plan.result, plan.detection
    # No per-file look-up of the SHA-256: `refresh_plans` did it under the importer lock, which
    # is held until the last file is written; the unique constraint is the backstop.
    with transaction.atomic():
        if not detection.supported:
            what = detection.language or "unknown"
            result.status, result.outcome = "skipped", Outcome.UNSUPPORTED
            result.warnings.append(f"language {what} is not a site language; kept unattached")
            _create_document(plan, run, article=None, language="", outcome=Outcome.UNSUPPORTED)
            return
        if plan.prior:
            version = (
                LanguageVersion.objects.select_related("article")
                .filter(article_id=plan.prior["article_id"], language=detection.language)
                .first()
            )
            if version:
                _update_version(plan, run, version)
                return
        _attach(plan, run, cluster, link, slugs, words)


def _update_version(plan: Plan, run: ImportRun, version: LanguageVersion) -> None:
    result, language, article = plan.result, version.language, version.article
    result.article = article.pk
    older = SourceDocument.objects.filter(article=article, language=language)
    refusal = services.import_refusal(version)
    if refusal:
        older.filter(outcome=Outcome.PENDING).update(outcome=Outcome.REPLACED)
        result.status, result.outcome = "skipped", Outcome.PENDING
        result.warnings.append(
            f"the {language} version of article #{article.pk} {refusal}; "
            "the new text is kept for an editor to review (pending)"
        )
        _create_document(plan, run, article=article.pk, language=language, outcome=Outcome.PENDING)
        return
    older.filter(outcome__in=[Outcome.APPLIED, Outcome.PENDING]).update(outcome=Outcome.REPLACED)
    columns = _columns(plan.parsed.article_fields(), language)
    for column, value in columns.items():
        setattr(article, column, value)
    article.save(update_fields=[*columns, "updated_at"])
    services.record_imported_text(
        article=article, version=version, title_derived=plan.parsed.title_derived
    )
    # The run recomputes the findings of every article with an "updated" file.
    result.status, result.outcome = "updated", Outcome.APPLIED
    _create_document(plan, run, article=article.pk, language=language, outcome=Outcome.APPLIED)


def _attach(
    plan: Plan, run: ImportRun, cluster: Cluster | None, link: Link | None, slugs, words
) -> None:
    """Create the version: in the cluster's article, or in a new article."""
    result, language, parsed = plan.result, plan.detection.language, plan.parsed
    article_id = None
    if cluster and cluster.article_id:
        # An article this run created cannot have gained the language elsewhere unless a
        # concurrent importer linked to it; the unique constraint catches that, and the
        # retry (slugs.careful) looks first.
        check = slugs.careful or cluster.article_id not in slugs.created
        if (
            check
            and LanguageVersion.objects.filter(
                article_id=cluster.article_id, language=language
            ).exists()
        ):
            result.warnings.append(
                f"article #{cluster.article_id} already has a {language} version; "
                "imported as a separate article"
            )
            link = None
        else:
            article_id = cluster.article_id
    plan.slug = plan.slug or slugs.unique(parsed.title, language)
    texts = parsed.article_fields(plan.slug)
    columns = _columns(texts, language)
    if article_id is None:
        article = Article(import_run=run, **columns)
        rows.insert(article)
        article_id = article.pk
        slugs.created.add(article_id)
        if cluster and cluster.article_id is None:
            cluster.article_id = article_id
    else:
        # Only this language's columns are written, without loading the row: an editor's
        # change to another language meanwhile is not overwritten.
        written = rows.update(Article, article_id, {**columns, "updated_at": timezone.now()})
        if written != 1:
            raise Article.DoesNotExist(f"article #{article_id} was deleted during the import")
    # `rows` sends no signal: the search index is written here, in the file's transaction,
    # and its words once the files are (`_write`).
    index_texts([(article_id, language, [texts[f] for f in FIELDS])], vocabulary=words)
    rows.insert(
        LanguageVersion(
            article_id=article_id,
            language=language,
            status=Status.DRAFT,
            title_derived=parsed.title_derived,
            link_score=link.score if link else None,
            link_anchors=link.anchors if link else [],
            imported_checksum=text_checksum(texts),
        )
    )
    result.status, result.outcome, result.article = "created", Outcome.APPLIED, article_id
    _create_document(plan, run, article=article_id, language=language, outcome=Outcome.APPLIED)


def _columns(texts: dict[str, str], language: str) -> dict[str, str]:
    """The text by field (`ParsedDocument.article_fields`) by the column it goes to."""
    return {localized(name, language): value for name, value in texts.items()}


def _create_document(
    plan: Plan, run: ImportRun, *, article: int | None, language: str, outcome: str
) -> None:
    file, detection = plan.file, plan.detection
    document = SourceDocument(
        import_run=run,
        name=file.name,
        sha256=file.sha256,
        text_sha256=file.text_sha256,
        size=file.size,
        encoding=file.encoding,
        raw_text=file.raw_text,
        parsed=_parsed_json(plan),
        detected_language=detection.language,
        confidence=detection.confidence,
        article_id=article,
        language=language,
        outcome=outcome,
        warnings=plan.result.warnings,
    )
    rows.insert(document)
    plan.document = document.pk


def _parsed_json(plan: Plan) -> dict:
    """What the parser read, with each block's language (for the untranslated-text check)."""
    parsed, blocks = plan.parsed, iter(plan.detection.blocks)

    def tag(text: str) -> dict:
        code, confidence = next(blocks)
        return {"text": text, "language": code, "confidence": confidence}

    data = {"title": parsed.title, "title_derived": parsed.title_derived}
    if not parsed.title_derived:
        data["title_language"] = tag(parsed.title)
    data["lede"] = tag(parsed.lede)
    data["blocks"] = [{"kind": b.kind, **tag(b.text)} for b in parsed.blocks]
    data["key_points"] = [tag(item) for item in parsed.key_points]
    data.update(attribution=parsed.attribution, removed=parsed.removed, anchors=plan.anchors)
    return data


class _SlugBook:
    """Unique slugs per language (`services.unique_slug`), without a query per file.

    The slugs in use are loaded once per language; a concurrent importer that
    takes one in between makes the insert fail on the unique constraint, and
    the file is retried once with the book reloaded. The slugs this run chose
    stay reserved through a reload: they belong to files not written yet.
    """

    def __init__(self):
        self.stored: dict[str, set[str]] = {}  # by language, as the database had them
        self.chosen: dict[str, set[str]] = {}  # by language, by this run
        self.created: set[int] = set()  # articles this run created
        self.careful = False  # set when retrying after a concurrent importer's write

    def reload(self) -> None:
        self.stored.clear()
        self.careful = True

    def unique(self, title: str, language: str) -> str:
        column = localized("slug", language)
        if language not in self.stored:
            self.stored[language] = set(
                Article.objects.exclude(**{column: ""})
                .exclude(**{f"{column}__isnull": True})
                .values_list(column, flat=True)
            )
        stored, chosen = self.stored[language], self.chosen.setdefault(language, set())
        slug = services.unique_slug(title, taken=lambda s: s in stored or s in chosen)
        chosen.add(slug)
        return slug
