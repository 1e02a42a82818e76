"""Import from the admin: upload, queue, the worker's run, the run's page, Cancel, failures.

These tests keep the database task backend and run its worker themselves
(`run_worker`), one batch of ready tasks at a time, in the test's own
transaction: no sleeps, no second process.
"""

import io
import re
import zipfile
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from articles import editorial_checks as checks_module
from articles.importing import background, persisting, pipeline
from articles.models import AdminLanguage, Article, Finding, ImportRun, SourceDocument
from articles.tasks import send_mail_task
from tests.factories import editor, translator
from tests.importing.conftest import MALAY_STORY, SEED, SEEDS, run_db_worker

pytestmark = [pytest.mark.django_db, pytest.mark.db_worker]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.NEWSROOM_UPLOAD_DIR = tmp_path / "upload"
    settings.NEWSROOM_TASK_RETRY_SECONDS = 0  # a retry is ready at once


@pytest.fixture
def run_worker(monkeypatch, django_capture_on_commit_callbacks):
    """Run the database backend's worker until no task is ready (each task's own
    on-commit enqueues included)."""
    # The worker closes connections it thinks stale between tasks; the test's must stay.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        for _round in range(10):
            if not DBTaskResult.objects.ready().exists():
                return
            with django_capture_on_commit_callbacks(execute=True):
                run_db_worker()

    return run


def seed_zip(*keys: str, extra: dict | None = None) -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in keys:
            archive.write(SEEDS / SEED[key], f"bundle/{SEED[key]}")
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    data.seek(0)
    data.name = "bundle.zip"
    return data


def upload(client, capture, *files):
    with capture(execute=True):
        return client.post("/admin/articles/importrun/add/", {"files": list(files)})


def page(client, run: ImportRun) -> str:
    return client.get(f"/admin/articles/importrun/{run.pk}/progress/").content.decode()


def test_an_uploaded_zip_is_queued_imported_by_the_worker_and_its_page_tells_the_outcome(
    editor_client, django_capture_on_commit_callbacks, run_worker
):
    bundle = seed_zip("id", "fr", "es", "other_id", "de", extra={"bundle/ms.txt": MALAY_STORY})
    response = upload(editor_client, django_capture_on_commit_callbacks, bundle)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/importrun/{run.pk}/progress/"
    # The request stored the upload and queued the run; nothing is imported yet.
    assert run.state == ImportRun.State.QUEUED
    assert not Article.objects.exists()
    assert "Queued" in page(editor_client, run)

    run_worker()

    run.refresh_from_db()
    assert run.state == ImportRun.State.COMPLETED
    assert (run.files_done, run.files_total) == (6, 6)
    html = page(editor_client, run)
    assert "2 new articles, 1 file kept apart (Malay), 0 rejected" in html
    for article in Article.objects.all():
        assert f'href="/admin/articles/article/{article.pk}/change/"' in html
    # The checks ran after the writes, as tasks of their own: the untranslated English
    # paragraphs of seed 003 are found.
    assert Finding.objects.filter(kind="untranslated").exists()
    assert DBTaskResult.objects.filter(task_path__endswith="check_articles").exists()
    # The uploaded files are gone once imported: the source documents keep the text.
    assert run.upload and not Path(run.upload).exists()


def test_the_upload_of_a_run_whose_worker_was_killed_is_removed_by_the_next_import(
    editor_client, django_capture_on_commit_callbacks, run_worker
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id"))
    killed = ImportRun.objects.get()
    # The worker was killed mid-import: the run says "running", its files are still there.
    ImportRun.objects.filter(pk=killed.pk).update(state=ImportRun.State.RUNNING)
    DBTaskResult.objects.all().delete()
    assert Path(killed.upload).exists()

    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("fr"))
    run_worker()

    killed.refresh_from_db()
    assert killed.state == ImportRun.State.FAILED  # closed by the next import
    assert not Path(killed.upload).exists()


def test_several_text_files_are_one_bundle(
    editor_client, django_capture_on_commit_callbacks, run_worker
):
    files = []
    for key in ("id", "fr"):
        handle = open(SEEDS / SEED[key], "rb")  # noqa: SIM115 - closed by the client
        files.append(handle)
    upload(editor_client, django_capture_on_commit_callbacks, *files)
    run_worker()
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.COMPLETED
    article = Article.objects.get()
    assert sorted(article.versions.values_list("language", flat=True)) == ["fr", "id"]
    assert "1 new article, 0 files kept apart, 0 rejected" in page(editor_client, run)


def test_the_progress_json_says_how_far_the_run_is(
    editor_client, django_capture_on_commit_callbacks, run_worker
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id", "fr"))
    run = ImportRun.objects.get()
    url = f"/admin/articles/importrun/{run.pk}/progress.json"
    queued = editor_client.get(url).json()
    assert (queued["state"], queued["done"], queued["total"], queued["finished"]) == (
        "queued",
        0,
        2,
        False,
    )
    run_worker()
    done = editor_client.get(url).json()
    assert (done["state"], done["done"], done["total"], done["finished"]) == (
        "completed",
        2,
        2,
        True,
    )
    assert done["outcome"].startswith("1 new article")


def test_cancel_stops_the_run_between_stories_and_keeps_what_was_committed(
    editor_client, django_capture_on_commit_callbacks, run_worker, monkeypatch
):
    monkeypatch.setattr(background, "CANCEL_POLL_SECONDS", 0)  # asked before every story
    upload(
        editor_client,
        django_capture_on_commit_callbacks,
        seed_zip("id", "fr", "es", "other_id", "de"),
    )
    run = ImportRun.objects.get()
    real, written = persisting._document, []

    def editor_cancels_during_the_second_file(plan, *args, **kwargs):
        written.append(plan.result.file)
        if len(written) == 2:  # as if the Cancel button were pressed now
            editor_client.post(f"/admin/articles/importrun/{run.pk}/cancel/")
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(persisting, "_document", editor_cancels_during_the_second_file)
    run_worker()

    run.refresh_from_db()
    assert run.state == ImportRun.State.CANCELLED
    # The story being written when Cancel came (four translations, the last one after the
    # other story's file in the bundle) is finished; the other story is not started.
    assert written == [f"bundle/{SEED[key]}" for key in ("id", "fr", "es", "de")]
    assert SourceDocument.objects.count() == 4
    assert Article.objects.get().versions.count() == 4
    assert run.files_done == 4
    assert "Cancelled after 4 files" in page(editor_client, run)


def test_a_queued_run_cancelled_never_starts(
    editor_client, django_capture_on_commit_callbacks, run_worker
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id", "fr"))
    run = ImportRun.objects.get()
    editor_client.post(f"/admin/articles/importrun/{run.pk}/cancel/")
    run_worker()
    run.refresh_from_db()
    assert run.state == ImportRun.State.CANCELLED
    assert not SourceDocument.objects.exists()


def test_a_run_cancelled_while_it_waits_for_another_import_stays_cancelled(
    editor_client, django_capture_on_commit_callbacks, run_worker, monkeypatch
):
    # The worker has unpacked the run and waits for the importer lock (another import is
    # running); Cancel is pressed meanwhile: the run must not come back to life as running.
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id", "fr"))
    run = ImportRun.objects.get()
    real = pipeline.importer_lock

    @contextmanager
    def cancelled_while_waiting():
        editor_client.post(f"/admin/articles/importrun/{run.pk}/cancel/")
        with real():
            yield

    monkeypatch.setattr(pipeline, "importer_lock", cancelled_while_waiting)
    run_worker()
    run.refresh_from_db()
    assert run.state == ImportRun.State.CANCELLED
    assert not SourceDocument.objects.exists() and not Article.objects.exists()


def test_a_run_that_fails_says_so_on_its_page_and_the_task_shows_the_failure(
    editor_client, django_capture_on_commit_callbacks, run_worker, monkeypatch
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("articles.importing.background.import_bundle", broken)
    run_worker()
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED
    assert "The import stopped with an error: RuntimeError: disk full" in page(editor_client, run)
    assert DBTaskResult.objects.failed().filter(task_path__endswith="import_run_task").exists()


def test_an_upload_the_server_cannot_unpack_says_so_in_words_and_imports_nothing(
    editor_client, django_capture_on_commit_callbacks, run_worker, monkeypatch, caplog
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id"))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("articles.importing.background.unpack_stored", disk_full)
    run_worker()
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED
    html = page(editor_client, run)
    assert (
        "The server could not unpack the upload bundle.zip: No space left on device. "
        "Nothing was imported" in html
    )
    assert "OSError" not in html and "Errno" not in html  # no Python on the editor's page
    assert "could not be unpacked" in caplog.text  # the operator's log has the error
    assert not SourceDocument.objects.exists()


def test_a_failed_check_task_is_visible_to_an_operator_and_retried(
    admin_client, editor_client, django_capture_on_commit_callbacks, run_worker, monkeypatch
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id", "fr"))
    real, calls = checks_module.recompute_findings_for, []

    def fails_once(article_ids, **kwargs):
        calls.append(list(article_ids))
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return real(article_ids, **kwargs)

    monkeypatch.setattr(checks_module, "recompute_findings_for", fails_once)
    run_worker()

    checks = DBTaskResult.objects.filter(task_path__endswith="check_articles")
    assert sorted(checks.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    assert len(calls) == 2 and calls[0] == calls[1]
    assert Finding.objects.filter(version__article__in=calls[0]).exists()
    # An operator finds the failed attempt in the admin's list of task results.
    listing = admin_client.get(
        "/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"}
    ).content.decode()
    assert "check_articles" in listing


def test_a_review_mail_that_fails_is_retried(
    settings, run_worker, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.importing.test_background.FlakyBackend"
    FlakyBackend.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        send_mail_task.enqueue("Subject", "Body", ["editor@example.org"])
    run_worker()
    results = DBTaskResult.objects.filter(task_path__endswith="send_mail_task")
    assert sorted(results.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]


class FlakyBackend:
    """An e-mail backend whose server is down for the first `failures` sends."""

    failures = 0

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.real = EmailBackend(*args, **kwargs)

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("SMTP server down")
        return self.real.send_messages(messages)


def test_import_seeds_background_queues_and_the_worker_imports(
    run_worker, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_seeds", "--background", stdout=out)
    run = ImportRun.objects.get()
    assert re.search(rf"Queued as import run #{run.pk}", out.getvalue())
    assert run.state == ImportRun.State.QUEUED and not Article.objects.exists()
    run_worker()
    run.refresh_from_db()
    assert run.state == ImportRun.State.COMPLETED
    assert Article.objects.count() == 2


def test_a_translator_follows_runs_but_cannot_upload_or_cancel(
    client, editor_client, django_capture_on_commit_callbacks
):
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id"))
    run = ImportRun.objects.get()
    client.force_login(translator(username="t"))
    assert client.get("/admin/articles/importrun/add/").status_code == 403
    assert client.post(f"/admin/articles/importrun/{run.pk}/cancel/").status_code == 403
    html = page(client, run)
    assert 'id="nr-import-progress"' in html and "Cancel the import" not in html


def test_recent_runs_lists_the_running_and_queued_first(
    editor_client, django_capture_on_commit_callbacks, run_worker
):
    from articles.importing.background import recent_runs

    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("id"))
    run_worker()
    upload(editor_client, django_capture_on_commit_callbacks, seed_zip("fr"))
    rows = recent_runs()
    assert [(r["state"], r["active"]) for r in rows] == [("queued", True), ("completed", False)]
    assert rows[0]["url"].endswith("/progress/")


def test_a_running_import_asks_for_cancel_at_most_once_per_interval(
    monkeypatch, django_assert_num_queries
):
    run = ImportRun.objects.create(state=ImportRun.State.RUNNING)
    monkeypatch.setattr(background, "CANCEL_POLL_SECONDS", 3600)
    stop = background._cancel_asked(run.pk)
    with django_assert_num_queries(1):
        assert stop() is False  # the first file asks
    ImportRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    with django_assert_num_queries(0):
        assert stop() is False  # within the interval: not asked again
    monkeypatch.setattr(background, "CANCEL_POLL_SECONDS", 0)
    with django_assert_num_queries(1):
        assert stop() is True


def test_the_upload_forms_label_is_punctuated_in_the_admins_language(client):
    user = editor(username="margot")
    AdminLanguage.objects.create(user=user, language="fr")
    client.force_login(user)
    html = client.get("/admin/articles/importrun/add/").content.decode()
    # French puts a (no-break) space before the colon ("Lot :"), as on every admin form.
    assert re.search(r'<label for="id_files" class="required">Lot\s:</label>', html)
