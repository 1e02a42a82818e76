"""Server CPU per request: Newsroom's uncached article and front page beside the Wagtail peer's.

    .venv/bin/python bench/server_cpu.py               # two passes, 8 s of load per target
    .venv/bin/python bench/server_cpu.py --passes 1 --duration 4

What `bench/cdn_bench.sh` measures as requests per second, measured instead
as the CPU time (user + system, from /proc) the servers' gunicorn workers
spend per request while wrk (1 thread, 4 connections) loads them: the kernel's
share of a request is included, and the machine's other load, which moves
wrk's requests per second by up to 1.6x between runs, moves this much less.

Targets, each gunicorn with 2 sync workers on 127.0.0.1 (started and
stopped by process id here), with the same pages as `bench/cdn_bench.sh`
(the German version of a story, the Indonesian edition's front page; its
database, bench/out/cdn_1k.sqlite3, must exist: run cdn_bench.sh once):

- ours: gunicorn.conf.py with production settings, no CACHE_URL (every
  request renders), database connections kept as production keeps them
  (DATABASE_CONN_MAX_AGE's default), workers not recycled during the run
  (GUNICORN_MAX_REQUESTS=0: a recycled worker's CPU time cannot be read);
- peer: ../shared/anchors' Wagtail 8 + wagtail-localize site as
  run_anchors.sh starts it (its settings: a connection per request);
- peer-conn: the same peer keeping its connections (CONN_MAX_AGE 60, set by a
  settings module written to a temporary folder), so that the comparison does
  not rest on a setting.

Prints a Markdown table per pass, with the peer's CPU per request over ours.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serve_bench import free_port, parse_wrk, stop  # noqa: E402

ANCHORS = ROOT.parent / "shared" / "anchors"
PEER_VENV = Path(os.environ.get("VENV", "/tmp/bench-venv"))
DB = ROOT / "bench" / "out" / "cdn_1k.sqlite3"
PEER_ARTICLE = (
    "/de/news/sam-altman-ceo-von-openai-hat-kurzlich-auf-der-social-media-plattform-x-eine-umf/"
)
TICKS = os.sysconf("SC_CLK_TCK")


def ours_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "NEWSROOM_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SECRET_KEY="bench-only-not-a-secret-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DATABASE_URL=f"sqlite:///{DB}",
        DJANGO_STATIC_ROOT=str(ROOT / "bench" / "out" / "static"),
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",
        WEB_CONCURRENCY="2",
    )
    return env


def start(command: list[str], cwd: Path, env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(command, cwd=cwd, env=env)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)  # waiting for a server to listen, not timing a test
    server.terminate()
    raise SystemExit(f"{command} did not listen on {port}")


def workers(master: int) -> list[str]:
    return Path(f"/proc/{master}/task/{master}/children").read_text().split()


def worker_cpu_ticks(children: list[str]) -> int:
    """User + system ticks of `master`'s worker processes."""
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def load(url: str, master: int, duration: int) -> dict:
    subprocess.run(["wrk", "-t1", "-c4", "-d2s", url], check=True, capture_output=True)
    children = workers(master)
    before = worker_cpu_ticks(children)
    got = parse_wrk(
        subprocess.run(
            ["wrk", "-t1", "-c4", "--latency", f"-d{duration}s", url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    if workers(master) != children:  # a replaced worker's CPU time is gone with it
        raise SystemExit(f"{url}: a worker was replaced during the measurement")
    ticks = worker_cpu_ticks(children) - before
    if got["non_2xx_3xx"] or got["socket_errors"]:
        raise SystemExit(f"{url}: errors under load: {got}")
    return {**got, "cpu_ms": ticks * 1000 / TICKS / got["requests"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8)
    args = parser.parse_args()
    if not DB.exists():
        raise SystemExit(f"{DB} is missing: run bench/cdn_bench.sh once")
    subprocess.run([str(ANCHORS / "setup.sh")], check=True, stdout=subprocess.DEVNULL)
    env = ours_env()
    slug = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            "from articles.models import Article; "
            "print(Article.objects.edition('de').values_list('slug_de', flat=True).first())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ports = {name: free_port() for name in ("ours", "peer", "peer-conn")}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    peer_gunicorn = [
        str(PEER_VENV / "bin" / "gunicorn"),
        "wagpeer.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]
    peer_env = {**os.environ, "BENCH_VAR": os.environ.get("BENCH_VAR", "/tmp/newsroom-anchors/var")}
    servers = []
    with tempfile.TemporaryDirectory() as settings_dir:
        Path(settings_dir, "wagpeer_conn.py").write_text(
            "from wagpeer.settings import *  # noqa\n"
            "for database in DATABASES.values():\n"
            "    database['CONN_MAX_AGE'] = 60\n"
        )
        try:
            servers.append(
                start(
                    [gunicorn, "-c", "gunicorn.conf.py"],
                    ROOT,
                    {**env, "GUNICORN_BIND": f"127.0.0.1:{ports['ours']}"},
                    ports["ours"],
                )
            )
            servers.append(
                start(
                    [*peer_gunicorn, "--bind", f"127.0.0.1:{ports['peer']}"],
                    ANCHORS / "wagpeer",
                    {**peer_env, "DJANGO_SETTINGS_MODULE": "wagpeer.settings"},
                    ports["peer"],
                )
            )
            servers.append(
                start(
                    [*peer_gunicorn, "--bind", f"127.0.0.1:{ports['peer-conn']}"],
                    ANCHORS / "wagpeer",
                    {
                        **peer_env,
                        "DJANGO_SETTINGS_MODULE": "wagpeer_conn",
                        "PYTHONPATH": settings_dir,
                    },
                    ports["peer-conn"],
                )
            )
            masters = dict(zip(ports, (s.pid for s in servers), strict=True))
            pages = {
                "article": {"ours": f"/de/{slug}/", "peer": PEER_ARTICLE},
                "front": {"ours": "/id/", "peer": "/id/news/"},
            }
            for number in range(1, args.passes + 1):
                print(f"\n### pass {number}, load average {os.getloadavg()[0]:.2f}\n")
                print(
                    "| page | ours ms/req (req/s) | peer ms/req (req/s) | peer-conn ms/req "
                    "(req/s) | peer / ours | peer-conn / ours |"
                )
                print("|---|---:|---:|---:|---:|---:|")
                for page, paths in pages.items():
                    got = {
                        name: load(
                            f"http://127.0.0.1:{port}{paths['ours' if name == 'ours' else 'peer']}",
                            masters[name],
                            args.duration,
                        )
                        for name, port in ports.items()
                    }
                    cells = [f"{got[n]['cpu_ms']:.2f} ({got[n]['rps']:.0f})" for n in ports]
                    ours = got["ours"]["cpu_ms"]
                    print(
                        f"| {page} | {' | '.join(cells)} | "
                        f"**{got['peer']['cpu_ms'] / ours:.2f}x** | "
                        f"**{got['peer-conn']['cpu_ms'] / ours:.2f}x** |",
                        flush=True,
                    )
            print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
        finally:
            for server in servers:
                stop(server)


if __name__ == "__main__":
    main()
