"""WSGI entry point (gunicorn newsroom.wsgi)."""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db.backends.signals import connection_created

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()


def _serving_page_cache(sender, connection, **kwargs):
    """A web worker's SQLite connections keep DATABASE_SQLITE_CACHE_MB of pages (settings)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{settings.DATABASE_SQLITE_CACHE_MB * 1024}")


connection_created.connect(_serving_page_cache, dispatch_uid="serving-page-cache")

# What is loaded by now (Django, the apps, their models and modules: most of a worker's
# objects) lives as long as the process, so the garbage collector stops walking it in each
# full collection: one took 25-37 ms and was the slowest request in a hundred
# (BENCHMARKS.md, Reader search). With gunicorn's preload_app the workers fork from here
# and share these pages, which a collection would otherwise write to.
gc.freeze()
