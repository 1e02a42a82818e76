"""A document is its normalised text: copies in other bytes are duplicates, said every run."""

import codecs

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article, SourceDocument
from tests.importing.conftest import document, run_import, seed_text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def three_copies(make_bundle):
    """One article saved with LF, with CRLF and with a BOM."""
    text = seed_text("fr")
    return make_bundle(
        {
            "a_lf.txt": text.encode(),
            "b_crlf.txt": text.replace("\n", "\r\n").encode(),
            "c_bom.txt": codecs.BOM_UTF8 + text.encode(),
        }
    )


def assert_duplicates_of_the_first(report):
    for name in ("b_crlf.txt", "c_bom.txt"):
        entry = document(report, name)
        assert entry["status"] == "skipped", entry
        assert entry["reason"].startswith("duplicate of a_lf.txt: the same text in other bytes")


def test_one_text_in_three_byte_forms_is_one_article(three_copies):
    code, report = run_import(three_copies)

    assert code == 0
    assert document(report, "a_lf.txt")["status"] == "created"
    assert_duplicates_of_the_first(report)
    assert Article.objects.count() == 1
    assert list(SourceDocument.objects.values_list("name", flat=True)) == ["a_lf.txt"]


def test_a_rerun_reports_the_same_duplicates_again(three_copies):
    run_import(three_copies)

    code, report = run_import(three_copies)

    assert code == 0
    assert document(report, "a_lf.txt")["status"] == "unchanged"
    assert_duplicates_of_the_first(report)
    assert report["kinds"] == {"imported": 1, "skipped": 2, "rejected": 0, "failed": 0}
    assert Article.objects.count() == 1


def test_a_copy_arriving_in_a_later_run_is_a_duplicate_of_the_earlier_file(
    make_bundle, three_copies
):
    text = seed_text("fr")
    run_import(make_bundle({"a_lf.txt": text}, name="monday"))

    code, report = run_import(make_bundle({"b_crlf.txt": text.replace("\n", "\r\n")}, "tuesday"))

    assert code == 0
    entry = document(report, "b_crlf.txt")
    assert entry["status"] == "skipped"
    assert entry["reason"] == (
        "duplicate of a_lf.txt: the same text in other bytes (line ends, BOM or encoding), "
        "imported earlier"
    )
    assert Article.objects.count() == 1 and SourceDocument.objects.count() == 1


def test_the_same_file_saved_again_with_other_line_ends_is_unchanged(make_bundle):
    text = seed_text("fr")
    run_import(make_bundle({"story.txt": text}, name="first"))

    code, report = run_import(make_bundle({"story.txt": text.replace("\n", "\r\n")}, "second"))

    assert code == 0
    assert document(report, "story.txt")["status"] == "unchanged"
    assert SourceDocument.objects.count() == 1


def test_the_migration_gives_stored_copies_one_identity_the_oldest_keeps(make_bundle):
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0004_lock_version")])
    apps = executor.loader.project_state([("articles", "0004_lock_version")]).apps
    ImportRun = apps.get_model("articles", "ImportRun")
    Document = apps.get_model("articles", "SourceDocument")
    run = ImportRun.objects.create(source="bundle")
    for name, raw in [("a.txt", "Titre\n\nTexte."), ("b.txt", "Titre\r\n\r\nTexte.\r\n")]:
        Document.objects.create(import_run=run, name=name, sha256=name, size=1, raw_text=raw)
    Document.objects.create(import_run=run, name="c.txt", sha256="c", size=1, raw_text="Autre.")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = dict(SourceDocument.objects.values_list("name", "text_sha256"))
    assert len(stored["a.txt"]) == 64 and stored["b.txt"] == ""
    assert len(stored["c.txt"]) == 64 and stored["c.txt"] != stored["a.txt"]
    # The importer's own identity agrees with the migration's.
    _code, report = run_import(make_bundle({"copy.txt": "Titre\n\nTexte.\n"}))
    assert document(report, "copy.txt")["reason"].startswith("duplicate of a.txt")
