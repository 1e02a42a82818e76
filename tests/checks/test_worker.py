"""The worker process that checks an import's new articles while the files are written.

The import must store the same findings whether the worker checked the
articles or the importer did, and only findings of the text the article has
when they are stored.
"""

import os
import time
from dataclasses import fields, replace

import pytest

from articles import language
from articles.checks import VersionText, recompute_findings_for, run_checks, story_from_article
from articles.checks import services as check_services
from articles.checks import worker as worker_module
from articles.checks.worker import MIN_STORIES, CheckWorker
from articles.importing import checking, pipeline
from articles.models import Article, Finding, ImportRun, localized
from tests.checks.helpers import story
from tests.importing.conftest import SEED, SEEDS, run_import, seed_text

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Whether the company can successfully navigate this balancing act remains to be seen, "
    "but its move represents a significant shift in its strategy for the coming years."
)


@pytest.fixture
def worker_for_every_import(monkeypatch):
    """The seed bundle has two articles: let the worker check even so few, and all of them
    (it would leave the importer half of those it has not reached when the files are written)."""
    monkeypatch.setattr(checking, "MIN_STORIES", 1)
    monkeypatch.setattr(CheckWorker, "share", lambda worker: worker.sent)


@pytest.fixture
def slow_worker(monkeypatch):
    """A worker forked from now on takes a second per story."""
    monkeypatch.setattr(checking, "MIN_STORIES", 1)

    def slow(story):
        time.sleep(1)
        return run_checks(story)

    monkeypatch.setattr(worker_module, "run_checks", slow)


@pytest.fixture
def checks_in_this_process(monkeypatch):
    """Count the stories the importer checks itself (not the worker)."""
    calls = []
    real = check_services.run_checks

    def counting(story):
        calls.append(story.article_id)
        return real(story)

    monkeypatch.setattr(check_services, "run_checks", counting)
    return calls


def stored_findings():
    return sorted(
        Finding.objects.values_list(
            "version__article",
            "version__language",
            "kind",
            "fingerprint",
            "severity",
            "paragraph",
            "message",
            "suggestion",
        )
    )


def no_child_process_left():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    return True


def test_the_import_stores_the_findings_the_worker_made(
    worker_for_every_import, checks_in_this_process
):
    code, report = run_import(SEEDS)
    assert code == 0 and len(report["articles"]) == 2
    assert checks_in_this_process == []  # both articles were checked by the worker
    by_worker = stored_findings()
    assert by_worker  # the seed bundle has findings (tests/checks/test_seed_findings.py)

    Finding.objects.all().delete()
    recompute_findings_for(Article.objects.values_list("pk", flat=True))
    assert stored_findings() == by_worker  # exactly what the importer would have stored


def test_a_worker_still_busy_when_the_files_are_written_leaves_the_importer_half(
    slow_worker, checks_in_this_process
):
    code, report = run_import(SEEDS)

    assert code == 0 and len(report["articles"]) == 2
    # The worker was on the first story: it kept that one, the importer checked the other.
    assert checks_in_this_process == [report["articles"][1]["id"]]
    by_both = stored_findings()
    Finding.objects.all().delete()
    recompute_findings_for(Article.objects.values_list("pk", flat=True))
    assert stored_findings() == by_both
    assert no_child_process_left()


def test_a_shared_worker_checks_the_stories_it_keeps_and_stops_there(slow_worker):
    stories = [story(fr=f"Paragraf {n}.") for n in range(4)]
    worker = CheckWorker.fork()
    worker.check(stories)

    kept = worker.share()  # it is still on the first story
    results = worker.results()

    assert kept == 2  # the one it was on, and half of the other three
    assert results == [run_checks(s) for s in stories[:2]]
    assert no_child_process_left()


def test_text_edited_before_the_findings_are_stored_is_checked_again(
    worker_for_every_import, checks_in_this_process, monkeypatch
):
    """An editor saves an article while the import is still writing: the worker checked
    the imported text, so its findings for that article are not stored."""
    real = CheckWorker.results

    def edited_meanwhile(worker):
        article = Article.objects.get(**{localized("lede", "fr") + "__isnull": False})
        column = localized("body", "fr")
        setattr(article, column, f"{getattr(article, column)}\n\n{ENGLISH}")
        article.save(update_fields=[column])
        return real(worker)

    monkeypatch.setattr(CheckWorker, "results", edited_meanwhile)
    code, _report = run_import(SEEDS)
    assert code == 0
    edited = Article.objects.get(**{localized("lede", "fr") + "__isnull": False})
    assert checks_in_this_process == [edited.pk]  # the other article kept the worker's findings
    untranslated = Finding.objects.filter(
        version__article=edited, version__language="fr", kind="untranslated"
    )
    assert [f.message for f in untranslated if "English" in f.message]


def test_a_failed_worker_leaves_the_checks_to_the_importer(
    worker_for_every_import, checks_in_this_process, monkeypatch
):
    def broken(story):
        raise RuntimeError("a check failed in the worker")

    # Forked after this patch, the worker fails on its first story.
    monkeypatch.setattr("articles.checks.worker.run_checks", broken)
    code, report = run_import(SEEDS)
    assert code == 0
    assert sorted(checks_in_this_process) == sorted(a["id"] for a in report["articles"])
    assert stored_findings()
    assert no_child_process_left()


def test_a_stopped_worker_leaves_no_process_behind():
    worker = CheckWorker.fork()
    worker.stop()
    assert no_child_process_left()  # reaped: neither running nor a zombie


def test_an_import_that_fails_half_way_leaves_no_worker_behind(
    worker_for_every_import, monkeypatch
):
    def crash(*args):
        raise KeyboardInterrupt  # the operator presses Ctrl-C while the files are written

    monkeypatch.setattr(pipeline, "write_files", crash)
    with pytest.raises(KeyboardInterrupt):
        pipeline.import_bundle(pipeline.ImportOptions(paths=[SEEDS]))
    assert no_child_process_left()


def test_a_dry_run_with_the_worker_writes_nothing(worker_for_every_import, checks_in_this_process):
    code, report = run_import(SEEDS, "--dry-run")
    assert code == 0 and {d["status"] for d in report["documents"]} == {"created"}
    assert (Article.objects.count(), Finding.objects.count(), ImportRun.objects.count()) == (
        0,
        0,
        0,
    )
    assert checks_in_this_process == []
    assert no_child_process_left()


def test_the_worker_detects_passages_the_import_did_not_score(monkeypatch):
    """lingua's thread pool does not survive a fork: a worker forked after this process
    used it must still detect what it has no score for (and not wait forever)."""
    language.detector().compute_language_confidence_values_in_parallel([ENGLISH] * 64)
    monkeypatch.setattr(worker_module, "TIMEOUT", 30)
    stories = [
        story(
            id=f"Perusahaan itu mengumumkan {n} model baru untuk para pengembang di seluruh "
            f"dunia pada hari Selasa.\n\n{ENGLISH} ({n})"
        )
        for n in range(MIN_STORIES)
    ]
    worker = CheckWorker.fork()
    worker.check(stories)
    found = worker.results()
    assert found == [run_checks(s) for s in stories]
    assert all(any(f.kind == "untranslated" for f in findings) for findings in found)


@pytest.mark.parametrize("name", [f.name for f in fields(VersionText) if f.name != "language"])
def test_the_digest_changes_with_anything_the_checks_read(name, tmp_path):
    (tmp_path / SEED["fr"]).write_text(seed_text("fr"), encoding="utf-8")
    code, _report = run_import(tmp_path)
    assert code == 0
    imported = story_from_article(Article.objects.get())
    (version,) = imported.versions
    value = getattr(version, name)
    changed = replace(imported, versions=(replace(version, **{name: _other(value)}),))
    assert changed.digest() != imported.digest()
    assert replace(imported, article_id=999).digest() == imported.digest()  # no check reads it


def _other(value):
    return not value if isinstance(value, bool) else f"{value}."


def test_the_digest_changes_with_the_slugs_other_pages_hold():
    plain = story(fr="Texte.")
    assert replace(plain, taken_slugs={"fr": frozenset({"title-fr"})}).digest() != plain.digest()
    assert replace(plain, reserved_slugs=frozenset({"feed"})).digest() != plain.digest()
    assert (
        replace(
            plain, taken_slugs={"fr": frozenset({"a"})}, reserved_slugs=frozenset({"b"})
        ).digest()
        != replace(plain, taken_slugs={"fr": frozenset({"a", "b"})}).digest()
    )
