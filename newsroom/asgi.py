"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from newsroom.sqlite_page_cache import keep_sqlite_pages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

keep_sqlite_pages()
application = get_asgi_application()
