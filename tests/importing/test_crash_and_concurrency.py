"""The importer under a kill and under a race: every file imported exactly once.

These run `manage.py import_seeds` in real processes against a scratch
database of the same engine as the test run (a SQLite file, or a fresh
PostgreSQL database in the PostgreSQL pass), on bundles made by the
benchmark's generator, whose truth says which files are one story.
"""

import importlib.util
import json
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.scratch import ROOT, ScratchDatabases, environment, manage

_spec = importlib.util.spec_from_file_location(
    "generate_bundle", ROOT / "bench" / "generate_bundle.py"
)
generate_bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_bundle)

pytestmark = pytest.mark.slow


@pytest.fixture
def database_url(tmp_path, scratch_shared):
    """A migrated scratch database of the engine the suite runs on."""
    databases = ScratchDatabases(tmp_path, "newsroom_race", scratch_shared)
    yield databases.make()
    databases.drop()


def start_import(bundle: Path, database_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_seeds", str(bundle), "--format", "json"],
        cwd=ROOT,
        env=environment(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


STATE = """
import json
from collections import Counter
from articles.models import Article, LanguageVersion, SourceDocument
docs = list(SourceDocument.objects.values_list("name", "article_id", "language"))
versions = list(LanguageVersion.objects.select_related("article"))
print(json.dumps({
    "documents": [list(d) for d in docs],
    "articles": Article.objects.count(),
    "versions": [[v.article_id, v.language, bool(v.text("title")), bool(v.text("body") or v.text("lede"))] for v in versions],
    "articles_without_version": Article.objects.filter(versions__isnull=True).count(),
}))
"""


def site_state(database_url: str) -> dict:
    output = manage("shell", "--no-imports", "-c", STATE, database_url=database_url).stdout
    return json.loads(output.strip().splitlines()[-1])


def assert_each_story_is_one_whole_article(state: dict, truth: dict[str, int]) -> None:
    names = Counter(name for name, _article, _language in state["documents"])
    assert set(names) == set(truth), "every file has a source document"
    assert max(names.values()) == 1, "no file was imported twice"
    assert state["articles_without_version"] == 0, "no half-written article"
    assert all(has_title and has_text for *_, has_title, has_text in state["versions"])
    slots = Counter((article, language) for article, language, *_ in state["versions"])
    assert max(slots.values()) == 1
    story_articles: dict[int, set] = {}
    for name, article, _language in state["documents"]:
        story_articles.setdefault(truth[name], set()).add(article)
    assert all(
        len(articles) == 1 and None not in articles for articles in story_articles.values()
    ), "each story became exactly one article"
    assert state["articles"] == len(set(truth.values()))
    assert len(state["versions"]) == len(truth)


#: The killed import: the importer itself, with a progress hook that kills its own process
#: once it is told of file number `stop_after`, before the story of that file is written
#: (each story in its own transaction, in the order of its first file): as abrupt as a
#: kill from outside, at a point the test chooses.
KILLED_IMPORT = """
import os, signal
from pathlib import Path
from articles.importing.pipeline import ImportOptions, import_bundle

def die_before(index, total, name):
    if index == {stop_after}:
        os.kill(os.getpid(), signal.SIGKILL)

import_bundle(ImportOptions(paths=[Path({bundle!r})], progress=die_before))
"""


def test_import_killed_part_way_is_completed_by_the_next_run(tmp_path, database_url):
    bundle = tmp_path / "bundle"
    truth = generate_bundle.generate(bundle, stories=40)
    script = KILLED_IMPORT.format(bundle=str(bundle), stop_after=40)
    process = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr[-2000:]
    written = [name for name, _article, _language in site_state(database_url)["documents"]]
    after_kill = len(written)
    # The stories before that file were committed, whole; nothing of its story was.
    assert 30 < after_kill <= 40 < len(truth)
    story_sizes = Counter(truth.values())
    assert all(story_sizes[story] == n for story, n in Counter(truth[w] for w in written).items())

    report = json.loads(
        manage("import_seeds", str(bundle), "--format", "json", database_url=database_url).stdout
    )
    statuses = Counter(document["status"] for document in report["documents"])
    assert statuses["unchanged"] == after_kill
    assert statuses["created"] + statuses["updated"] == len(truth) - after_kill
    assert_each_story_is_one_whole_article(site_state(database_url), truth)
    # The killed run is closed as interrupted; the articles it wrote were checked too, and
    # their search index and words were written (which happens once a run's files are).
    checks = json.loads(
        manage(
            "shell", "--no-imports", "-c", CHECKS, database_url=database_url
        ).stdout.splitlines()[-1]
    )
    assert checks["interrupted_runs"] == 1
    assert checks["stored"] == checks["expected"] > 0
    assert checks["words"] > 0 and checks["words_missing"] == []
    assert checks["index_rows_missing"] == checks["index_rows_stray"] == 0


CHECKS = """
import json
from django.db import connection
from articles.editorial_checks import run_checks
from articles.models import LANGUAGE_CODES, Article, Finding, ImportRun, localized
from articles.search_index import FIELDS, INDEX_TABLE, WORD_TABLE, rowid
from articles.search_text import spellings, words
texts = {
    (code, word)
    for article in Article.objects.all()
    for code in LANGUAGE_CODES
    for field in FIELDS
    for word in words(getattr(article, localized(field, code)) or "")
}
expected = {(code, key) for code, word in texts for key in spellings([word])}
with connection.cursor() as cursor:
    cursor.execute(f"SELECT language, word FROM {WORD_TABLE}")
    stored = set(cursor.fetchall())
    # SQLite's search index: a row for each version with text (PostgreSQL's are columns)
    indexed = rows = set()
    if connection.vendor == "sqlite":
        cursor.execute(f"SELECT rowid FROM {INDEX_TABLE}")
        indexed = {row for (row,) in cursor.fetchall()}
        rows = {
            rowid(article.pk, code)
            for article in Article.objects.all()
            for code in LANGUAGE_CODES
            if any(getattr(article, localized(field, code)) for field in FIELDS)
        }
print(json.dumps({
    "words": len(expected),
    "words_missing": sorted(expected - stored)[:5],
    "index_rows_missing": len(rows - indexed),
    "index_rows_stray": len(indexed - rows),
    "expected": sum(len(run_checks(a)) for a in Article.objects.all()),
    "stored": Finding.objects.count(),
    "interrupted_runs": sum(
        any(note.get("code") == "interrupted" for note in run.notes)
        for run in ImportRun.objects.filter(state="failed")
    ),
}))
"""


def test_two_imports_of_overlapping_bundles_at_once_make_no_duplicates(tmp_path, database_url):
    everything = tmp_path / "all"
    truth = generate_bundle.generate(everything, stories=60, seed=7)
    by_story: dict[int, list[str]] = {}
    for name, story in sorted(truth.items()):
        by_story.setdefault(story, []).append(name)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for names in by_story.values():
        # Each story is split across the two bundles, sharing one file, so the
        # translations of one story arrive through both importers at once.
        for name in names[:3]:
            (first / name).write_bytes((everything / name).read_bytes())
        for name in names[2:]:
            (second / name).write_bytes((everything / name).read_bytes())

    processes = [start_import(first, database_url), start_import(second, database_url)]
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-2000:]

    assert_each_story_is_one_whole_article(site_state(database_url), truth)
    # The first run's checks came from its worker, the second's were made again for the
    # articles it added to: every article's findings are those of its final text.
    checks = json.loads(
        manage(
            "shell", "--no-imports", "-c", CHECKS, database_url=database_url
        ).stdout.splitlines()[-1]
    )
    assert checks["stored"] == checks["expected"] > 0
    assert checks["words"] > 0 and checks["words_missing"] == []
    assert checks["index_rows_missing"] == checks["index_rows_stray"] == 0
