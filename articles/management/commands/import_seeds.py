"""`manage.py import_seeds [PATH ...]`: import a bundle of plain-text news files.

Thin by design: arguments in, `articles.importing.pipeline.import_bundle`
does the work, the report comes out as a table (or JSON with --format json).
Exit status: 0 when every file was imported (created, updated, unchanged) or
skipped by design (not .txt, empty, a duplicate, …); 1 when a file was
rejected (could not be read as text) or failed, or with --strict when
anything warned. File names are printed with control characters escaped.
`--background` queues the import for the task worker instead (the run's page
in the admin shows its progress) and returns at once.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importing.background import queue_paths
from articles.importing.pipeline import ImportOptions, import_bundle
from articles.importing.reading import BundleError
from articles.importing.report import render_json, render_table
from articles.printable import printable


class Command(BaseCommand):
    help = "Import a bundle of plain-text news files: detect languages, link translations."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Directories or .txt files (default: the seed bundle).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; write nothing."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat warnings as failures and roll the whole run back.",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for the task worker (manage.py db_worker) and return.",
        )

    def handle(self, *args, paths, dry_run, strict, format, verbosity, background, **options):
        paths = paths or [Path(settings.NEWSROOM_DEFAULT_BUNDLE)]
        if background:
            self._queue(paths, dry_run or strict)
            return
        progress = _ProgressBar(sys.stderr) if sys.stderr.isatty() and verbosity > 0 else None
        try:
            report = import_bundle(
                ImportOptions(
                    paths=paths,
                    dry_run=dry_run,
                    strict=strict,
                    progress=progress,
                )
            )
        except BundleError as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(render_json(report))
        elif verbosity > 0:
            for line in render_table(report):
                self.stdout.write(self._styled(line))
        reasons = [
            reason
            for reason, applies in (
                ("a file failed", report.failed),
                ("a file was rejected (could not be read as text)", report.rejected),
                ("--strict: there were warnings", strict and report.warnings),
            )
            if applies
        ]
        if reasons:
            raise CommandError(f"Import failed: {'; '.join(reasons)}.", returncode=1)

    def _queue(self, paths: list[Path], rolled_back: bool) -> None:
        if rolled_back:
            raise CommandError("--background cannot be combined with --dry-run or --strict.")
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"{printable(str(missing[0]))}: no such file or directory")
        run = queue_paths(paths)
        self.stdout.write(
            f"Queued as import run #{run.pk}; the task worker (manage.py db_worker) imports it."
        )

    def _styled(self, line: str) -> str:
        if "  failed" in line or "  rejected" in line:
            return self.style.ERROR(line)
        if "  skipped" in line:
            return self.style.WARNING(line)
        return line


class _ProgressBar:
    """A one-line bar on a terminal, redrawn in place."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, done: int, total: int, name: str) -> None:
        if total < 20 or (done % 10 and done != total):
            return
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {printable(name)[:40]:<40}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
