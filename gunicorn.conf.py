"""gunicorn configuration for production: `gunicorn -c gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_*, or gunicorn's
own WEB_CONCURRENCY for the number of workers), so deployments change
variables, never this file. Django's settings come from their own variables
(see README "Production").

Sync workers: a page is CPU-bound Python plus short database and Redis round
trips, so one process per core (plus one to cover I/O waits) keeps the cores
busy without the GIL contention of threads. A reverse proxy (nginx, a load
balancer) in front buffers slow clients and terminates TLS; gunicorn binds to
loopback by default and trusts X-Forwarded-Proto only from the proxy's address.
"""

import multiprocessing
import os
import sys


def env_int(name: str, default: int, minimum: int) -> int:
    """A whole number from the environment; a bad one stops gunicorn with one line naming
    the variable (`sys.exit`: gunicorn prints a traceback for any exception)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        sys.exit(f"{name}={value!r} is not a whole number.")
    if number < minimum:
        sys.exit(f"{name}={number} is too small; give {minimum} or more.")
    return number


wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1, minimum=1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = env_int("GUNICORN_THREADS", 1, minimum=1)

# A request that takes longer than this is stuck: the worker is replaced.
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound (0: never).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = 200

# Import Django once in the master; workers fork with it loaded (faster start,
# shared memory). Django opens no database connection at import time.
preload_app = True

# The proxy sets X-Forwarded-Proto; settings trust it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# An empty GUNICORN_ACCESS_LOG turns the access log off (benchmarks).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket (`gunicornc`) defaults to one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl), which every
# instance run by that user would share. Off unless a path is given, one per
# instance.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
