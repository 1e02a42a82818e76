"""Schema changes on a populated site: a new language, and migrations both ways.

These run `manage.py` in subprocesses against a database of their own, as an
operator would, on a copy of the project (adding a language edits settings).
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.scratch import copy_sqlite, migrated_sqlite

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ITALIAN_STORY = ROOT / "fixtures" / "extra" / "it_altman_sondaggio.txt"
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    "db.sqlite3*",
    "staticfiles",
    "artifacts",
    "node_modules",  # CI's Nu HTML Checker (tens of MB): a schema change needs none of it
    ".pytest_cache",
    "out",
)


def manage(project: Path, *args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    env.update(DJANGO_DEBUG="1", DATABASE_URL=database_url, PYTHONPATH=str(project))
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    )
    return result


def counts(project: Path, database_url: str) -> dict:
    code = (
        "import json; from articles.models import Article, LanguageVersion, SourceDocument;"
        "print(json.dumps({'articles': Article.objects.count(),"
        "'versions': sorted(LanguageVersion.objects.values_list('article_id', 'language')),"
        "'documents': SourceDocument.objects.count(),"
        "'titles': sorted(t for a in Article.objects.all() for t in [str(a)])}))"
    )
    output = manage(project, "shell", "--no-imports", "-c", code, database_url=database_url).stdout
    return json.loads(output)


@pytest.fixture
def project(tmp_path) -> Path:
    copy = tmp_path / "newsroom"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    return copy


def test_adding_italian_keeps_every_version_and_imports_italian_files_from_then_on(
    project, tmp_path, scratch_shared
):
    # A migrated site: a copy of the run's migrated file (the copy's migrations are the same).
    copy_sqlite(migrated_sqlite(scratch_shared), tmp_path / "site.sqlite3")
    database_url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    manage(project, "import_seeds", database_url=database_url)
    before = counts(project, database_url)
    assert before["articles"] == 2

    # Before Italian is a site language, an Italian file is kept but attached to nothing.
    bundle = tmp_path / "italian"
    bundle.mkdir()
    shutil.copy(ITALIAN_STORY, bundle / "005_it.txt")
    report = json.loads(
        manage(
            project, "import_seeds", str(bundle), "--format", "json", database_url=database_url
        ).stdout
    )
    assert report["documents"][0]["language"] == "it"
    assert report["documents"][0]["article"] is None

    # The operator's change: one line in settings, then makemigrations + migrate.
    settings_file = project / "newsroom" / "settings.py"
    text = settings_file.read_text()
    assert '("de", _("German")),' in text
    settings_file.write_text(
        text.replace('("de", _("German")),', '("de", _("German")),\n    ("it", _("Italian")),')
    )
    made = manage(
        project, "makemigrations", "articles", "--name", "add_italian", database_url=database_url
    )
    assert "title_it" in made.stdout or "add_italian" in made.stdout
    manage(project, "migrate", "--noinput", database_url=database_url)

    after = counts(project, database_url)
    assert after["versions"] == before["versions"]
    assert after["titles"] == before["titles"]

    # The same Italian file, offered again as a new one, now joins the seed story in Italian.
    shutil.copy(ITALIAN_STORY, bundle / "006_it.txt")
    (bundle / "006_it.txt").write_text(ITALIAN_STORY.read_text() + "\nFonte: Fortune.com\n")
    report = json.loads(
        manage(
            project, "import_seeds", str(bundle), "--format", "json", database_url=database_url
        ).stdout
    )
    joined = next(d for d in report["documents"] if d["file"].endswith("006_it.txt"))
    assert joined["language"] == "it"
    assert joined["article"] is not None
    article = next(a for a in report["articles"] if a["id"] == joined["article"])
    assert set(article["languages"]) >= {"id", "fr", "es", "de", "it"}


@pytest.mark.postgres
def test_migrations_run_backwards_and_forwards_on_postgresql(project):
    import psycopg

    db = settings.DATABASES["default"]
    name = f"newsroom_migrations_{uuid.uuid4().hex[:8]}"
    server = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"{server}/{name}".replace("postgresql://", "postgres://")
        manage(project, "migrate", "--noinput", database_url=url)
        manage(project, "import_seeds", database_url=url)
        assert counts(project, url)["articles"] == 2
        manage(project, "migrate", "articles", "zero", "--noinput", database_url=url)
        manage(project, "migrate", "--noinput", database_url=url)
        manage(project, "import_seeds", database_url=url)
        assert counts(project, url)["articles"] == 2
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
