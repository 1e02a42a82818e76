"""Imports run by the task worker: queued from an upload or `import_seeds --background`.

`queue_upload` checks and stores the upload as one file (`uploads`), creates
a *queued* run and enqueues `import_run_task`; the request returns at once.
The worker then runs `import_queued_run`: it unpacks the upload (a zip
refused then fails the run, its reason on the run's page, nothing imported)
and imports it through the very same
`pipeline.import_bundle` as the command, with two additions: Cancel, looked
for between two stories at most every `CANCEL_POLL_SECONDS` (`cancel`), and the checks as tasks of their own. The run's
record carries its progress (files done of the bundle's), which its page
polls (`progress`).

The selectors below give the admin plain data: `progress` (one run, for its
page and its JSON), `run_articles` (what it made or changed), `recent_runs`
(for the desk: the running and queued first, then the latest).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from articles.importing import notes
from articles.importing.pipeline import ImportOptions, import_bundle
from articles.importing.uploads import UploadRefused, store_upload, unpack_stored
from articles.language_names import language_name
from articles.models import Article, ImportRun, SourceDocument
from articles.printable import printable
from articles.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

#: Articles a run's page lists one by one; the rest are counted.
LISTED_ARTICLES = 500
#: How often a running import asks whether Cancel was pressed. Asking before every file
#: (a query each) was the largest part of the worker's CPU beyond the command's
#: (BENCHMARKS.md, "Upload from the admin"); a file takes 10-20 ms, so Cancel still
#: stops the run within a few files.
CANCEL_POLL_SECONDS = 0.25


def queue_upload(files, user=None) -> ImportRun:
    """Store an upload and queue its import (raises `uploads.UploadRefused`)."""
    path, count = store_upload(files)
    names = ", ".join(f.name for f in list(files)[:3]) + (" …" if len(files) > 3 else "")
    return _queue(path, source=names, files=count, user=user, upload=True)


def queue_paths(paths: list[Path], user=None) -> ImportRun:
    """Queue the import of bundles on the server (`import_seeds --background`)."""
    source = "\n".join(str(Path(p).resolve()) for p in paths)
    return _queue(None, source=source, files=0, user=user, upload=False)


def _queue(path: Path | None, *, source: str, files: int, user, upload: bool) -> ImportRun:
    run = ImportRun.objects.create(
        state=ImportRun.State.QUEUED,
        source=source,
        upload=str(path) if upload else "",
        files_total=files,
        created_by=user if getattr(user, "pk", None) else None,
    )
    enqueue_on_commit(import_run_task, run.pk)
    return run


@task(queue_name="imports")
def import_run_task(run_id: int) -> None:
    """Import a queued run, in the worker.

    Not retried: the run's page shows the failure, and a run is started again by
    uploading again (the files it committed are then "unchanged")."""
    import_queued_run(run_id)


def import_queued_run(run_id: int) -> None:
    """The worker's side: import a queued run (unless it was cancelled meanwhile)."""
    run = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).first()
    if run is None:  # cancelled before it started, or run already
        return
    if run.upload:
        try:
            paths = [unpack_stored(Path(run.upload), name=run.source)]
        except (UploadRefused, OSError) as exc:
            _refused(run, exc)
            return
        if not ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).exists():
            return  # cancelled while it was unpacked (Cancel removed the files)
    else:
        paths = [Path(p) for p in run.source.splitlines()]
    options = ImportOptions(
        paths=paths,
        stop=_cancel_asked(run_id),
        checks_in_background=True,
    )
    try:
        import_bundle(options, run)
    except Exception as exc:
        logger.exception("Import run #%s failed", run_id)
        ImportRun.objects.filter(pk=run_id).update(
            state=ImportRun.State.FAILED,
            finished_at=timezone.now(),
            notes=[*run.notes, notes.note(notes.FAILED, error=f"{type(exc).__name__}: {exc}")],
        )
        raise
    finally:
        _remove_upload(run)
        _remove_ended_uploads()


def _remove_ended_uploads() -> None:
    """The uploads of runs that ended without removing theirs: a worker killed mid-import
    leaves its run "running" until the next import closes it (`pipeline`), and its files."""
    ended = ImportRun.objects.exclude(upload="").filter(
        state__in=[ImportRun.State.FAILED, ImportRun.State.CANCELLED, ImportRun.State.COMPLETED]
    )
    for run in ended.only("upload"):
        if Path(run.upload).exists():
            _remove_upload(run)


def _cancel_asked(run_id: int) -> Callable[[], bool]:
    """Before each file: whether Cancel was pressed (the database is asked at most every
    `CANCEL_POLL_SECONDS`, "no" in between; the run stops at the first "yes")."""
    asked_at = None

    def stop() -> bool:
        nonlocal asked_at
        now = time.monotonic()
        if asked_at is not None and now - asked_at < CANCEL_POLL_SECONDS:
            return False
        asked_at = now
        return ImportRun.objects.filter(pk=run_id, cancel_requested=True).exists()

    return stop


def _refused(run: ImportRun, exc: Exception) -> None:
    """The worker found the upload unsafe (or it was removed by Cancel meanwhile)."""
    _remove_upload(run)
    if isinstance(exc, UploadRefused):
        refusal = notes.note(notes.REFUSED, reason=exc.code, **exc.params)
    else:  # the server's fault, not the upload's: the operator's log has the whole error
        logger.error("Import run %s: the upload could not be unpacked", run.pk, exc_info=exc)
        refusal = notes.note(
            notes.UNPACK_FAILED,
            file=printable(run.source),
            error=exc.strerror or type(exc).__name__,
        )
    ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.FAILED, finished_at=timezone.now(), notes=[*run.notes, refusal]
    )


def _remove_upload(run: ImportRun) -> None:
    """The uploaded files, once imported: the source documents keep their text."""
    if not run.upload:
        return
    path = Path(run.upload)
    if path.parent == Path(settings.NEWSROOM_UPLOAD_DIR):  # never anything else
        shutil.rmtree(path, ignore_errors=True)


def cancel(run: ImportRun) -> None:
    """Cancel: a queued run never starts; a running one stops between two stories, within
    `CANCEL_POLL_SECONDS` of the import."""
    if run.state == ImportRun.State.QUEUED:
        updated = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.QUEUED).update(
            state=ImportRun.State.CANCELLED,
            finished_at=timezone.now(),
            notes=[*run.notes, notes.note(notes.CANCELLED, done=0)],
        )
        if updated:
            _remove_upload(run)
            return
    ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.RUNNING).update(cancel_requested=True)


def outcome(run: ImportRun) -> str:
    """The run's outcome in words: "34 new articles, 4 files kept apart (Italian,
    Portuguese), 0 rejected"."""
    new = Article.objects.filter(import_run=run).count()
    apart = (
        SourceDocument.objects.filter(import_run=run, outcome=SourceDocument.Outcome.UNSUPPORTED)
        .values("detected_language")
        .annotate(n=Count("pk"))
        .order_by("detected_language")
    )
    kept = sum(row["n"] for row in apart)
    counts = run.counts or {}
    parts = [
        ngettext("%(count)d new article", "%(count)d new articles", new) % {"count": new},
    ]
    updated = counts.get("updated", 0)
    if updated:
        parts.append(
            ngettext("%(count)d article updated", "%(count)d articles updated", updated)
            % {"count": updated}
        )
    kept_text = ngettext("%(count)d file kept apart", "%(count)d files kept apart", kept) % {
        "count": kept
    }
    if kept:
        languages = ", ".join(
            language_name(row["detected_language"]) if row["detected_language"] else _("unknown")
            for row in apart
        )
        kept_text = format_lazy("{} ({})", kept_text, languages)
    parts.append(str(kept_text))
    rejected = counts.get("rejected", 0)
    parts.append(
        ngettext("%(count)d rejected", "%(count)d rejected", rejected) % {"count": rejected}
    )
    failed = counts.get("failed", 0)
    if failed:
        parts.append(ngettext("%(count)d failed", "%(count)d failed", failed) % {"count": failed})
    return ", ".join(parts)


def run_articles(run: ImportRun, limit: int = LISTED_ARTICLES) -> tuple[list[dict], int]:
    """The articles the run made or changed, as links (the first `limit`), and how many."""
    ids = (
        SourceDocument.objects.filter(
            import_run=run, article__isnull=False, outcome=SourceDocument.Outcome.APPLIED
        )
        .values_list("article_id", flat=True)
        .distinct()
        .order_by("article_id")
    )
    total = ids.count()
    made = set(Article.objects.filter(import_run=run).values_list("pk", flat=True))
    articles = Article.objects.filter(pk__in=list(ids[:limit])).order_by("pk")
    return [
        {
            "id": article.pk,
            "title": str(article),
            "new": article.pk in made,
            "url": reverse("admin:articles_article_change", args=[article.pk]),
        }
        for article in articles
    ], total


def progress(run: ImportRun) -> dict:
    """What the run's page shows and its JSON endpoint returns while it runs."""
    finished = not run.is_active
    return {
        "id": run.pk,
        "state": run.state,
        "state_label": str(run.get_state_display()),
        "done": run.files_done,
        "total": run.files_total,
        "finished": finished,
        "cancel_requested": run.cancel_requested,
        "outcome": outcome(run) if finished else "",
    }


def recent_runs(limit: int = 5) -> list[dict]:
    """For the desk: the queued and running runs, then the latest others, newest first."""
    active = list(
        ImportRun.objects.filter(
            state__in=[ImportRun.State.QUEUED, ImportRun.State.RUNNING]
        ).order_by("-started_at")
    )
    others = list(
        ImportRun.objects.exclude(pk__in=[r.pk for r in active]).order_by("-started_at")[
            : max(0, limit - len(active))
        ]
    )
    return [
        {
            "id": run.pk,
            "started_at": run.started_at,
            "state": run.state,
            "state_label": str(run.get_state_display()),
            "active": run.is_active,
            "done": run.files_done,
            "total": run.files_total,
            "url": reverse("admin:articles_importrun_progress", args=[run.pk]),
        }
        for run in active + others
    ]
