"""Instructions per request, in process, counted by valgrind: a figure the machine's load does
not move (CPU time moved by ±40 % between runs of unchanged code on the shared machine).

    .venv/bin/python bench/instructions_per_request.py URL...       # settings from the environment
    .venv/bin/python bench/instructions_per_request.py --project /tmp/before URL...   # other code

Runs itself again under `valgrind --tool=callgrind`: the Django test client
(full middleware, templates, database — SQLite's work included, PostgreSQL's
server is another process), 3 warm-up requests per URL, then -n requests
between two calls of `os.getppid()`, at which callgrind dumps its counts
(`--dump-before=os_getppid`). Prints one JSON line per URL. Needs valgrind;
takes a minute or two (Django's start-up under valgrind is most of it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--settings", default="newsroom.settings")
    parser.add_argument("--host", default="testserver")
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        requests(args)
        return
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}/cg",
                "--dump-before=os_getppid",
                sys.executable,
                *sys.argv,
                "--inside",
            ],
            check=True,
            capture_output=True,
        )
        dumps = sorted(Path(out).glob("cg.*"), key=lambda p: int(p.suffix[1:]))
        counts = [int(re.search(r"^summary: (\d+)", d.read_text(), re.M)[1]) for d in dumps]
    # Dumps alternate: start-up or warm-up, then a URL's -n requests.
    for url, count in zip(args.urls, counts[1::2], strict=True):
        print(json.dumps({"url": url, "instructions": round(count / args.n)}))


def requests(args) -> None:
    sys.path.insert(0, str(Path(args.project).resolve()))
    os.chdir(args.project)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", args.settings)
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST=args.host)
    for url in args.urls:
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        os.getppid()  # callgrind dumps here
        for _ in range(args.n):
            client.get(url)
        os.getppid()


if __name__ == "__main__":
    main()
