"""The search index follows every write of an article's text: admin, restore, rebuild (the importer: tests/importing/test_import_search.py).

On SQLite these exercise `articles.search_index` (the FTS5 index and the
vocabulary); on PostgreSQL the generated vectors and the same vocabulary.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import history
from articles.models import Article, LanguageVersion, Status
from articles.search_index import INDEX_TABLE
from tests.admin.helpers import change_url, form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def titles(language, query) -> list[str]:
    """What a reader (signed out) finds."""
    html = Client().get(f"/{language}/", {"q": query}).content.decode()
    # A search marks the reader's words in titles: the titles as text.
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", title) for title in found]


def save_in_admin(client, article, **changes):
    """Save the change form, then publish the working copy its save made of each language."""
    response = client.post(change_url(article), {**form_data(client, article), **changes})
    assert response.status_code == 302
    workflow = reverse("admin:articles_article_workflow", args=[article.pk])
    for code in {name.rpartition("_")[2] for name in changes}:
        client.post(workflow, {"operation": "publish", "language": code, "confirmed": "1"})


def test_a_working_copy_is_not_searchable_until_it_is_published(editor_client):
    article = make_article(("fr",), Status.PUBLISHED, title_fr="Le port", body_fr="Marseille.")
    data = form_data(editor_client, article)
    editor_client.post(change_url(article), {**data, "body_fr": "Toulon."})
    assert titles("fr", "toulon") == []
    assert titles("fr", "marseille") == ["Le port"]


def test_an_editors_edit_and_a_restore_are_searchable_once_published(editor_client):
    article = make_article(("fr",), Status.PUBLISHED, title_fr="Le port", body_fr="Marseille.")
    save_in_admin(editor_client, article, body_fr="Toulon.")
    assert titles("fr", "toulon") == ["Le port"]
    assert titles("fr", "marseille") == []

    baseline = history.article_history(article).last()
    editor_client.post(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        {"version": baseline.pk, "language": "fr"},
    )
    assert titles("fr", "toulon") == ["Le port"]  # the restore waits as the working copy
    workflow = reverse("admin:articles_article_workflow", args=[article.pk])
    editor_client.post(workflow, {"operation": "publish", "language": "fr", "confirmed": "1"})
    assert titles("fr", "marseille") == ["Le port"]
    assert titles("fr", "toulon") == []


def test_a_new_word_from_an_edit_is_suggested(editor_client):
    article = make_article(("en",), Status.PUBLISHED, title_en="Tools", body_en="Nothing.")
    save_in_admin(editor_client, article, body_en="The Whisper model.")
    html = Client().get("/en/", {"q": "whsper"}).content.decode()
    # A name keeps its capital (issue 30, point 7).
    assert 'Did you mean: <a href="/en/?q=Whisper">Whisper</a>' in html


def test_rebuild_indexes_text_written_around_the_models_save(client):
    # bulk_create sends no signal: on either database only the rebuild indexes this text.
    Article.objects.bulk_create([Article(title_de="Die Umfrage", slug_de="die-umfrage")])
    LanguageVersion.objects.create(
        article=Article.objects.get(),
        language="de",
        status=Status.PUBLISHED,
        published_at="2026-01-01T00:00Z",
    )
    call_command("rebuild_search_index", verbosity=0)
    assert titles("de", "umfragen") == ["Die Umfrage"]
    # As German writes it: a noun keeps its capital.
    assert 'href="/de/?q=Umfrage"' in client.get("/de/", {"q": "umfrge"}).content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_a_deleted_article_leaves_the_index():
    article = make_article(("en", "fr"), Status.PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {INDEX_TABLE}")
        assert cursor.fetchone() == (2,)
        article.delete()
        cursor.execute(f"SELECT count(*) FROM {INDEX_TABLE}")
        assert cursor.fetchone() == (0,)
