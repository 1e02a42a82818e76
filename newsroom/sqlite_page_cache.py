"""What a process that serves the site sets up beyond Django's own: newsroom/wsgi.py and
newsroom/asgi.py call `keep_sqlite_pages()` before loading the application.

Each SQLite connection it opens keeps DATABASE_SQLITE_CACHE_MB of pages (SQLite's own
cache is 2 MB). A search reads hundreds of rows scattered over the file, and at 100,000
versions 2 MB held too few of them from one request to the next (BENCHMARKS.md, Reader
search). Not in the settings' `init_command`, which every process runs: management
commands keep SQLite's 2 MB, since an import writes most pages once and its peak memory
is counted (BENCHMARKS.md, Import).
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def keep_sqlite_pages() -> None:
    connection_created.connect(_page_cache, dispatch_uid="sqlite-page-cache")


def _page_cache(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        # On the driver's connection: not a query of the request (debug cursors, wrappers).
        kib = settings.DATABASE_SQLITE_CACHE_MB * 1024
        connection.connection.execute(f"PRAGMA cache_size = -{kib}")
