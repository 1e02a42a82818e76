"""Scratch databases of the engine the suite runs on, and manage.py run against them in
real processes, as an operator would (the import under a kill, backup and restore).

What several tests only read is made once per run, by whichever xdist worker asks first
(`once`): a migrated SQLite file that scratch databases copy, and the collected static files."""

from __future__ import annotations

import fcntl
import os
import secrets
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
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


def once(shared: Path, name: str, make: Callable[[Path], object]) -> Path:
    """`shared / name`, made by `make(path)` for the first of the run's xdist workers to ask
    while the others wait on a lock; a later call finds it made."""
    path = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not path.exists():
            partial = shared / f"{name}.partial"
            make(partial)
            partial.rename(path)  # whole or not at all, should `make` fail
    return path


def migrated_sqlite(shared: Path) -> Path:
    """The run's migrated, empty SQLite file (`manage.py migrate` in a real process)."""

    def migrate(path: Path) -> None:
        migrated = shared / "migrating.sqlite3"
        manage("migrate", "--noinput", database_url=f"sqlite:///{migrated}")
        copy_sqlite(migrated, path)  # with whatever its write-ahead log still holds

    return once(shared, "migrated.sqlite3", migrate)


def collected_static(shared: Path) -> Path:
    """The run's STATIC_ROOT as `manage.py collectstatic` fills it with the production
    settings (hashed and compressed names): compressing every file costs seconds."""

    def collect(path: Path) -> None:
        env = production_environment(path.parent, DJANGO_STATIC_ROOT=str(path))
        result = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr

    return once(shared, "static", collect)


def production_environment(directory: Path, **extra: str) -> dict[str, str]:
    """Only production variables (no DJANGO_DEBUG), as a deployment sets them: a SQLite
    file and STATIC_ROOT in `directory`; `extra` adds or replaces variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "NEWSROOM_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="news.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://news.example.org",
        DATABASE_URL=f"sqlite:///{directory / 'site.sqlite3'}",
        DJANGO_STATIC_ROOT=str(directory / "static"),
    )
    env.update(extra)
    return env


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
