"""Editing a published version saves a working copy: readers keep the published text until
it is published, with a diff on the confirmation and Undo after."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Status
from tests.admin.helpers import live_french_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return live_french_story()


def translate_url(article):
    return reverse("admin:articles_article_translate", args=[article.pk, "fr"])


def public(client, article):
    with translation.override("fr"):
        url = reverse("articles:detail", kwargs={"slug": "le-port-rouvre"})
    return client.get(url).content.decode()


def save(client, article, body):
    form = client.get(translate_url(article)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(body="", body_0=body, mode="paragraphs")
    data.update({k: "" for k in data if k.startswith("body_") and k != "body_0"})
    return client.post(translate_url(article), data)


def test_saving_a_published_version_keeps_readers_on_the_published_text(editor_client, story):
    response = save(editor_client, story, "Le port rouvre mardi.")
    assert response.status_code == 302
    assert "Le port rouvre lundi." in public(editor_client, story)  # readers: unchanged
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre lundi."
    version = story.versions.get(language="fr")
    assert version.pending_text["body"] == "Le port rouvre mardi." and version.is_live
    # The editor reopens the working copy, and its preview shows it.
    page = editor_client.get(translate_url(story)).content.decode()
    assert "Working copy: not yet live" in page and "Le port rouvre mardi." in page
    preview = reverse("admin:articles_article_preview", args=[story.pk, "fr"])
    assert "Le port rouvre mardi." in editor_client.get(preview).content.decode()


def test_publishing_the_working_copy_shows_the_diff_then_goes_live(editor_client, story):
    save(editor_client, story, "Le port rouvre mardi.")
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    page = editor_client.post(workflow, {"operation": "publish", "language": "fr"}).content.decode()
    diff = page.split('id="nr-diff"')[1].split("</section>")[0]
    assert "<del>lundi.</del>" in diff and "<ins>mardi.</ins>" in diff
    assert "Le port rouvre lundi." in public(editor_client, story)  # not yet
    editor_client.post(workflow, {"operation": "publish", "language": "fr", "confirmed": "1"})
    assert "Le port rouvre mardi." in public(editor_client, story)
    assert story.versions.get(language="fr").pending_text == {}


def _tomorrow() -> str:
    return (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")


def test_a_live_version_s_working_copy_is_not_published_at_a_later_time(editor_client, story):
    # Publishing at a time would reschedule the version: its page would be gone until then.
    save(editor_client, story, "Le port rouvre mardi.")
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    data = {"operation": "publish", "language": "fr", "publish_at": _tomorrow()}
    response = editor_client.post(workflow, {**data, "confirmed": "1"}, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "can be published now, not at a later time" in said
    assert "Le port rouvre lundi." in public(editor_client, story)  # readers keep the page
    version = story.versions.get(language="fr")
    assert version.is_live and version.pending_text["body"] == "Le port rouvre mardi."


def test_a_scheduled_version_s_working_copy_is_said_to_wait_for_its_time(editor_client, story):
    story.versions.filter(language="fr").update(published_at=timezone.now() + timedelta(days=1))
    save(editor_client, story, "Le port rouvre mardi.")
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    data = {"operation": "publish", "language": "fr", "publish_at": _tomorrow()}
    response = editor_client.post(workflow, {**data, "confirmed": "1"}, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "Scheduled the working copy" in said and "readers now see" not in said
    version = story.versions.get(language="fr")
    assert not version.is_live and version.pending_text == {}
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre mardi."


def test_a_working_copy_can_be_discarded(editor_client, story):
    save(editor_client, story, "Le port rouvre mardi.")
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    editor_client.post(workflow, {"operation": "discard_copy", "language": "fr"})
    assert story.versions.get(language="fr").pending_text == {}
    assert "Le port rouvre lundi." in public(editor_client, story)


def test_discarding_leaves_a_working_copy_saved_after_the_page_showed_it(editor_client, story):
    # Two editors: one opens the change form on a copy, the other saves a new one; the
    # first one's Discard (from the page showing the older copy) must not drop it.
    save(editor_client, story, "Le port rouvre mardi.")
    change = reverse("admin:articles_article_change", args=[story.pk])
    panel = editor_client.get(change).content.decode().split('id="nr-working-copy-fr"')[1]
    shown = panel.split('name="copy" value="')[1].split('"')[0]
    save(editor_client, story, "Le port rouvre mercredi.")  # the other editor
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    data = {"operation": "discard_copy", "language": "fr", "copy": shown}
    response = editor_client.post(workflow, data, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "nothing was discarded" in said
    assert story.versions.get(language="fr").pending_text["body"] == "Le port rouvre mercredi."
    # The copy the page shows now is discarded.
    panel = editor_client.get(change).content.decode().split('id="nr-working-copy-fr"')[1]
    shown = panel.split('name="copy" value="')[1].split('"')[0]
    editor_client.post(workflow, {**data, "copy": shown})
    assert story.versions.get(language="fr").pending_text == {}


def test_the_review_page_says_a_working_copy_waits(editor_client, story):
    save(editor_client, story, "Le port rouvre mardi.")
    page = editor_client.get(
        reverse("admin:articles_article_review", args=[story.pk]) + "?languages=en,fr"
    ).content.decode()
    assert "working copy waiting" in page


def test_a_working_copy_left_when_unpublishing_never_replaces_the_later_draft(editor_client, story):
    save(editor_client, story, "Le port rouvre mardi.")
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    editor_client.post(workflow, {"operation": "unpublish", "language": "fr", "confirmed": "1"})
    assert story.versions.get(language="fr").status == Status.DRAFT
    # The editor reopens the draft: it is the text the columns hold, and they change it.
    page = editor_client.get(translate_url(story)).content.decode()
    assert "Le port rouvre mardi." not in page
    save(editor_client, story, "Le port rouvre mercredi.")
    editor_client.post(workflow, {"operation": "publish", "language": "fr", "confirmed": "1"})
    assert "Le port rouvre mercredi." in public(editor_client, story)


def test_a_working_copy_saved_by_someone_else_meanwhile_is_not_overwritten(editor_client, story):
    form = editor_client.get(translate_url(story)).context["form"]
    opened = {name: form[name].value() or "" for name in form.fields}
    opened.update(body="", mode="paragraphs")
    opened.update({k: "" for k in opened if k.startswith("body_")})
    save(editor_client, story, "Le port rouvre mardi.")  # a colleague, first

    response = editor_client.post(translate_url(story), {**opened, "body_0": "Le port ferme."})

    assert response.status_code == 200  # the form again, saying why
    assert "after you opened" in response.content.decode()
    assert story.versions.get(language="fr").pending_text["body"] == "Le port rouvre mardi."


def test_publishing_refuses_a_working_copy_changed_after_its_diff_was_shown(editor_client, story):
    save(editor_client, story, "Le port rouvre mardi.")
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    page = editor_client.post(workflow, {"operation": "publish", "language": "fr"})
    carried = dict(page.context_data["carry"])
    save(editor_client, story, "Le port reste ferme.")  # a colleague, while the diff is read

    editor_client.post(workflow, {**carried, "confirmed": "1"})

    assert "Le port rouvre lundi." in public(editor_client, story)  # nothing unseen went live
    assert story.versions.get(language="fr").pending_text["body"] == "Le port reste ferme."
