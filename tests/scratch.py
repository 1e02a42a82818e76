"""Scratch databases of the engine the suite runs on, and manage.py run against them in
real processes, as an operator would (the import under a kill, backup and restore)."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


class ScratchDatabases:
    """make() -> the URL of a new, migrated, empty database; drop() removes them all.

    On SQLite a new database is a copy of `migrated_sqlite(shared)`, the run's one migrated
    file (`migrate` costs seconds of CPU; a copy, milliseconds). `shared` is the
    `scratch_shared` fixture, a directory all the run's xdist workers see.
    """

    def __init__(self, directory: Path, prefix: str, shared: Path):
        self.directory, self.prefix, self.shared = directory, prefix, shared
        self.made: list[str] = []
        db = settings.DATABASES["default"]
        self.server = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"

    def make(self) -> str:
        if ON_POSTGRES:
            name = f"{self.prefix}_{uuid.uuid4().hex[:8]}"
            self._execute(f'CREATE DATABASE "{name}"')
            self.made.append(name)
            url = f"{self.server}/{name}".replace("postgresql://", "postgres://")
            manage("migrate", "--noinput", database_url=url)
        else:
            path = self.directory / f"{self.prefix}-{len(self.made)}.sqlite3"
            copy_sqlite(migrated_sqlite(self.shared), path)
            url = f"sqlite:///{path}"
            self.made.append(url)
        return url

    def drop(self) -> None:
        if ON_POSTGRES:
            for name in self.made:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(sql)


def migrated_sqlite(shared: Path) -> Path:
    """The run's migrated, empty SQLite file in `shared`, made by the first worker to ask
    (`manage.py migrate` in a real process, as for any scratch database) while the
    others wait on the lock."""
    path = shared / "migrated.sqlite3"
    with open(shared / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not path.exists():
            partial = shared / "migrating.sqlite3"
            manage("migrate", "--noinput", database_url=f"sqlite:///{partial}")
            copy_sqlite(partial, path)
    return path


def copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's own copy (its backup API): whole, whatever the journal mode."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def environment(database_url: str) -> dict:
    """This process's environment for manage.py, with only the database changed."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    env.update(DJANGO_DEBUG="1", DATABASE_URL=database_url)
    return env


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )
    return result
