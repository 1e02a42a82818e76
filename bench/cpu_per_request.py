"""CPU milliseconds per request, in process, for any Django project: a steadier figure than
requests per second on a shared, loaded machine (wrk's figures moved by 2x between runs).

    .venv/bin/python bench/cpu_per_request.py URL...                       # Newsroom
    /tmp/bench-venv/bin/python bench/cpu_per_request.py --project ../shared/anchors/wagpeer \\
        --settings wagpeer.settings /de/news/<slug>/ /id/news/              # the Wagtail peer

The Django test client (full middleware, templates, database; DEBUG as the
settings say), one warm-up request per URL, then 5 rounds of N requests each;
prints the median round's CPU time (time.process_time) per request, and the
bytes of the response. Prints one JSON line per URL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--settings", default="newsroom.settings")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.project).resolve()))
    os.chdir(args.project)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", args.settings)
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST=args.host)
    for url in args.urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        rounds = []
        for _ in range(5):
            start = time.process_time()
            for _ in range(args.n):
                client.get(url)
            rounds.append((time.process_time() - start) / args.n * 1000)
        print(
            json.dumps(
                {
                    "url": url,
                    "cpu_ms": round(statistics.median(rounds), 3),
                    "rounds": [round(r, 3) for r in rounds],
                    "bytes": len(response.content),
                }
            )
        )


if __name__ == "__main__":
    main()
