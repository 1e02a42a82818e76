"""The checks an import queues as tasks read the language scores the importer kept on
its source documents: a worker finds the same without running lingua again
(articles/tasks.py, `check_articles`)."""

import pytest

from articles import language
from articles.editorial_checks import untranslated
from articles.importing.pipeline import ImportOptions, import_bundle
from articles.models import Finding
from articles.tasks import check_articles
from tests.importing.conftest import seed_text

pytestmark = pytest.mark.django_db


def findings() -> list[tuple]:
    return sorted(Finding.objects.values_list("version_id", "kind", "paragraph", "message"))


def test_queued_checks_find_the_same_without_detecting_any_language_again(
    make_bundle, monkeypatch, django_capture_on_commit_callbacks
):
    german = seed_text("de").split("\n")[3]
    french = seed_text("fr").split("\n")
    french.insert(4, german)  # a paragraph left untranslated
    bundle = make_bundle({"fr.txt": "\n".join(french), "es.txt": seed_text("es")})
    # queued once the import commits; the tests' task backend runs them at once
    with django_capture_on_commit_callbacks(execute=True):
        report = import_bundle(ImportOptions(paths=[bundle], checks_in_background=True))
    found = findings()
    assert any(kind == "untranslated" for _v, kind, _p, _m in found)

    Finding.objects.all().delete()
    untranslated.clear_cache()  # a worker process: nothing detected in it yet

    def no_lingua():
        raise AssertionError("lingua ran again")

    monkeypatch.setattr(language, "detector", no_lingua)
    check_articles.call(sorted({d.article for d in report.documents}))
    assert findings() == found
