"""The worker process that checks an import's new articles while the files are written.

The import must store the same findings whether the worker checked the
articles or the importer did, and only findings of the text the article has
when they are stored.
"""

import os
from dataclasses import replace

import pytest

from articles.checks import recompute_findings_for, run_checks, story_from_article
from articles.checks import services as check_services
from articles.checks.worker import CheckWorker
from articles.importing import persisting
from articles.models import Article, Finding, localized
from tests.importing.conftest import SEED, SEEDS, run_import, seed_text

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Whether the company can successfully navigate this balancing act remains to be seen, "
    "but its move represents a significant shift in its strategy for the coming years."
)


@pytest.fixture
def worker_for_every_import(monkeypatch):
    """The seed bundle has two articles: let the worker check even so few."""
    monkeypatch.setattr(persisting, "MIN_STORIES", 1)


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
            "version__article", "version__language", "kind", "fingerprint", "paragraph", "message"
        )
    )


def test_the_import_stores_the_findings_the_worker_made(
    worker_for_every_import, checks_in_this_process
):
    code, report = run_import(SEEDS)
    assert code == 0 and len(report["articles"]) == 2
    assert checks_in_this_process == []  # both articles were checked by the worker
    by_worker = stored_findings()
    assert len(by_worker) == 13  # the seed bundle's findings (tests/checks/test_seed_findings)

    Finding.objects.all().delete()
    recompute_findings_for(Article.objects.values_list("pk", flat=True))
    assert stored_findings() == by_worker  # exactly what the importer would have stored


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
    assert len(stored_findings()) == 13


def test_a_stopped_worker_leaves_no_process_behind():
    worker = CheckWorker.fork()
    worker.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)  # reaped: neither running nor a zombie
    assert worker.results() is None


def test_the_digest_changes_with_anything_the_checks_read(tmp_path):
    (tmp_path / SEED["fr"]).write_text(seed_text("fr"), encoding="utf-8")
    code, _report = run_import(tmp_path)
    assert code == 0
    story = story_from_article(Article.objects.get())
    (version,) = story.versions
    assert story.digest() == replace(story, article_id=999).digest()  # no check reads the id
    assert run_checks(story) == run_checks(replace(story, article_id=999))
    for changed in (
        replace(story, versions=(replace(version, body=version.body + "."),)),
        replace(story, versions=(replace(version, title_derived=not version.title_derived),)),
        replace(story, taken_slugs={"fr": frozenset({version.slug})}),
    ):
        assert changed.digest() != story.digest()
