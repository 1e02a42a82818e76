"""What the importer writes is searchable at once, accents optional (its saves indexed in batches)."""

import html
import re

import pytest
from django.db import OperationalError, connection

from articles import search_index
from articles.importing import persisting
from articles.models import Article, ImportRun, LanguageVersion, Status
from articles.search_index import INDEX_TABLE, WORD_TABLE
from tests.importing.conftest import SEED, run_import

pytestmark = pytest.mark.django_db


def titles(client, language, query) -> list[str]:
    page = client.get(f"/{language}/", {"q": query}).content.decode()
    # A search marks the reader's words in titles: the titles as text.
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', page)
    return [html.unescape(re.sub(r"</?mark>", "", title)) for title in found]


def publish_all():
    LanguageVersion.objects.update(status=Status.PUBLISHED, published_at="2026-01-01T00:00Z")


def test_imported_stories_are_searchable_without_accents(client, seed_bundle):
    code, _report = run_import(seed_bundle("id", "fr", "es", "de"))
    assert code == 0
    publish_all()
    french = Article.objects.get().title_fr
    assert titles(client, "fr", "enquete") == [french]
    assert titles(client, "fr", "ENQUÊTES") == [french]


def test_a_changed_file_updates_what_search_finds(client, seed_bundle, make_bundle):
    run_import(make_bundle({SEED["fr"]: "Le port rouvre\n\nLe port de Marseille rouvre."}))
    run_import(make_bundle({SEED["fr"]: "Le port rouvre\n\nLe port de Toulon rouvre."}, "b2"))
    publish_all()
    assert titles(client, "fr", "toulon") == ["Le port rouvre"]
    assert titles(client, "fr", "marseille") == []


def vocabulary(language) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word FROM {WORD_TABLE} WHERE language = %s", [language])
        return {word for (word,) in cursor.fetchall()}


def while_writing(monkeypatch, name: str, action) -> None:
    """Call `action` while the importer writes the file `name` (in the file's transaction)."""
    real = persisting._document

    def create_document(plan, *args, **kwargs):
        if plan.result.file == name:
            action()
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(persisting, "_document", create_document)


def test_a_failed_files_words_are_never_suggested(make_bundle, monkeypatch):
    def disk_full():
        raise RuntimeError("disk full")

    while_writing(monkeypatch, "b.txt", disk_full)
    code, _report = run_import(
        make_bundle(
            {
                "a.txt": "Le port de Marseille rouvre\n\nLes quais de Marseille rouvrent.",
                "b.txt": "La gare de Toulon ferme\n\nLa gare de Toulon ferme ses portes.",
            }
        )
    )
    assert code == 1  # b.txt failed, and its text was rolled back
    words = vocabulary("fr")
    assert "marseille" in words
    assert "toulon" not in words
    # nor does its text reach SQLite's search index (PostgreSQL's is the text's own columns),
    # where it would be found under the next article to take the id it had
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT body FROM {INDEX_TABLE}")
            assert [body for (body,) in cursor.fetchall() if "toulon" in body] == []
            assert cursor.execute(f"SELECT count(*) FROM {INDEX_TABLE}").fetchone() == (1,)


def test_a_failed_index_write_is_no_files_failure_and_the_next_run_completes_it(
    seed_bundle, monkeypatch
):
    monkeypatch.setattr(search_index, "BATCH", 1)  # the rows written after each file
    real, failed = search_index.PendingIndex.write, []

    def fails_once(self, *, vocabulary=True):
        if not failed:
            failed.append(True)
            raise OperationalError("database is locked")
        return real(self, vocabulary=vocabulary)

    monkeypatch.setattr(search_index.PendingIndex, "write", fails_once)
    bundle = seed_bundle("id", "fr", "es", "de")
    with pytest.raises(OperationalError):
        run_import(bundle)
    # The file written before the failure is not reported failed and its story not split:
    # the next run completes the story in the same article and indexes it.
    code, _report = run_import(bundle)
    assert code == 0
    article = Article.objects.get()
    assert sorted(article.versions.values_list("language", flat=True)) == ["de", "es", "fr", "id"]
    if connection.vendor == "sqlite":  # PostgreSQL's index is the text's own columns
        with connection.cursor() as cursor:
            assert cursor.execute(f"SELECT count(*) FROM {INDEX_TABLE}").fetchone() == (4,)


def test_a_run_killed_twice_is_still_indexed_by_the_next_one(client, make_bundle, monkeypatch):
    real = search_index.PendingIndex.write

    def killed(self, *, vocabulary=True):
        if vocabulary:  # the run's write after its files: as if the importer died there
            raise KeyboardInterrupt
        return real(self, vocabulary=vocabulary)

    monkeypatch.setattr(search_index.PendingIndex, "write", killed)
    story = "Le port rouvre\n\nLe port de Marseille rouvre apres la greve."
    with pytest.raises(KeyboardInterrupt):
        run_import(make_bundle({"a.txt": story}))
    with pytest.raises(KeyboardInterrupt):  # the next run dies too, before finishing the first's
        run_import(make_bundle({"b.txt": "La pluie tombe\n\nIl pleut sur Lyon."}, "b2"))
    monkeypatch.setattr(search_index.PendingIndex, "write", real)
    assert run_import(make_bundle({"c.txt": "Le vent souffle\n\nMistral."}, "b3"))[0] == 0
    publish_all()
    assert titles(client, "fr", "marseille") == ["Le port rouvre"]
    assert "marseille" in vocabulary("fr")


def test_a_run_killed_between_files_leaves_searchable_files_and_the_next_closes_it(
    client, make_bundle, monkeypatch
):
    def killed():
        raise KeyboardInterrupt

    while_writing(monkeypatch, "b.txt", killed)
    with pytest.raises(KeyboardInterrupt):
        run_import(
            make_bundle(
                {
                    "a.txt": "Le port rouvre\n\nLe port de Marseille rouvre apres la greve.",
                    "b.txt": "La pluie tombe\n\nIl pleut sur Lyon.",
                }
            )
        )
    monkeypatch.undo()
    assert run_import(make_bundle({"c.txt": "Le vent souffle\n\nMistral."}, "b3"))[0] == 0
    assert not ImportRun.objects.filter(state=ImportRun.State.RUNNING).exists()
    publish_all()
    assert titles(client, "fr", "marseille") == ["Le port rouvre"]
    assert "marseille" in vocabulary("fr")


def test_an_editors_save_during_the_run_is_what_search_finds(client, make_bundle, monkeypatch):
    def edit_the_first_story():
        article = Article.objects.get(title_fr="Le port rouvre")
        for column in ("lede_fr", "body_fr"):
            setattr(article, column, getattr(article, column).replace("Marseille", "Toulon"))
        article.save()  # an editor's save, between two files of the run

    while_writing(monkeypatch, "b.txt", edit_the_first_story)
    code, _report = run_import(
        make_bundle(
            {
                "a.txt": "Le port rouvre\n\nLe port de Marseille rouvre après la grève.",
                "b.txt": "La pluie tombe\n\nIl pleut sur Lyon depuis trois jours sans arrêt.",
            }
        )
    )
    assert code == 0
    publish_all()
    assert titles(client, "fr", "toulon") == ["Le port rouvre"]
    assert titles(client, "fr", "marseille") == []


def test_a_translation_joining_a_story_of_an_earlier_run_is_searchable(client, seed_bundle):
    run_import(seed_bundle("id", name="first"))
    code, report = run_import(seed_bundle("fr", name="second"))  # written into that article

    assert code == 0 and report["counts"]["created"] == 1
    article = Article.objects.get()
    publish_all()
    assert titles(client, "fr", "enquete") == [article.title_fr]
    page = client.get(f"/fr/{article.slug_fr}/")
    assert page.status_code == 200 and html.escape(article.title_fr) in page.content.decode()
