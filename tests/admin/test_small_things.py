"""What an editor trips over: time zones, "Scheduled" everywhere, natural messages, Delete."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, LanguageVersion, Status
from tests.admin.helpers import finding, unlinked_document
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TOMORROW = timezone.now() + timedelta(days=1)


def test_the_schedule_field_says_its_time_zone(editor_client, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    article = make_article(languages=["fr"])
    review = editor_client.get(reverse("admin:articles_article_review", args=[article.pk]))
    assert "at (Asia/Jakarta; empty: now)" in review.content.decode()
    listing = editor_client.get(reverse("admin:articles_article_changelist"))
    assert "at (Asia/Jakarta; empty: now)" in listing.content.decode()


def test_a_french_editor_schedules_in_the_french_date_format(editor_client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    article = make_article(languages=["fr"])
    editor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {
            "operation": "publish",
            "language": "fr",
            "publish_at": "24/12/2030 09:30",
            "confirmed": "1",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    version = article.versions.get()
    assert version.display_status == "scheduled"
    local = timezone.localtime(version.published_at)
    assert (local.day, local.month, local.hour, local.minute) == (24, 12, 9, 30)


def test_a_scheduled_version_says_scheduled_on_the_version_pages(editor_client):
    article = make_article(languages=["fr"], status=Status.PUBLISHED, published_at=TOMORROW)
    version = article.versions.get()
    page = editor_client.get(
        reverse("admin:articles_languageversion_change", args=[version.pk])
    ).content.decode()
    assert ">Scheduled<" in page and ">Published<" not in page
    listing = reverse("admin:articles_languageversion_changelist")
    assert "?state=scheduled" in editor_client.get(listing).content.decode()
    scheduled = editor_client.get(listing, {"state": "scheduled"}).context["cl"].result_list
    assert [v.pk for v in scheduled] == [version.pk]
    live = editor_client.get(listing, {"state": "published"}).context["cl"].result_list
    assert list(live) == []


def test_a_filled_slot_message_reads_naturally(editor_client):
    article = make_article(languages=["id"])
    document = unlinked_document(language="id")
    response = editor_client.post(
        reverse("admin:articles_article_link", args=[article.pk]), {"document": document.pk}
    )
    assert "already has a version in Indonesian" in response.content.decode()


def test_editors_are_not_offered_a_delete_that_would_be_refused(editor_client, client):
    article = make_article(languages=["fr", "de"])
    version = LanguageVersion.objects.get(article=article, language="de")
    finding(version)
    url = reverse("admin:articles_languageversion_change", args=[version.pk])
    page = editor_client.get(url).content.decode()
    assert "deletelink" not in page
    assert editor_client.get(url + "delete/").status_code == 403
    article_page = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "deletelink" not in article_page


def test_pages_are_titled_in_whole_sentences(editor_client):
    from tests.factories import make_article

    article = make_article(languages=["en"])
    changelist = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Select article to change" not in changelist
    assert "Articles and their versions" in changelist
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "<h1>Change the article</h1>" in change.content.decode()


def test_an_import_run_is_named_through_gettext():
    from articles.models import ImportRun

    run = ImportRun.objects.create(source="x")
    assert str(run).startswith(f"Import #{run.pk} of ")


def test_the_add_form_has_no_empty_table_of_versions_and_still_adds(editor_client):
    add = reverse("admin:articles_article_add")
    page = editor_client.get(add).content.decode()
    # Nothing to list yet; on a phone the empty table was a sideways-scrolling box.
    assert 'id="versions-group"' not in page

    response = editor_client.post(add, {"title_en": "A new story", "body_en": "Its text."})

    assert response.status_code == 302
    article = Article.objects.get(title_en="A new story")
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'id="versions-group"' in change.content.decode()


def test_a_forbidden_page_says_so_and_leads_back_to_the_desk(translator_client):
    article = make_article(languages=["fr"])

    response = translator_client.get(reverse("admin:articles_article_link", args=[article.pk]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html and "ask an editor" in html
    assert f'href="{reverse("admin:index")}"' in html
