"""Benchmark: a bundle uploaded in the admin and imported by the task worker, against the command.

    .venv/bin/python bench/upload_bench.py [--stories 500] [--bundle DIR] [--rounds 1]

A generated bundle (500 stories = 2,500 files) is imported twice per round, each
time into a fresh SQLite file, in a process of its own, one after the other:

* `command`: `import_bundle` as `manage.py import_seeds` runs it (the checks
  inline, after each batch);
* `upload`: the bundle zipped and posted to /admin/articles/importrun/add/
  (the request: the zip's directory checked, the zip stored as one file, a
  queued run), then the database backend's worker run in this process until
  no task is ready: the import task (unpacking, then the import; checks
  queued as tasks of their own), then the check tasks. Then, for the request
  alone, the same files posted as separate .txt files, as many as Django takes in
  one request (DATA_UPLOAD_MAX_NUMBER_FILES, 1,000; a second queued run, not imported).

Prints the upload requests' times, files/s of each, and the ratio upload /
command, for the import alone and with the checks; and the CPU seconds of
each (the figure that holds on a loaded machine). Production settings (no
query logging); lingua's models loaded before any timing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(work: Path) -> None:
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["NEWSROOM_UPLOAD_DIR"] = str(work / "upload")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.language import detect_documents
    from bench.generate_bundle import SEEDS

    call_command("migrate", verbosity=0)
    detect_documents([[p.read_text()] for p in sorted(SEEDS.iterdir())])  # lingua's models


def command(bundle: Path, work: Path) -> dict:
    _setup(work)
    from articles.importing.pipeline import ImportOptions, import_bundle

    started, cpu = time.perf_counter(), time.process_time()
    report = import_bundle(ImportOptions(paths=[bundle]))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "files": sum(report.counts.values()),
        "import": elapsed,
        "with_checks": elapsed,
        "cpu": cpu,
    }


def upload(archive: Path, work: Path, texts: Path) -> dict:
    _setup(work)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from articles.models import ImportRun

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(user)

    def post(files) -> tuple[float, float]:
        """The upload request's wall and CPU time; the body encoded before (a browser's work)."""
        body = encode_multipart(BOUNDARY, {"files": files})
        started, cpu = time.perf_counter(), time.process_time()
        response = client.generic(
            "POST", "/admin/articles/importrun/add/", body, MULTIPART_CONTENT, secure=True
        )
        elapsed = time.perf_counter() - started, time.process_time() - cpu
        assert response.status_code == 302, response.content[:2000]
        return elapsed

    request, request_cpu = post(
        SimpleUploadedFile(archive.name, archive.read_bytes(), "application/zip")
    )
    run = ImportRun.objects.get()

    def work_off() -> None:
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=1 if run.state == ImportRun.State.QUEUED else None,
            worker_id="bench",
            excluded_queue_names=[],
        ).run()

    started, cpu = time.perf_counter(), time.process_time()
    work_off()  # the import task alone
    run.refresh_from_db()
    imported = time.perf_counter() - started
    assert run.state == ImportRun.State.COMPLETED, run.state
    while DBTaskResult.objects.ready().exists():
        work_off()  # the check tasks it queued
    with_checks, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not DBTaskResult.objects.failed().exists()
    # As many separate .txt files as Django takes in one request (DATA_UPLOAD_MAX_NUMBER_FILES).
    files = [
        SimpleUploadedFile(path.name, path.read_bytes(), "text/plain")
        for path in sorted(texts.glob("*.txt"))[: settings.DATA_UPLOAD_MAX_NUMBER_FILES]
    ]
    texts_request, texts_cpu = post(files)
    return {
        "texts_request": texts_request,
        "texts_request_cpu": texts_cpu,
        "texts_files": len(files),
        "files": run.files_total,
        "request": request,
        "request_cpu": request_cpu,
        "import": imported,
        "with_checks": with_checks,
        "cpu": cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=500)
    parser.add_argument("--bundle", type=Path, help="an existing generated bundle")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--mode", choices=["command", "upload"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:  # a child: one import, its figures as JSON on the last line
        result = (
            command(args.bundle, args.work)
            if args.mode == "command"
            else upload(args.bundle, args.work, args.texts)
        )
        print(json.dumps(result))
        return

    work = Path(tempfile.mkdtemp(prefix="upload-bench-"))
    bundle = args.bundle
    if bundle is None:
        from bench.generate_bundle import generate

        bundle = work / "bundle"
        generate(bundle, args.stories)
    archive = work / "bundle.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(bundle.rglob("*.txt")):
            out.write(path, path.relative_to(bundle).as_posix())

    def child(mode: str, source: Path, name: str) -> dict:
        target = work / name
        target.mkdir()
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--mode",
                mode,
                "--bundle",
                str(source),
                "--work",
                str(target),
                "--texts",
                str(bundle),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    for round_ in range(1, args.rounds + 1):
        by_command = child("command", bundle, f"command-{round_}")
        by_upload = child("upload", archive, f"upload-{round_}")
        files = by_command["files"]
        c_rate = files / by_command["import"]
        u_rate = by_upload["files"] / by_upload["import"]
        u_all = by_upload["files"] / by_upload["with_checks"]
        print(f"round {round_}: {files} files")
        print(
            f"  upload request: {by_upload['request']:.2f} s "
            f"({by_upload['request_cpu']:.2f} s of CPU) for the zip; "
            f"{by_upload['texts_request']:.2f} s ({by_upload['texts_request_cpu']:.2f} s of CPU) "
            f"for {by_upload['texts_files']} .txt files"
        )
        print(f"  command (checks inline): {by_command['import']:.1f} s = {c_rate:.0f} files/s")
        print(
            f"  upload, worker: import {by_upload['import']:.1f} s = {u_rate:.0f} files/s "
            f"({u_rate / c_rate:.2f}x the command); with its check tasks "
            f"{by_upload['with_checks']:.1f} s = {u_all:.0f} files/s ({u_all / c_rate:.2f}x)"
        )
        print(
            f"  CPU: command {by_command['cpu']:.1f} s, upload's worker with its check tasks "
            f"{by_upload['cpu']:.1f} s: files per CPU-s {by_command['cpu'] / by_upload['cpu']:.2f}x"
        )


if __name__ == "__main__":
    main()
