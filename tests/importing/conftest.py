"""Helpers for the importer's tests: bundles built in tmp_path, the command run as JSON."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

SEEDS = Path(settings.NEWSROOM_DEFAULT_BUNDLE)
SEED = {
    "id": "000_0a53b2d7a05409b2.txt",
    "fr": "001_6a2df4c3be0b61b2.txt",
    "es": "002_7e97815549ed4887.txt",
    "other_id": "003_e299acefb63e0f6e.txt",
    "de": "004_f2d807b5f0c19eb6.txt",
}


def seed_text(key: str) -> str:
    return (SEEDS / SEED[key]).read_text(encoding="utf-8")


@pytest.fixture
def make_bundle(tmp_path):
    """make_bundle({"a.txt": "text" or b"bytes", …}) → a directory holding those files."""

    def make(files: dict, name: str = "bundle") -> Path:
        root = tmp_path / name
        root.mkdir(exist_ok=True)
        for path, content in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def seed_bundle(make_bundle):
    def make(*keys: str, name: str = "bundle") -> Path:
        return make_bundle({SEED[k]: seed_text(k) for k in keys}, name=name)

    return make


def run_import(*args: str) -> tuple[int, dict]:
    """Run import_seeds with --format json; its exit status and its report."""
    out = StringIO()
    try:
        call_command("import_seeds", *map(str, args), "--format", "json", stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue())


def document(report: dict, file: str) -> dict:
    return next(d for d in report["documents"] if d["file"] == file)


@pytest.fixture
def copy_seeds(tmp_path):
    def copy(name: str = "seeds") -> Path:
        return Path(shutil.copytree(SEEDS, tmp_path / name))

    return copy


MALAY_STORY = (
    "Kerajaan Malaysia telah mengumumkan bahawa cukai jualan dan perkhidmatan akan dinaikkan "
    "mulai bulan hadapan, kata menteri kewangan dalam satu kenyataan di Putrajaya semalam.\n"
    "Beliau berkata langkah itu perlu bagi mengukuhkan kedudukan kewangan negara dan "
    "memastikan subsidi sampai kepada golongan yang memerlukan.\n"
)


def run_db_worker(worker_id: str = "test") -> None:
    """Run the database backend's worker in this process until no task is ready."""
    db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
