"""Each file's reason in an import report is a code, said in the reader's language.

The French catalogue translates these sentences: the tests assert the French
sentence with the language name in it as `articles.language_names` says it
inside a sentence, and that no raw code shows.
"""

import io
import zipfile

import pytest
from django.utils import timezone, translation

from articles.importing import background, notes, reasons
from articles.language_names import name_in_sentence
from articles.models import AdminLanguage, ImportRun, LanguageVersion, SourceDocument, Status
from tests.importing.conftest import MALAY_STORY, SEED, document, run_import, seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_editor(editor_client, editor_user):
    AdminLanguage.objects.create(user=editor_user, language="fr")
    return editor_client


def french(code: str) -> str:
    with translation.override("fr"):
        return name_in_sentence(code)


def test_a_pending_file_is_explained_in_the_editors_language_on_the_runs_page(
    seed_bundle, french_editor
):
    root = seed_bundle("fr")
    run_import(root)
    LanguageVersion.objects.update(status=Status.PUBLISHED, published_at=timezone.now())
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "24 heures"))
    run_import(root)

    run = ImportRun.objects.latest("pk")
    (stored,) = run.notes
    assert stored["params"]["details"][0]["code"] == reasons.PENDING_STATE  # a code, no sentence
    page = french_editor.get(f"/admin/articles/importrun/{run.pk}/progress/").content.decode()
    assert 'lang="fr"' in page
    assert f"la version en {french('fr')} de l’article" in page  # "français", not "fr"  # noqa: RUF001
    assert "pending_state" not in page and "the fr version" not in page


def test_a_file_kept_apart_names_its_language_in_french_on_the_runs_and_the_files_records(
    make_bundle, french_editor
):
    run_import(make_bundle({"berita.txt": MALAY_STORY}))

    run = ImportRun.objects.get()
    source = SourceDocument.objects.get()
    assert source.warnings == [
        reasons.reason(reasons.UNSUPPORTED_LANGUAGE, language=source.detected_language)
    ]
    malay = french(source.detected_language)
    for url in (
        f"/admin/articles/importrun/{run.pk}/change/",
        f"/admin/articles/sourcedocument/{source.pk}/change/",
    ):
        page = french_editor.get(url).content.decode()
        assert malay in page and "unsupported_language" not in page, url
        assert f"the language is {source.detected_language}" not in page


def test_rows_recorded_before_reasons_were_codes_still_display(editor_client):
    run = ImportRun.objects.create(
        state=ImportRun.State.COMPLETED,
        warnings=["old.bin: binary file (NUL byte at offset 3)"],
        notes=[
            notes.note(
                notes.FILE_REJECTED, file="old.bin", detail="binary file (NUL byte at offset 3)"
            )
        ],
    )
    progress = editor_client.get(f"/admin/articles/importrun/{run.pk}/progress/").content.decode()
    assert "old.bin was rejected: binary file (NUL byte at offset 3)" in progress
    record = editor_client.get(f"/admin/articles/importrun/{run.pk}/change/").content.decode()
    assert "old.bin: binary file (NUL byte at offset 3)" in record


def test_the_commands_report_says_each_reason_and_gives_its_code(make_bundle):
    code, report = run_import(make_bundle({"a.txt": b"\x00\x01binary", "b.md": "notes"}))

    assert code == 1  # a rejected file
    rejected = document(report, "a.txt")
    assert rejected["reason"] == "binary file (NUL byte at offset 0)"
    assert rejected["reason_code"] == {"code": reasons.BINARY_NUL, "params": {"offset": 0}}
    assert document(report, "b.md")["reason"] == "not a .txt file"


def test_a_reason_in_french_uses_the_language_name_inside_the_sentence():
    said = reasons.reason(reasons.SLOT_TAKEN, article=7, language="en")
    with translation.override("fr"):
        text = reasons.render(said)
    assert f"une version en {french('en')} ;" in text and "Anglais" not in text


def test_a_zip_the_worker_refuses_is_explained_in_the_editors_language(
    settings, tmp_path, french_editor
):
    settings.NEWSROOM_UPLOAD_DIR = tmp_path / "upload"
    inner, outer = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", "text")
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("hidden.txt", inner.getvalue())
    outer.seek(0)
    outer.name = "bundle.zip"
    french_editor.post("/admin/articles/importrun/add/", {"files": [outer]})
    run = ImportRun.objects.get()
    background.import_queued_run(run.pk)

    page = french_editor.get(f"/admin/articles/importrun/{run.pk}/progress/").content.decode()
    assert "hidden.txt : une archive dans l’archive ; rien n’a été importé." in page  # noqa: RUF001


def test_a_run_closed_as_interrupted_says_so_in_the_editors_language_only(
    seed_bundle, french_editor
):
    dead = ImportRun.objects.create(source="bundle", state=ImportRun.State.RUNNING)
    run_import(seed_bundle("fr"))  # completes what the killed run left, and closes it

    dead.refresh_from_db()
    assert dead.state == ImportRun.State.FAILED
    page = french_editor.get(f"/admin/articles/importrun/{dead.pk}/change/").content.decode()
    with translation.override("fr"):
        said = notes.render(notes.note(notes.INTERRUPTED))
    assert said in page.replace("&#x27;", "'").replace("&#39;", "'")
    assert "interrupted before it finished" not in page  # no English line beside it
