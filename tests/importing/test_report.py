"""The import's report cannot be forged by a file's name."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.importing.reading import walk_bundle
from articles.importing.report import warning_lines
from articles.management.commands.import_seeds import _ProgressBar
from articles.models import ImportRun, SourceDocument
from tests.importing.conftest import run_import, seed_text

pytestmark = pytest.mark.django_db(transaction=True)

# A name that, printed raw, ends the table with a forged summary line and retitles the terminal.
FORGED = "x\n\n5 imported (5 created, 0 updated, 0 unchanged), 0 skipped, 0 rejected, 0 failed\x1b]0;owned\x07.txt"


@pytest.fixture
def forged_bundle(make_bundle):
    return make_bundle({FORGED: seed_text("fr"), "notes\x1b[31m.md": "red"})


def test_the_table_prints_names_with_control_characters_escaped(forged_bundle, capsys):
    call_command("import_seeds", str(forged_bundle))

    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    lines = out.splitlines()
    summaries = [line for line in lines if line.endswith("0 failed")]
    assert summaries == [
        "1 imported (1 created, 0 updated, 0 unchanged), 1 skipped, 0 rejected, 0 failed"
    ]
    assert any(line.startswith("x\\x0a\\x0a5 imported") for line in lines)
    assert any(line.startswith("notes\\x1b[31m.md") for line in lines)


def test_the_runs_log_and_the_json_report_escape_names_too(forged_bundle, capsys):
    call_command("import_seeds", str(forged_bundle), "--format", "json")

    report = json.loads(capsys.readouterr().out)
    assert {d["file"] for d in report["documents"]} == {FORGED, "notes\x1b[31m.md"}
    (warning,) = warning_lines(ImportRun.objects.get().warnings)
    assert warning == "notes\\x1b[31m.md: not a .txt file"
    assert SourceDocument.objects.get().name == FORGED  # stored as it was


def test_a_name_that_is_not_utf8_is_shown_and_stored_with_its_bytes_escaped(tmp_path, capsys):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / b"caf\xe9.txt".decode("utf-8", "surrogateescape")).write_text(seed_text("fr"))

    assert [entry.name for entry in walk_bundle([root])] == ["caf\\xe9.txt"]
    call_command("import_seeds", str(root))

    assert "caf\\xe9.txt" in capsys.readouterr().out
    assert SourceDocument.objects.get().name == "caf\\xe9.txt"


def test_the_progress_bar_prints_the_name_escaped():
    stream = StringIO()
    _ProgressBar(stream)(20, 20, "a\x1b]0;owned\x07.txt")

    assert "a\\x1b]0;owned\\x07.txt" in stream.getvalue()
    assert "\x1b" not in stream.getvalue()


def test_a_run_in_batches_reports_every_file_and_each_article_once(seed_bundle, settings, capsys):
    # The report's rows are kept on disk as the batches go (`report.Rows`): what a batch
    # adds is there at the end, in the table and in the JSON alike.
    settings.NEWSROOM_IMPORT_BATCH = 2
    bundle = seed_bundle("id", "fr", "es", "other_id", "de")
    (bundle / "notes.md").write_text("not a story")

    call_command("import_seeds", str(bundle))
    table = capsys.readouterr().out.splitlines()
    code, report = run_import(bundle)

    assert any(line.startswith("notes.md") and "skipped" in line for line in table)
    assert sum(" created " in f"{line} " for line in table) == 5
    assert table[-1] == (
        "5 imported (5 created, 0 updated, 0 unchanged), 1 skipped, 0 rejected, 0 failed"
    )
    assert code == 0
    assert len(report["documents"]) == 6
    assert report["counts"]["unchanged"] == 5
    ids = [entry["id"] for entry in report["articles"]]
    assert (
        len(ids)
        == len(set(ids))
        == len(set(SourceDocument.objects.values_list("article", flat=True)))
    )
