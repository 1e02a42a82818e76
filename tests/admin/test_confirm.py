"""Live changes ask first and can be undone: the public page is checked before and after."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles import history
from articles.admin.activity import describe
from articles.editorial_checks import recompute_findings
from articles.models import Article, Finding, Status
from tests.admin.helpers import finding, unlinked_document
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def workflow_url(article):
    return reverse("admin:articles_article_workflow", args=[article.pk])


def public(client, article, language="fr"):
    """The public page of the version (status code, page text)."""
    article.refresh_from_db()
    with translation.override(language):
        url = reverse("articles:detail", kwargs={"slug": article.text("slug", language)})
    response = client.get(url)
    return response.status_code, response.content.decode()


def undo(client, response):
    """Press the Undo button of the success message the redirect leads to."""
    page = client.get(response.url).content.decode()
    assert 'class="nr-undo"' in page
    form = page.split('class="nr-undo"')[1].split("</form>")[0]
    fields = dict(
        (part.split('name="')[1].split('"')[0], part.split('value="')[1].split('"')[0])
        for part in form.split("<input")[1:]
    )
    action = page.split('class="nr-undo"')[0].rsplit('action="', 1)[1].split('"')[0]
    return client.post(action, fields)


@pytest.fixture
def story():
    article = make_article(
        languages=["en", "fr"],
        title_fr="Le port rouvre",
        slug_fr="le-port-rouvre",
        body_fr="Le port rouvre lundi.",
    )
    article.source_language = "en"
    article.save()
    return article


def live(article, language="fr"):
    article.versions.filter(language=language).update(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )


def test_publishing_asks_first_then_offers_undo(editor_client, story):
    data = {"operation": "publish", "language": "fr"}
    response = editor_client.post(workflow_url(story), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The French page /fr/le-port-rouvre/ will be visible to readers from now on." in page
    assert public(editor_client, story)[0] == 404  # asking changed nothing
    response = editor_client.post(workflow_url(story), {**data, "confirmed": "1"})
    assert response.status_code == 302
    status, page = public(editor_client, story)
    assert status == 200 and "Le port rouvre lundi." in page
    undo(editor_client, response)
    assert public(editor_client, story)[0] == 404
    assert story.versions.get(language="fr").status == Status.DRAFT
    with translation.override("en"):
        undone = describe(history.article_history(story).first().revision.comment)
    assert undone.startswith("Undid: Published French for")


def test_scheduling_says_when_it_will_appear(editor_client, story):
    at = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = editor_client.post(
        workflow_url(story),
        {"operation": "publish", "language": "fr", "publish_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert "will appear to readers on" in response.content.decode()


def test_unpublishing_a_live_version_asks_first_and_undo_puts_it_back(editor_client, story):
    live(story)
    published_at = story.versions.get(language="fr").published_at
    data = {"operation": "unpublish", "language": "fr"}
    response = editor_client.post(workflow_url(story), data)
    assert "will disappear: readers will get “not found”" in response.content.decode()
    assert public(editor_client, story)[0] == 200
    response = editor_client.post(workflow_url(story), {**data, "confirmed": "1"})
    assert public(editor_client, story)[0] == 404
    undo(editor_client, response)
    assert public(editor_client, story)[0] == 200
    # Back at its time (the history keeps it to the millisecond).
    restored = story.versions.get(language="fr").published_at
    assert abs(restored - published_at) < timedelta(milliseconds=1)


def test_archiving_a_draft_changes_nothing_for_readers_and_runs_at_once(editor_client, story):
    response = editor_client.post(workflow_url(story), {"operation": "archive", "language": "fr"})
    assert response.status_code == 302
    assert story.versions.get(language="fr").status == Status.ARCHIVED


def test_detaching_a_live_version_asks_first(editor_client, story):
    live(story)
    url = reverse("admin:articles_article_detach", args=[story.pk])
    response = editor_client.post(url, {"language": "fr"})
    assert "moves into an article of its own" in response.content.decode()
    assert Article.objects.count() == 1
    editor_client.post(url, {"language": "fr", "confirmed": "1"})
    assert Article.objects.count() == 2


def test_a_bulk_publish_lists_every_page_and_runs_once_confirmed(editor_client, story):
    other = make_article(languages=["fr"], title_fr="Autre histoire", slug_fr="autre-histoire")
    data = {
        "action": "publish",
        "_selected_action": [story.pk, other.pk],
        "language": "fr",
        "index": 0,
    }
    response = editor_client.post(reverse("admin:articles_article_changelist"), data)
    page = response.content.decode()
    assert "/fr/le-port-rouvre/" in page and "/fr/autre-histoire/" in page
    assert public(editor_client, story)[0] == 404
    editor_client.post(reverse("admin:articles_article_changelist"), {**data, "confirmed": "1"})
    assert public(editor_client, story)[0] == 200 and public(editor_client, other)[0] == 200


def test_the_importers_headline_is_shown_marked_and_can_be_corrected_before_publishing(
    editor_client, story
):
    story.title_fr = "Le port rouvre lundi après des mois de travaux, selon les EE. UU…"
    story.lede_fr = story.title_fr + " suite"
    story.save()
    story.versions.filter(language="fr").update(title_derived=True)
    recompute_findings(story)
    data = {"operation": "publish", "language": "fr"}
    page = editor_client.post(workflow_url(story), data).content.decode()
    assert "Written by the importer" in page
    assert 'name="confirm_title" value="Le port rouvre lundi après' in page
    editor_client.post(
        workflow_url(story),
        {**data, "confirmed": "1", "confirm_title": "Le port rouvre", "confirm_slug": ""},
    )
    version = story.versions.get(language="fr")
    assert not version.title_derived
    assert not Finding.objects.filter(version=version, kind="structure_derived_title").exists()
    status, page = public(editor_client, story)
    assert status == 200 and "<h1>Le port rouvre</h1>" in page


def test_undo_after_another_change_is_refused(editor_client, story):
    data = {"operation": "publish", "language": "fr", "confirmed": "1"}
    response = editor_client.post(workflow_url(story), data)
    with history.change(story, user=None, comment="Another edit"):
        story.body_fr = "Changé."
        story.save()
    undo(editor_client, response)
    assert public(editor_client, story)[0] == 200


def test_a_live_versions_text_is_saved_as_a_working_copy_published_after_a_diff_and_undone(
    editor_client, story
):
    live(story)
    url = reverse("admin:articles_article_translate", args=[story.pk, "fr"])
    form = editor_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["body_0"] = "Le port rouvre mardi."
    editor_client.post(url, data)
    assert "lundi" in public(editor_client, story)[1]  # a working copy: readers see no change
    publish = {"operation": "publish", "language": "fr"}
    response = editor_client.post(workflow_url(story), publish)
    assert "will show the working copy; 1 word differs." in response.content.decode()
    assert "lundi" in public(editor_client, story)[1]
    response = editor_client.post(workflow_url(story), {**publish, "confirmed": "1"})
    assert "mardi" in public(editor_client, story)[1]
    undo(editor_client, response)
    assert "lundi" in public(editor_client, story)[1]


def test_replacing_a_live_version_asks_first(editor_client, story):
    live(story)
    document = unlinked_document(language="fr")
    url = reverse("admin:articles_article_link", args=[story.pk])
    data = {"document": document.pk, "language": "fr", "replace": "on"}
    response = editor_client.post(url, data)
    assert "will disappear: the new text takes its place as a draft" in response.content.decode()
    assert public(editor_client, story)[0] == 200
    editor_client.post(url, {**data, "confirmed": "1"})
    assert public(editor_client, story)[0] == 404


def test_an_empty_headline_on_the_confirmation_page_is_refused_there(editor_client, story):
    data = {"operation": "publish", "language": "fr", "confirmed": "1"}
    response = editor_client.post(workflow_url(story), {**data, "confirm_title": " "})
    assert response.status_code == 200
    assert "A published version needs a headline." in response.content.decode()
    assert public(editor_client, story)[0] == 404


def test_a_translator_cannot_undo_a_change_in_a_language_that_is_not_theirs(client, story):
    from articles.models import LanguageVersion
    from tests.factories import translator

    story_text = {"title": "Le port rouvre", "body": "Le port rouvre mardi."}
    french = translator(languages=["fr"], username="french")
    german = translator(languages=["de"], username="german")
    article = Article.objects.get(pk=story.pk)
    history.ensure_baseline(article)
    with history.change(article, user=french, comment="Edited the fr text"):
        article.body_fr = story_text["body"]
        article.save()
    latest = history.article_history(article).first()

    client.force_login(german)
    response = client.post(
        reverse("admin:articles_article_undo", args=[story.pk]),
        {"language": "fr", "history_entry_id": latest.pk},
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre mardi."
    assert LanguageVersion.objects.get(article=story, language="fr").status == Status.DRAFT


def test_publishing_over_blocking_findings_lists_them_and_repeats_the_reason(editor_client, story):
    fr = story.versions.get(language="fr")
    finding(fr, kind="untranslated", message="Not French.")
    finding(fr, Finding.Severity.ADVISORY, kind="name_spelling", message="Macron?")
    page = editor_client.post(
        workflow_url(story),
        {"operation": "publish", "language": "fr", "override_reason": "Quote kept in English"},
    ).content.decode()
    blocking = page.split('id="nr-blocking"')[1].split("</section>")[0]
    assert "Passage not translated" in blocking and "Not French." in blocking
    assert "Quote kept in English" in blocking
    advisory = page.split('id="nr-advisory"')[1].split("</section>")[0]
    assert "Spelling of a name differs" in advisory


def test_the_slug_pattern_is_valid_under_the_browsers_v_flag(editor_client, story):
    page = editor_client.post(
        workflow_url(story), {"operation": "publish", "language": "fr"}
    ).content.decode()
    pattern = page.split('pattern="')[1].split('"')[0]
    # A class opening with "-" is a syntax error under the v flag, which disables the check.
    assert not pattern.startswith("[-") and "\\-" in pattern


def test_the_latest_change_can_be_undone_from_the_history_for_a_while(editor_client, story):
    response = editor_client.post(
        workflow_url(story), {"operation": "publish", "language": "fr", "confirmed": "1"}
    )
    assert response.status_code == 302
    revisions = reverse("admin:articles_article_revisions", args=[story.pk]) + "?language=fr"
    page = editor_client.get(revisions).content.decode()
    assert 'class="nr-undo-latest"' in page
    form = page.split('class="nr-undo-latest"')[1].split("</form>")[0]
    history_entry_id = form.split('name="history_entry_id" value="')[1].split('"')[0]
    editor_client.post(
        reverse("admin:articles_article_undo", args=[story.pk]),
        {"language": "fr", "history_entry_id": history_entry_id, "next": revisions},
    )
    assert story.versions.get(language="fr").status == Status.DRAFT
    # An hour later the history page no longer offers it.
    story.versions.filter(language="fr").update(status=Status.DRAFT)
    history.article_history(story).first().revision.__class__.objects.update(
        date_created=timezone.now() - timedelta(hours=2)
    )
    assert 'class="nr-undo-latest"' not in editor_client.get(revisions).content.decode()
