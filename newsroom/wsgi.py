"""WSGI entry point (gunicorn newsroom.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from newsroom.sqlite_page_cache import keep_sqlite_pages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

keep_sqlite_pages()  # before anything the application loads could open a connection
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models and modules: most of a worker's
# objects) lives as long as the process, so the garbage collector stops walking it in each
# full collection: one took 25-37 ms and was the slowest request in a hundred
# (BENCHMARKS.md, Reader search). With gunicorn's preload_app the workers fork from here
# and share these pages, which a collection would otherwise write to.
gc.freeze()
