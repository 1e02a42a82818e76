"""Settings for the serving benchmark only: production settings plus the ceiling URLs.

Selected with DJANGO_SETTINGS_MODULE=bench.settings by bench/serve_bench.py; the
ceiling views are never part of newsroom.urls.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
