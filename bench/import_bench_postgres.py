"""The importer benchmark (bench/import_bench.py) on PostgreSQL instead of its SQLite file.

    .venv/bin/python bench/import_bench_postgres.py [--stories 2000]

Recreates the database bench_import (or $NEWSROOM_BENCH_DATABASE) on 127.0.0.1:5432 and configures Django
for it before import_bench runs, so import_bench's own SQLite setting (made
after Django is set up) has no effect; its line "import end to end (postgresql)"
measures PostgreSQL. Same arguments as import_bench.py.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = os.environ.get("NEWSROOM_BENCH_DATABASE", "bench_import")


def main() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    # As import_bench.py itself: production settings (no per-query logging).
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()
    from django.db import connection

    from bench import import_bench

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    import_bench.main()
    assert connection.vendor == "postgresql", "import_bench ran on another database"


if __name__ == "__main__":
    main()
