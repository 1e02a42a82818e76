"""Benchmark: import a generated bundle on SQLite; print speed, memory and linking quality.

    .venv/bin/python bench/import_bench.py [--stories 2000] [--bundle DIR]

Prints, for one run in one process:
* the ceiling: reading, parsing and language-detecting every file, no database;
* the import end to end (`import_bundle` into a fresh SQLite file, settings as
  shipped: WAL, IMMEDIATE transactions), files/s and its ratio to the ceiling;
* a second import of the same bundle (every file unchanged, nothing written);
* peak RSS of the process (the ceiling reads in batches too), measured before the re-import (the import checks
  its articles inline, after each batch's writes, as `import_seeds` does);
* files per CPU-s of the whole import, of its batches (the checks at the end left out)
  and of their last quarter (issue 32: the rate at 100,000 files is to be at least 0.9x
  the rate at 5,000; a last quarter slower than the batches says the per-file cost grows
  with the store);
* pairwise linking precision and recall against the generator's truth.
Lingua's models are loaded before either timing so neither pays for it.
`--batch N` sets NEWSROOM_IMPORT_BATCH (files per batch); `--every N` prints the
CPU time and peak RSS every N files of the import; `--skip-ceiling` leaves the ceiling out
(a long run). `--checks-in-background`
queues the checks as tasks, as an upload does (the import ends once its texts are
stored), then times draining them (`db_worker --batch`, in this process).
`--database URL` imports into that database instead (e.g. PostgreSQL), emptied first.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--bundle", type=Path, help="an existing generated bundle")
    parser.add_argument("--batch", type=int, help="files per batch (NEWSROOM_IMPORT_BATCH)")
    parser.add_argument("--checks-in-background", action="store_true")
    parser.add_argument("--skip-ceiling", action="store_true", help="time the import alone")
    parser.add_argument("--every", type=int, default=5000, help="print progress every N files")
    parser.add_argument("--database", help="a DATABASE_URL to empty and import into")
    args = parser.parse_args()
    if args.batch:
        os.environ["NEWSROOM_IMPORT_BATCH"] = str(args.batch)

    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    # Production settings: with DEBUG on, Django logs every query (CPU, and memory for the
    # raw texts in 9,000 logged INSERTs), which no real import pays.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.importing.parsing import parse_document
    from articles.importing.pipeline import ImportOptions, import_bundle
    from articles.importing.reading import ReadFile, read_entry, walk_bundle
    from articles.language import detect_documents
    from articles.models import SourceDocument
    from bench.generate_bundle import SEEDS, generate

    if args.bundle:
        bundle = args.bundle
        truth = json.loads(bundle.with_name(bundle.name + ".truth.json").read_text())
    else:
        bundle = work / "bundle"
        truth = generate(bundle, args.stories)
    call_command("migrate", verbosity=0)
    if args.database:
        call_command("flush", interactive=False, verbosity=0)
    detect_documents([[p.read_text()] for p in sorted(SEEDS.iterdir())])  # load lingua's models

    started, cpu_started = time.perf_counter(), time.process_time()
    texts, files = [], 0
    for entry in [] if args.skip_ceiling else walk_bundle([bundle]):
        read = read_entry(entry, max_bytes=2 * 1024 * 1024)
        if isinstance(read, ReadFile):
            texts.append(parse_document(read.text).segments())
            files += 1
        if len(texts) == 2000:  # as the import's batches: the peak is not the ceiling's
            detect_documents(texts)
            texts = []
    detect_documents(texts)
    ceiling, ceiling_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    del texts

    started, cpu_started = time.perf_counter(), time.process_time()
    background = args.checks_in_background

    # CPU time when three quarters of the files were started, and when the last batch was
    # written (the import calls progress(done, done, "") before the checks of the whole run).
    quarter: dict[str, float] = {}

    def progress(done: int, total: int, name: str) -> None:
        cpu = time.process_time() - cpu_started
        if name and done >= total * 3 // 4 and "start" not in quarter:
            quarter.update(start=cpu, start_done=done)
        if not name:
            quarter.update(end=cpu, end_done=done)
        if done % args.every == 0 and name:  # a line every `--every` files: a long run shows
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  {done} files: CPU {cpu:.0f} s, peak RSS {rss:.0f} MB", flush=True)

    options = ImportOptions(paths=[bundle], checks_in_background=background, progress=progress)
    report = import_bundle(options)
    elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if args.skip_ceiling:
        files = sum(1 for d in report.documents if d.status != "rejected")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if background:
        started, cpu_started = time.perf_counter(), time.process_time()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        drained, drained_cpu = time.perf_counter() - started, time.process_time() - cpu_started

    started = time.perf_counter()
    again = import_bundle(ImportOptions(paths=[bundle]))
    rerun = time.perf_counter() - started
    assert again.counts["unchanged"] == files, again.counts

    predicted = defaultdict(set)
    for name, article in SourceDocument.objects.values_list("name", "article_id"):
        predicted[article].add(name)
    stories = defaultdict(set)
    for name, story in truth.items():
        stories[story].add(name)

    def pairs(groups):
        return {
            tuple(sorted(pair)) for g in groups for pair in itertools.combinations(sorted(g), 2)
        }

    true_pairs, found_pairs = pairs(stories.values()), pairs(predicted.values())
    hits = len(true_pairs & found_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    print(f"files: {files} ({len(stories)} stories); statuses: {report.counts}")
    if not args.skip_ceiling:
        print(
            f"ceiling (read+parse+detect, no DB): {ceiling:.1f} s = {files / ceiling:.0f} files/s"
        )
    database = f"({connection.vendor})".ljust(13)
    print(f"import end to end {database}{elapsed:.1f} s = {files / elapsed:.0f} files/s")
    if not args.skip_ceiling:
        print(f"ratio import/ceiling: {ceiling / elapsed:.2f}")
        print(f"CPU time: ceiling {ceiling_cpu:.1f} s ({files / ceiling_cpu:.0f} files per CPU-s)")
    # CPU seconds of this process (all threads): less sensitive to other load on the machine.
    print(f"CPU time: import {elapsed_cpu:.1f} s ({files / elapsed_cpu:.0f} files per CPU-s)")
    if "start" in quarter and "end" in quarter:
        batches, last = quarter["end"], quarter["end_done"] - quarter["start_done"]
        last_cpu = quarter["end"] - quarter["start"]
        print(
            f"CPU time: batches {batches:.1f} s ({quarter['end_done'] / batches:.0f} files per "
            f"CPU-s), last quarter {last_cpu:.1f} s ({last / last_cpu:.0f} files per CPU-s), "
            "the checks at the end excluded"
        )
    if background:
        print(
            f"check tasks drained: {drained:.1f} s, CPU {drained_cpu:.1f} s; import + checks "
            f"CPU {elapsed_cpu + drained_cpu:.1f} s "
            f"({files / (elapsed_cpu + drained_cpu):.0f} files per CPU-s); peak RSS then "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"re-import, every file unchanged: {rerun:.1f} s = {files / rerun:.0f} files/s")
    print(f"peak RSS: {peak_mb:.0f} MB")
    print(f"articles: {len(predicted)}; linking precision {precision:.4f}, recall {recall:.4f}")
    connection.close()
    shutil.rmtree(work)  # its SQLite database: 650 MB at 25,000 files


if __name__ == "__main__":
    main()
