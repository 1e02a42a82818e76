"""Serving benchmark: the public pages under gunicorn, measured with wrk, beside their ceiling.

    .venv/bin/python bench/serve_bench.py                 # everything, twice (~20 min)
    .venv/bin/python bench/serve_bench.py --passes 1 --duration 5 --skip-scale   # quick look

Needs: wrk (Debian: apt-get install wrk), PostgreSQL at 127.0.0.1:5432 (user
postgres, trust), Redis at 127.0.0.1:6379. Everything listens on 127.0.0.1 only.

What one pass measures (gunicorn -c gunicorn.conf.py, 2 sync workers,
production settings; wrk 2 threads, 8 connections, fixed duration):

* the article page, the English front page, the English RSS feed and a front
  page search (a word 2 % of stories contain), on SQLite and on PostgreSQL
  (1,000 published versions: 200 stories x 5 languages), each without the
  page cache and with it (CACHE_URL=Redis);
* beside each page, on the same server just before it, its ceiling: a bare
  Django view returning as many bytes (full middleware, no database, no
  template; bench/urls.py), and the same bytes as a static file through
  whitenoise. The machine is shared and its load drifts, so each ratio (to the
  bare view) is taken between runs made side by side. Beside the article page
  also its floor: the bare view plus the page's first ORM query (bench/urls.py);
* at scale (PostgreSQL, 100,000 published versions: 20,000 stories x 5): front
  page, article, search (a 2 % word and a word of one story) and the admin's
  article list as a signed-in editor, uncached, each run alternately with the
  same page at 1,000 versions (both servers up, one loaded at a time).

Requests/s, p50 and p99 latency and non-2xx/3xx counts come from wrk. Databases
are generated once (bench/sitegen.py) and kept: bench/out/*.sqlite3 and the
PostgreSQL databases bench_1k and bench_scale (--regenerate rebuilds them).
Results go to stdout and bench/out/serve-<time>.json. Every server started is
stopped by its PID.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
STATIC = OUT / "static"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/11"
# Benchmark-only key: the editor session made by sitegen.py must verify on the server.
SECRET_KEY = "bench-only-not-a-secret-" + "k" * 40
HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy would send; no HTTPS redirect

DATABASES = {
    "sqlite_1k": (f"sqlite:///{OUT / 'site-1k.sqlite3'}", 200),
    "postgres_1k": (f"{PG_SERVER}/bench_1k", 200),
    "postgres_scale": (f"{PG_SERVER}/bench_scale", 20_000),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment(database: str, cache: bool = False) -> dict[str, str]:
    """Production settings for `database`: a key of DATABASES or a database URL."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "NEWSROOM_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASES[database][0] if database in DATABASES else database,
        DATABASE_CONN_MAX_AGE="60",
        DJANGO_STATIC_ROOT=str(STATIC),
        DJANGO_LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    if cache:
        env["CACHE_URL"] = REDIS_URL
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def manage(env: dict[str, str], *args: str) -> str:
    return run([PYTHON, "manage.py", *args], env)


# Databases -------------------------------------------------------------------


def _postgres(*statements: str) -> None:
    import psycopg

    with psycopg.connect(
        f"{PG_SERVER.replace('postgres://', 'postgresql://')}/postgres", autocommit=True
    ) as connection:
        for statement in statements:
            connection.execute(statement)


def recreate_postgres(name: str) -> None:
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop_postgres(name: str) -> None:
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(database: str, regenerate: bool) -> dict:
    """Generate `database` once; its description is kept in bench/out/<database>.json."""
    url, articles = DATABASES[database]
    described = OUT / f"{database}.json"
    if described.exists() and not regenerate:
        return json.loads(described.read_text())
    log(f"generating {database}: {articles} stories x 5 languages …")
    started = time.monotonic()
    if url.startswith("sqlite"):
        for leftover in OUT.glob(f"{Path(url).name}*"):
            leftover.unlink()
    else:
        recreate_postgres(url.rsplit("/", 1)[1])
    env = environment(database)
    manage(env, "migrate", "--noinput", "-v", "0")
    meta = json.loads(
        run([PYTHON, "bench/sitegen.py", "generate", "--articles", str(articles)], env)
    )
    if url.startswith("postgres"):
        # What autovacuum would do after a bulk load: give the planner its statistics.
        manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE")
    meta["generated_in_s"] = round(time.monotonic() - started, 1)
    described.write_text(json.dumps(meta))
    log(f"  {meta}")
    return meta


# Servers ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict(HEADERS, **({"Cookie": cookie} if cookie else {}))
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def stop(process: subprocess.Popen) -> None:
    """Stop a process we started, by its PID: politely, then for good."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def gunicorn(database: str, cache: bool):
    """A started server on a free loopback port: yields the port."""
    with gunicorn_process(database, cache) as (port, _pid):
        yield port


@contextlib.contextmanager
def gunicorn_process(database: str, cache: bool, **extra_env: str):
    """As gunicorn(), yielding (port, master PID); extra_env overrides the environment."""
    env = environment(database, cache)
    port = free_port()
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", GUNICORN_ACCESS_LOG="")
    env.update(extra_env)
    if cache:
        subprocess.run(
            ["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "flushdb"],
            check=True,
            capture_output=True,
        )
    errors = (OUT / "gunicorn.log").open("ab")
    server = subprocess.Popen(
        [GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stderr=errors
    )
    log(
        f"  gunicorn pid {server.pid} on 127.0.0.1:{port}: {database}, cache {'on' if cache else 'off'}"
    )
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                if fetch(port, "/bench/bare/1/")[0] == 200:
                    break
            time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start; see bench/out/gunicorn.log")
        yield port, server.pid
    finally:
        stop(server)
        errors.close()
        log(f"  stopped gunicorn pid {server.pid}")


# wrk ----------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk_command(
    port: int, path: str, duration: int, cookie: str = "", threads: int = 2, connections: int = 8
) -> list[str]:
    headers = dict(HEADERS, **({"Cookie": cookie} if cookie else {}))
    args = ["wrk", f"-t{threads}", f"-c{connections}", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    return [*args, f"-d{duration}s", f"http://127.0.0.1:{port}{path}"]


def wrk(port: int, path: str, duration: int, cookie: str = "", warm: bool = True) -> dict:
    if warm:  # each worker compiles its templates, opens its connections: not counted
        subprocess.run(wrk_command(port, path, 1, cookie), capture_output=True, check=True)
    output = subprocess.run(
        wrk_command(port, path, duration, cookie), capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    """Requests/s, p50/p99 (ms), requests, non-2xx/3xx and socket errors from `wrk --latency`."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.M))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": round(_ms(latency["50"]), 2),
        "p99_ms": round(_ms(latency["99"]), 2),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": int(m.group(1))
        if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output))
        else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


# The benchmark ------------------------------------------------------------------


def public_pages(meta: dict) -> dict[str, str]:
    return {
        "article": f"/en/{meta['slug_en']}/",
        "front page": "/en/",
        "feed": "/en/feed/",
        "search": f"/en/?q={meta['topic_en']}",
    }


def page_sizes(database: str, pages: dict[str, str]) -> dict[str, int]:
    with gunicorn(database, cache=False) as port:
        sizes = {}
        for name, path in pages.items():
            status, body = fetch(port, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            sizes[name] = len(body)
    return sizes


def write_static_ceilings(sizes: dict[str, int]) -> None:
    """Files of each page's size, served by whitenoise (it indexes STATIC_ROOT at start-up)."""
    folder = STATIC / "bench-ceiling"
    folder.mkdir(parents=True, exist_ok=True)
    for size in sizes.values():
        (folder / f"{size}.html").write_bytes(b"x" * size)


ROUNDS = 3


def combine(slices: list[dict]) -> dict:
    """One figure from equal-length slices: mean req/s, median p50, worst p99, summed errors."""
    p50s = sorted(m["p50_ms"] for m in slices)
    return {
        "rps": sum(m["rps"] for m in slices) / len(slices),
        "p50_ms": p50s[len(p50s) // 2],
        "p99_ms": max(m["p99_ms"] for m in slices),
        "requests": sum(m["requests"] for m in slices),
        "non_2xx_3xx": sum(m["non_2xx_3xx"] for m in slices),
        "socket_errors": sum(m["socket_errors"] for m in slices),
    }


def interleaved(runs: dict[str, tuple[int, str, str]], duration: int) -> dict[str, dict]:
    """Measure several (port, path, cookie) in ROUNDS alternating slices of duration/ROUNDS.

    The machine is shared and its load drifts minute to minute: figures to be
    compared are taken side by side, slice by slice, not minutes apart.
    """
    piece = max(1, round(duration / ROUNDS))
    slices: dict[str, list[dict]] = {name: [] for name in runs}
    for round_number in range(ROUNDS):
        for name, (port, path, cookie) in runs.items():
            slices[name].append(wrk(port, path, piece, cookie, warm=round_number == 0))
    return {name: combine(measured) for name, measured in slices.items()}


def ceiling_and_page(port: int, size: int, path: str, duration: int, slug: str = "") -> dict:
    """The page and its two ceilings, on the same server, interleaved; for an article
    (`slug`), also the one-query floor (bench/urls.py)."""
    runs = {
        "bare view": (port, f"/bench/bare/{size}/", ""),
        "static file": (port, f"/static/bench-ceiling/{size}.html", ""),
        "page": (port, path, ""),
    }
    if slug:
        runs["one-query floor"] = (port, f"/bench/floor/{size}/{slug}/", "")
    return interleaved(runs, duration)


def one_pass(number: int, metas: dict, sizes: dict[str, int], args) -> dict:
    log(f"pass {number}")
    results: dict = {"pages": {}, "load_before": os.getloadavg()[0]}
    for database in ("sqlite_1k", "postgres_1k"):
        pages = public_pages(metas[database])
        for cache in (False, True):
            label = f"{database.split('_')[0]}, cache {'on' if cache else 'off'}"
            with gunicorn(database, cache) as port:
                slug = metas[database]["slug_en"]
                results["pages"][label] = {
                    name: ceiling_and_page(
                        port, sizes[name], path, args.duration, slug if name == "article" else ""
                    )
                    for name, path in pages.items()
                }
    if not args.skip_scale:
        results["scale"] = scale_pass(metas, args.duration)
    results["load_after"] = os.getloadavg()[0]
    return results


def scale_pass(metas: dict, duration: int) -> dict:
    """Each target at 1,000 and at 100,000 versions, alternately, with both servers up
    (an idle server costs nothing), so the two figures of a target are side by side."""
    databases = ("postgres_1k", "postgres_scale")
    with contextlib.ExitStack() as stack:
        ports, targets = {}, {}
        for database in databases:
            meta = metas[database]
            session = run([PYTHON, "bench/sitegen.py", "session"], environment(database)).strip()
            targets[database] = {
                "front page": ("/en/", ""),
                "article": (f"/en/{meta['slug_en']}/", ""),
                "search, 2 % word": (f"/en/?q={meta['topic_en']}", ""),
                "search, 1-story word": (f"/en/?q={meta['rare_en']}", ""),
                "admin article list": ("/admin/articles/article/", f"sessionid={session}"),
            }
            ports[database] = stack.enter_context(gunicorn(database, cache=False))
        measured: dict = {metas[database]["published_versions"]: {} for database in databases}
        for name in targets[databases[0]]:
            runs = {}
            for database in databases:
                path, cookie = targets[database][name]
                status, _body = fetch(ports[database], path, cookie)
                if status != 200:
                    raise SystemExit(f"{database} {path} answered {status}")
                runs[database] = (ports[database], path, cookie)
            for database, figures in interleaved(runs, duration).items():
                measured[metas[database]["published_versions"]][name] = figures
    return measured


def report(passes: list[dict], sizes: dict[str, int]) -> str:
    lines = []
    for number, result in enumerate(passes, 1):
        lines.append(
            f"\n#### Pass {number} (load average {result['load_before']:.1f} before, "
            f"{result['load_after']:.1f} after, on 2 cores)\n"
        )
        lines.append(
            "| page (bytes) | setup | req/s | p50 ms | p99 ms | bare view req/s | "
            "**vs bare view** | static file req/s | one-query floor req/s (vs bare) | "
            "non-2xx/3xx |"
        )
        lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for label, pages in result["pages"].items():
            for name, runs in pages.items():
                m, bare, static = runs["page"], runs["bare view"], runs["static file"]
                errors = sum(run["non_2xx_3xx"] for run in runs.values())
                floor = runs.get("one-query floor")
                floor_cell = (
                    f"{floor['rps']:.0f} ({floor['rps'] / bare['rps']:.0%})" if floor else "-"
                )
                lines.append(
                    f"| {name} ({sizes[name]}) | {label} | {m['rps']:.0f} | {m['p50_ms']} | "
                    f"{m['p99_ms']} | {bare['rps']:.0f} | **{m['rps'] / bare['rps']:.0%}** | "
                    f"{static['rps']:.0f} | {floor_cell} | {errors} |"
                )
        if "scale" in result:
            (small, small_m), (large, large_m) = result["scale"].items()
            small, large = int(small), int(large)
            lines.append(
                f"\n| PostgreSQL, no cache | req/s at {small:,} | req/s at {large:,} | "
                f"p99 ms at {small:,} | p99 ms at {large:,} | **p99 ratio** | non-2xx/3xx |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---:|")
            for name, m in large_m.items():
                s = small_m[name]
                lines.append(
                    f"| {name} | {s['rps']:.0f} | {m['rps']:.0f} | {s['p99_ms']} | {m['p99_ms']} | "
                    f"**{m['p99_ms'] / s['p99_ms']:.2f}x** | {s['non_2xx_3xx'] + m['non_2xx_3xx']} |"
                )
    return "\n".join(lines)


def all_measurements(passes: list[dict]):
    for result in passes:
        for pages in result["pages"].values():
            for runs in pages.values():
                yield from runs.values()
        for measured in result.get("scale", {}).values():
            yield from measured.values()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2, help="the machine is shared: run twice")
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--skip-scale", action="store_true", help="no 100,000-version runs")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the databases")
    args = parser.parse_args()
    for tool in ("wrk", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing (Debian: apt-get install wrk redis-tools)")
    OUT.mkdir(parents=True, exist_ok=True)

    wanted = ["sqlite_1k", "postgres_1k"] + ([] if args.skip_scale else ["postgres_scale"])
    metas = {database: prepare(database, args.regenerate) for database in wanted}
    if shutil.which("msgfmt"):
        manage(environment("sqlite_1k"), "compilemessages", "--ignore=.venv", "-v", "0")
    manage(environment("sqlite_1k"), "collectstatic", "--noinput", "-v", "0")
    sizes = page_sizes("sqlite_1k", public_pages(metas["sqlite_1k"]))
    write_static_ceilings(sizes)
    log(f"page sizes: {sizes}")

    passes = [one_pass(number, metas, sizes, args) for number in range(1, args.passes + 1)]
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%MZ")
    (OUT / f"serve-{stamp}.json").write_text(
        json.dumps({"sizes": sizes, "databases": metas, "passes": passes}, indent=1)
    )
    print(
        f"Serving benchmark, {stamp}: gunicorn 2 sync workers; wrk -t2 -c8, each figure "
        f"{ROUNDS} interleaved slices of {max(1, round(args.duration / ROUNDS))} s"
    )
    print(report(passes, sizes))
    failures = [m for m in all_measurements(passes) if m["non_2xx_3xx"] or m["socket_errors"]]
    if failures:
        print(f"\nERRORS: {len(failures)} runs had non-2xx/3xx responses or socket errors")
        sys.exit(1)
    print("\nNo non-2xx/3xx responses and no socket errors in any run.")


if __name__ == "__main__":
    main()
