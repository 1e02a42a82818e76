"""Load during an import: the public site under wrk while import_seeds runs.

    .venv/bin/python bench/load_under_import.py          # ~5 min; needs wrk, PostgreSQL

A scratch PostgreSQL database (created here, dropped at the end) is migrated and
filled with 1,000 published stories x 5 languages (bench/sitegen.py) plus the
seed bundle. gunicorn serves it as serve_bench.py does (gunicorn.conf.py, 2 sync
workers, production settings, 127.0.0.1, a free port), except that worker
recycling (max_requests) is off: recycling would hide exactly the growth the
memory figure is there to catch.

1. warm-up: 10 s of the load below; then the server's memory (VmRSS of the
   gunicorn master and its workers, from /proc);
2. reference: the load for 60 s with no import running;
3. the load for 60 s while `manage.py import_seeds` imports a generated bundle
   of 2,000 files (bench/generate_bundle.py, 400 stories) into the same
   database; then the server's memory again, and the import is awaited
   (bounded) for its exit status and files/s.

The load: three wrk processes at once (1 thread each; 22 + 21 + 21 = 64
connections), one per path: the article page, the English front page and a
front-page search. Errors are non-2xx/3xx responses plus socket errors
(connect, read, write, timeout at 10 s). Targets: zero errors, memory at the
end within 10 % of after warm-up. Every process started is stopped by its PID.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_bundle import generate as generate_bundle
from bench.serve_bench import (
    OUT,
    PG_SERVER,
    PYTHON,
    ROOT,
    drop_postgres,
    environment,
    fetch,
    gunicorn_process,
    log,
    manage,
    parse_wrk,
    recreate_postgres,
    run,
    stop,
    wrk_command,
)

DATABASE = "bench_load_under_import"
URL = f"{PG_SERVER}/{DATABASE}"
STORIES, BUNDLE_STORIES = 1_000, 400  # 5,000 published versions; 2,000 files to import
CONNECTIONS, WARM_UP, DURATION = 64, 10, 60
IMPORT_WAIT = 600  # seconds the import may still take once the load is over


def tree_rss_mb(master: int) -> tuple[float, int]:
    """VmRSS of `master` and its children (the workers), in MB, and the process count."""
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024, len(pids)


def load(port: int, paths: dict[str, str], duration: int) -> dict[str, dict]:
    """The three paths at once, CONNECTIONS spread over them; figures per path."""
    share = [CONNECTIONS // len(paths) + (i < CONNECTIONS % len(paths)) for i in range(len(paths))]
    processes = {
        name: subprocess.Popen(
            wrk_command(port, path, duration, threads=1, connections=connections),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for (name, path), connections in zip(paths.items(), share, strict=True)
    }
    try:
        outputs = {name: p.communicate(timeout=duration + 60)[0] for name, p in processes.items()}
    finally:
        for process in processes.values():
            stop(process)
    return {name: parse_wrk(output) for name, output in outputs.items()}


def prepare(env: dict[str, str]) -> dict:
    recreate_postgres(DATABASE)
    manage(env, "migrate", "--noinput", "-v", "0")
    meta = json.loads(
        run([PYTHON, "bench/sitegen.py", "generate", "--articles", str(STORIES)], env)
    )
    manage(env, "import_seeds", "-v", "0")
    manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return meta


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")
    OUT.mkdir(parents=True, exist_ok=True)
    result: dict = {"load_start": os.getloadavg()}
    env = environment(URL)
    bundle = Path(tempfile.mkdtemp(prefix="load-under-import-"))
    importer = None
    try:
        log(f"preparing {DATABASE}: {STORIES} stories x 5 languages + seed bundle …")
        meta = prepare(env)
        files = len(generate_bundle(bundle, BUNDLE_STORIES))
        paths = {
            "article": f"/en/{meta['slug_en']}/",
            "front page": "/en/",
            "search": f"/en/?q={meta['topic_en']}",
        }
        with contextlib.ExitStack() as stack:
            port, master = stack.enter_context(
                gunicorn_process(URL, cache=False, GUNICORN_MAX_REQUESTS="0")
            )
            for path in paths.values():
                if (status := fetch(port, path)[0]) != 200:
                    raise SystemExit(f"{path} answered {status}")
            log(f"warm-up {WARM_UP} s …")
            load(port, paths, WARM_UP)
            result["rss_warm_mb"], result["processes_warm"] = tree_rss_mb(master)
            log(f"reference load {DURATION} s, no import …")
            result["reference"] = load(port, paths, DURATION)
            log(f"load {DURATION} s during the import of {files} files …")
            import_log = stack.enter_context((OUT / "load-under-import.log").open("w"))
            started = time.monotonic()
            importer = subprocess.Popen(
                [PYTHON, "manage.py", "import_seeds", str(bundle), "--format", "json"],
                cwd=ROOT,
                env=env,
                stdout=import_log,
                stderr=subprocess.STDOUT,
            )
            finished_at: list[float] = []  # the import's own end, even during the load
            waiter = threading.Thread(
                target=lambda: (importer.wait(), finished_at.append(time.monotonic())),
                daemon=True,
            )
            waiter.start()
            result["during"] = load(port, paths, DURATION)
            result["rss_end_mb"], result["processes_end"] = tree_rss_mb(master)
            result["import_running_at_load_end"] = not finished_at
            waiter.join(timeout=IMPORT_WAIT)
            result["import_exit"] = importer.returncode if finished_at else None
            if finished_at:
                result["import_s"] = finished_at[0] - started
        result["files"] = files
        result["load_end"] = os.getloadavg()
    finally:
        if importer is not None:
            stop(importer)
        shutil.rmtree(bundle, ignore_errors=True)
        drop_postgres(DATABASE)
        log(f"dropped {DATABASE}")
    sys.exit(report(result))


def report(r: dict) -> int:
    """Print the figures; the exit status is 1 when a target is missed."""
    print(
        f"Load during an import: gunicorn 2 sync workers, PostgreSQL {STORIES * 5:,} published "
        f"versions; 3 wrk (-t1, {CONNECTIONS} connections in all), {DURATION} s each load.\n"
        f"Load average at start {r['load_start'][0]:.1f}, at end {r['load_end'][0]:.1f} (2 cores)"
    )
    print(
        "\n| path | req/s ref | req/s import | p50 ms ref | p50 ms import | "
        "p99 ms ref | p99 ms import | **p99 ratio** | errors ref | errors import |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    errors = 0
    for name, during in r["during"].items():
        ref = r["reference"][name]
        bad = [m["non_2xx_3xx"] + m["socket_errors"] for m in (ref, during)]
        errors += sum(bad)
        print(
            f"| {name} | {ref['rps']:.0f} | {during['rps']:.0f} | {ref['p50_ms']} | "
            f"{during['p50_ms']} | {ref['p99_ms']} | {during['p99_ms']} | "
            f"**{during['p99_ms'] / ref['p99_ms']:.2f}x** | {bad[0]} | {bad[1]} |"
        )
    if r["import_exit"] is None:
        print(f"\nImport of {r['files']} files: NOT finished {IMPORT_WAIT} s after the load")
    else:
        print(
            f"\nImport of {r['files']} files: exit status {r['import_exit']}, "
            f"{r['import_s']:.1f} s = {r['files'] / r['import_s']:.0f} files/s "
            f"({'still running when' if r['import_running_at_load_end'] else 'finished before'} "
            f"the load ended)"
        )
    ratio = r["rss_end_mb"] / r["rss_warm_mb"]
    print(
        f"Server memory (VmRSS, master + workers): {r['rss_warm_mb']:.1f} MB after warm-up "
        f"({r['processes_warm']} processes), {r['rss_end_mb']:.1f} MB at the end "
        f"({r['processes_end']} processes): **{ratio:.3f}x** (target ≤ 1.10)"
    )
    missed = [
        *([f"{errors} errors"] if errors else []),
        *(["memory"] if ratio > 1.10 else []),
        *(["import"] if r["import_exit"] != 0 else []),
    ]
    print(f"Targets missed: {', '.join(missed)}" if missed else "All targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    main()
