"""CPU milliseconds per request, in process, for any Django project: a steadier figure than
requests per second on a shared, loaded machine (wrk's figures moved by 2x between runs).

    .venv/bin/python bench/cpu_per_request.py URL...                       # Newsroom
    /tmp/bench-venv/bin/python bench/cpu_per_request.py --project ../shared/anchors/wagpeer \\
        --settings wagpeer.settings /de/news/<slug>/ /id/news/              # the Wagtail peer

The Django test client (full middleware, templates, database; DEBUG as the
settings say), one warm-up request per URL, then 5 rounds of N requests each;
prints the median round's CPU time (time.process_time) per request, and the
bytes of the response. Prints one JSON line per URL.

`--wsgi` calls the project's WSGI application the way gunicorn's sync worker
does instead of the test client: no test-client bookkeeping, and Django's
request_started/request_finished signals run, so with DATABASE_CONN_MAX_AGE=0
every request opens its database connection anew, as gunicorn's workers then do
(production keeps it: the setting's default without DJANGO_DEBUG is 60 s).
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
    parser.add_argument("--wsgi", action="store_true", help="call the WSGI application")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.project).resolve()))
    os.chdir(args.project)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", args.settings)
    import django

    django.setup()
    get = wsgi_get(args.host) if args.wsgi else test_client_get(args.host)
    for url in args.urls:
        status, body = get(url)
        assert status == 200, (url, status)
        rounds = []
        for _ in range(5):
            start = time.process_time()
            for _ in range(args.n):
                get(url)
            rounds.append((time.process_time() - start) / args.n * 1000)
        print(
            json.dumps(
                {
                    "url": url,
                    "cpu_ms": round(statistics.median(rounds), 3),
                    "rounds": [round(r, 3) for r in rounds],
                    "bytes": len(body),
                }
            )
        )


def test_client_get(host: str):
    from django.test import Client

    client = Client(HTTP_HOST=host)

    def get(url: str) -> tuple[int, bytes]:
        response = client.get(url)
        return response.status_code, response.content

    return get


def wsgi_get(host: str):
    from io import BytesIO
    from urllib.parse import urlsplit

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def get(url: str) -> tuple[int, bytes]:
        parts = urlsplit(url)
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        result = application(environ, lambda s, headers, exc_info=None: status.append(s))
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # request_finished: Django closes or keeps the connection
        return int(status[0].split()[0]), body

    return get


if __name__ == "__main__":
    main()
