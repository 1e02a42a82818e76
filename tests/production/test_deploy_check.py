"""The production start documented in the README works: settings pass Django's
deployment checks, and gunicorn with gunicorn.conf.py serves the site.

Each runs in a subprocess with only production variables (no DJANGO_DEBUG),
as a deployment would.
"""

import http.client
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.scratch import production_environment

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
GUNICORN = Path(sys.executable).with_name("gunicorn")
HASHED = re.compile(r"\.[0-9a-f]{12}\.css$")


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = production_environment(
        tmp_path,
        DATABASE_URL="postgres://newsroom@db.example:5432/newsroom",
        DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/newsroom",
        CACHE_URL="redis://cache.example:6379/0",
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_catch_a_weak_secret_key(tmp_path):
    env = production_environment(tmp_path, DJANGO_SECRET_KEY="short")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, host="news.example.org", proto="https"):
    """GET from gunicorn as the TLS proxy would; redirects are returned, not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": proto})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
def test_gunicorn_serves_the_site_behind_a_tls_proxy(tmp_path, collected_static):
    # The run's `collectstatic` (production settings, tests/scratch.py) is this site's.
    env = production_environment(tmp_path, DJANGO_STATIC_ROOT=str(collected_static))
    result = manage(env, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    port = free_port()
    home = tmp_path / "home"
    env.update(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_ACCESS_LOG="",
        HOME=str(home),
        XDG_RUNTIME_DIR="",
    )
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                status, headers, body = fetch(port, "/en/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            server.terminate()
            pytest.fail(f"gunicorn did not answer: {server.communicate()[0].decode()}")
        assert status == 200
        assert "Strict-Transport-Security" in headers
        assert '<html lang="en"' in body
        # Plain HTTP from the proxy is sent to HTTPS; unknown hosts are refused.
        assert fetch(port, "/en/", proto="http")[0] == 301
        assert fetch(port, "/en/", host="evil.example")[0] == 400
        # The benchmark's ceiling views exist only under bench.settings.
        assert fetch(port, "/bench/bare/100/")[0] == 404
        # Static files are served by whitenoise with far-future caching.
        hashed = [p for p in collected_static.rglob("*.css") if HASHED.search(p.name)]
        assert hashed, "collectstatic wrote no hashed stylesheet"
        path = hashed[0].relative_to(collected_static).as_posix()
        status, headers, _body = fetch(port, f"/static/{path}")
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        # No control socket at the per-user default that every instance would share.
        assert not (home / ".gunicorn").exists()
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[0].decode()
    # The request for evil.example is one line in the log, not a traceback.
    assert [line for line in log.splitlines() if "evil.example" in line] == [
        "Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' "
        "to ALLOWED_HOSTS."
    ]
    assert "Traceback" not in log


def gunicorn_config(tmp_path, **extra) -> str:
    env = production_environment(tmp_path, HOME=str(tmp_path), XDG_RUNTIME_DIR="", **extra)
    result = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_gunicorn_control_socket_is_off_unless_an_instance_names_its_own(tmp_path):
    assert re.search(r"control_socket_disable\s+= True", gunicorn_config(tmp_path))
    ctl = tmp_path / "instance-a.ctl"
    config = gunicorn_config(tmp_path, GUNICORN_CONTROL_SOCKET=str(ctl))
    assert re.search(r"control_socket_disable\s+= False", config)
    assert re.search(rf"control_socket\s+= {re.escape(str(ctl))}\n", config)


def python_output(tmp_path, code: str, **env) -> str:
    """What `code` prints, run by Python in a process with production settings."""
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=production_environment(tmp_path, **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_wsgi_application_leaves_what_it_loaded_out_of_garbage_collections(tmp_path):
    # A full collection walking Django's and the apps' objects took 25-37 ms of a request.
    # The application's own classes are frozen too: the freeze comes after it is loaded.
    code = (
        "import gc, newsroom.wsgi\n"
        "from articles.models import Article\n"
        "print(any(o is Article for o in gc.get_objects()))"
    )
    # Not in the collector's generations: frozen.
    assert python_output(tmp_path, code) == "False"


def _sqlite_page_cache(tmp_path, setup: str, alias: str = "default", **env) -> int:
    """PRAGMA cache_size of a new SQLite connection (`alias`) in a process started by `setup`."""
    code = (
        f"{setup}\n"
        "from django.db import connections\n"
        f"with connections[{alias!r}].cursor() as cursor:\n"
        "    cursor.execute('PRAGMA cache_size')\n"
        "    print(cursor.fetchone()[0])"
    )
    return int(python_output(tmp_path, code, **env))


def test_web_workers_keep_the_configured_sqlite_page_cache_and_commands_sqlites_own(tmp_path):
    # A search at 100,000 versions read its rows from the operating system again with
    # SQLite's 2 MB; an import, which writes most pages once, keeps SQLite's default.
    # (Negative: KiB, SQLite's convention.)
    sqlites_own = sqlite3.connect(":memory:").execute("PRAGMA cache_size").fetchone()[0]
    assert _sqlite_page_cache(tmp_path, "import newsroom.wsgi") == -32 * 1024
    served = _sqlite_page_cache(tmp_path, "import newsroom.wsgi", DATABASE_SQLITE_CACHE_MB="8")
    assert served == -8 * 1024
    assert _sqlite_page_cache(tmp_path, "import newsroom.asgi") == -32 * 1024
    assert (
        _sqlite_page_cache(tmp_path, "import django\ndjango.setup()") == sqlites_own != -32 * 1024
    )


def test_a_sqlite_replica_gets_the_web_workers_page_cache_too(tmp_path):
    replica = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    cache = _sqlite_page_cache(
        tmp_path, "import newsroom.wsgi", alias="replica", DATABASE_REPLICA_URL=replica
    )
    assert cache == -32 * 1024
