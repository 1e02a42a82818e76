"""Search benchmark: reader search at 1,000 and 100,000 published versions, on both databases.

    .venv/bin/python bench/search_bench.py                    # both databases, two passes
    .venv/bin/python bench/search_bench.py --only sqlite --requests 100    # a quick look

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) for the PostgreSQL half.

The site is `bench/sitegen.py`'s (stories x 5 languages, every version
published; 200 stories = 1,000 versions, 20,000 = 100,000), generated once
per database and kept (bench/out/search-*.sqlite3, PostgreSQL databases
h20_search_1k and h20_search_100k, or $SEARCH_BENCH_PG_1k and _100k;
--regenerate rebuilds them). Each
size is served by its own process with production settings (DEBUG off),
the application loaded as gunicorn loads it (newsroom/wsgi.py), through
Django's test client (full middleware, view, template; no HTTP
server, so the figures are the page's own cost without a network or a
server's queueing): per query, 20 warm-up requests, then --requests requests
one after the other, p50 and p99 of their wall time; the number of SQL
queries of one request; and the count of stories found. The two sizes'
processes take turns, CHUNK requests at a time (1,000, 100,000, 1,000, …;
--requests is rounded up to a multiple of CHUNK),
so that both meet the shared machine's drifting load alike: measured one
after the other, the 1,000's p50 moved by half from one pass to the next,
and with it their ratio. Each pass starts the processes anew. Results go to stdout as a Markdown table and to
bench/out/search-<time>.json.

The queries (English edition unless said):
- "2 % word": a made-up word 1 story in 50 contains (sitegen's topic word);
- "1-story word": a made-up word one story contains;
- "common word, no accents" (French): "enquete", which most French stories
  contain as "enquête": the worst case, more matches than the search ranks
  (NEWSROOM_SEARCH_MAX_RESULTS) at 100,000;
- "typo": the 1-story word with a letter left out: no result, so the page
  looks for a spelling ("did you mean") and counts the other editions.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serve_bench import OUT, PG_SERVER, PYTHON, environment, manage, recreate_postgres, run  # noqa: E402

#: The PostgreSQL databases' names start with this (SEARCH_BENCH_PG: each engineer their own).
PG_NAME = os.environ.get("SEARCH_BENCH_PG", "h20_search")
DATABASES = {
    "sqlite 1k": (f"sqlite:///{OUT / 'search-1k.sqlite3'}", 200),
    "sqlite 100k": (f"sqlite:///{OUT / 'search-100k.sqlite3'}", 20_000),
    "postgres 1k": (f"{PG_SERVER}/{PG_NAME}_1k", 200),
    "postgres 100k": (f"{PG_SERVER}/{PG_NAME}_100k", 20_000),
}
WARM_UP = 20
#: Requests a size serves before the other takes its turn.
CHUNK = 10


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def env_for(url: str) -> dict[str, str]:
    env = environment(url)
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"
    return env


def prepare(name: str, regenerate: bool) -> dict:
    url, articles = DATABASES[name]
    described = OUT / f"search-{name.replace(' ', '-')}.json"
    if described.exists() and not regenerate:
        return json.loads(described.read_text())
    log(f"generating {name}: {articles} stories x 5 languages …")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if url.startswith("sqlite"):
        for leftover in OUT.glob(f"{Path(url).name}*"):
            leftover.unlink()
    else:
        recreate_postgres(url.rsplit("/", 1)[1])
    env = env_for(url)
    manage(env, "migrate", "--noinput", "-v", "0")
    meta = json.loads(
        run([PYTHON, "bench/sitegen.py", "generate", "--articles", str(articles)], env)
    )
    if url.startswith("postgres"):
        manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE")
    meta["generated_in_s"] = round(time.monotonic() - started, 1)
    described.write_text(json.dumps(meta))
    log(f"  {meta}")
    return meta


def queries(meta: dict) -> dict[str, str]:
    rare = meta["rare_en"]
    return {
        "2 % word": f"/en/?q={meta['topic_en']}",
        "1-story word": f"/en/?q={rare}",
        "common word, no accents (fr)": "/fr/?q=enquete",
        "typo (did you mean)": f"/en/?q={rare[:4] + rare[5:]}",
    }


def serve(paths: dict[str, str]) -> None:
    """In this process (settings from the environment): warm each path up and describe it
    (queries of one request, the page's heading) on stdout, then time the requests asked
    on stdin ("label count" per line), a JSON list of milliseconds for each."""
    # The application as gunicorn loads it (newsroom/wsgi.py: django.setup(), gc.freeze()).
    importlib.import_module("newsroom.wsgi")
    from django.db import connection
    from django.test import Client

    client = Client()
    described = {}
    for label, path in paths.items():
        for _ in range(WARM_UP):
            response = client.get(path, secure=True)
            assert response.status_code == 200, (path, response.status_code)
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path, secure=True)
        page = response.content.decode()
        heading = page[page.index("<h1") : page.index("</h1>")].split(">", 1)[1]
        described[label] = {"path": path, "queries": len(executed), "heading": heading}
    print(json.dumps(described), flush=True)
    for line in sys.stdin:
        label, requests = line.rsplit(" ", 1)
        times = []
        for _ in range(int(requests)):
            started = time.perf_counter()
            client.get(paths[label], secure=True)
            times.append((time.perf_counter() - started) * 1000)
        print(json.dumps(times), flush=True)


class Server:
    """A `serve` process for one database."""

    def __init__(self, name: str, meta: dict):
        self.process = subprocess.Popen(
            [PYTHON, __file__, "serve", "--paths", json.dumps(queries(meta))],
            cwd=ROOT,
            env=env_for(DATABASES[name][0]),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.described = self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the benchmark's server process failed ({self.process.wait()})")
        return json.loads(line)

    def time(self, label: str, requests: int) -> list[float]:
        self.process.stdin.write(f"{label} {requests}\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def measure_pass(names: list[str], metas: dict, requests: int) -> dict:
    """Each database's sizes served side by side, taking turns CHUNK requests at a time."""
    results = {}
    for engine in dict.fromkeys(name.split()[0] for name in names):
        sizes = [name for name in names if name.startswith(engine)]
        servers = {}
        try:
            for name in sizes:
                servers[name] = Server(name, metas[name])
                results[name] = servers[name].described
            for label in servers[sizes[0]].described:
                times = {name: [] for name in sizes}
                for _ in range(0, requests, CHUNK):
                    for name in sizes:
                        times[name] += servers[name].time(label, CHUNK)
                for name in sizes:
                    ordered = sorted(times[name])
                    results[name][label].update(
                        p50_ms=round(statistics.median(ordered), 2),
                        p99_ms=round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
                    )
        finally:
            for server in servers.values():
                server.close()
    return results


def table(passes: list[dict]) -> str:
    lines = [
        "| database | query | pass | p50 ms at 1k | p99 ms at 1k | p50 ms at 100k | p99 ms at 100k"
        " | **p99 ratio** | p50 ratio | queries 1k / 100k | found at 100k |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for engine in ("sqlite", "postgres"):
        for number, results in enumerate(passes, 1):
            small, large = results.get(f"{engine} 1k"), results.get(f"{engine} 100k")
            if not small or not large:
                continue
            for label in small:
                a, b = small[label], large[label]
                lines.append(
                    f"| {engine} | {label} | {number} | {a['p50_ms']} | {a['p99_ms']} | "
                    f"{b['p50_ms']} | {b['p99_ms']} | **{b['p99_ms'] / a['p99_ms']:.2f}x** | "
                    f"{b['p50_ms'] / a['p50_ms']:.2f}x | "
                    f"{a['queries']} / {b['queries']} | {b['heading']} |"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", default="run", choices=["run", "serve"])
    parser.add_argument("--paths", help="(serve) JSON {label: path}")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if args.action == "serve":
        serve(json.loads(args.paths))
        return
    names = [n for n in DATABASES if not args.only or n.startswith(args.only)]
    metas = {name: prepare(name, args.regenerate) for name in names}
    # Production settings serve hashed static file names: the pages need the manifest.
    manage(env_for(DATABASES[names[0]][0]), "collectstatic", "--noinput", "-v", "0")
    passes = []
    for number in range(args.passes):
        log(f"pass {number + 1} (load average {os.getloadavg()[0]:.1f})")
        passes.append(measure_pass(names, metas, args.requests))
        log(f"  load average {os.getloadavg()[0]:.1f}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"search-{stamp}.json").write_text(json.dumps({"metas": metas, "passes": passes}))
    print(table(passes))


if __name__ == "__main__":
    main()
