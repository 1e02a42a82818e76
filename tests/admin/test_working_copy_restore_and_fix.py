"""Restoring an earlier text and applying a suggested fix follow the working-copy rule
(`services.edits_wait`): on a published version they make or update its working copy,
readers keep the published text, the editor is told so with a link to the copy, and
Undo puts back the copy as it was; on a draft they write the text as before."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import history, services, working_copies
from articles.editorial_checks import recompute_findings
from articles.models import Article, Finding, Status
from articles.services import texts
from tests.admin.test_confirm import public
from tests.factories import make_article


def misspelt_story():
    """A story whose French and German versions misspell a name the English spells right."""
    article = make_article(
        languages=["en", "fr", "de"],
        body_en="OpenAI said so. The OpenAI board agreed with OpenAI staff.",
        body_de="OpenAI sagte ja. Openai auch.",
        body_fr="Openai a dit. Le conseil d'Openai a accepté.",
    )
    recompute_findings(article)
    return article


pytestmark = pytest.mark.django_db


def live(article, *languages):
    article.versions.filter(language__in=languages).update(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )


@pytest.fixture
def story():
    """A live French text edited once since its baseline (lundi, then mardi)."""
    article = make_article(
        languages=["en", "fr"],
        title_fr="Le port rouvre",
        slug_fr="le-port-rouvre",
        body_fr="Le port rouvre lundi.",
    )
    live(article, "fr")
    with history.change(article, user=None, comment="An edit"):
        article.body_fr = "Le port rouvre mardi."
        article.save()
    return article


def restore(client, article, entry):
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    return client.post(url, {"version": entry.pk, "language": "fr"})


def undo(client, page: str):
    """Press the Undo button of the success message on `page`."""
    form = page.split('class="nr-undo"')[1].split("</form>")[0]
    fields = {}  # a field may come several times (a fix undone in every version)
    for part in form.split("<input")[1:]:
        name, value = part.split('name="')[1].split('"')[0], part.split('value="')[1].split('"')[0]
        fields.setdefault(name, []).append(value)
    action = page.split('class="nr-undo"')[0].rsplit('action="', 1)[1].split('"')[0]
    return client.post(action, fields)


def copy_of(article, language="fr"):
    return article.versions.get(language=language).pending_text


def test_restoring_a_live_version_makes_its_working_copy_and_readers_keep_the_text(
    editor_client, story
):
    baseline = history.article_history(story).last()
    revisions = reverse("admin:articles_article_revisions", args=[story.pk])
    page = editor_client.get(revisions, {"language": "fr", "version": baseline.pk})
    assert "the restored text becomes its working copy" in page.content.decode()

    response = restore(editor_client, story, baseline)

    assert response.status_code == 302  # no confirmation: readers see no change
    assert "mardi" in public(editor_client, story)[1]
    assert copy_of(story)["body"] == "Le port rouvre lundi."
    message = editor_client.get(response.url).content.decode()
    assert "Readers still see the published text" in message
    change = reverse("admin:articles_article_change", args=[story.pk])
    assert f'href="{change}#nr-working-copy-fr"' in message
    # The copy's panel: preview, diff, publish.
    panel = editor_client.get(change).content.decode().split('id="nr-working-copy-fr"')[1]
    assert "<del>mardi.</del>" in panel and "<ins>lundi.</ins>" in panel


def test_undoing_a_restore_into_the_copy_puts_back_the_copy_it_replaced(editor_client, story):
    version = story.versions.get(language="fr")
    texts = {**working_copies.texts_of(version), "body": "Le port rouvre jeudi."}
    working_copies.save_working_copy(version=version, texts=texts, user=None)
    baseline = history.article_history(story).last()

    response = restore(editor_client, story, baseline)
    assert copy_of(story)["body"] == "Le port rouvre lundi."
    undo(editor_client, editor_client.get(response.url).content.decode())

    assert copy_of(story)["body"] == "Le port rouvre jeudi."  # the editor's copy is back
    assert "mardi" in public(editor_client, story)[1]


def test_the_restored_copy_goes_live_when_published(editor_client, story):
    restore(editor_client, story, history.article_history(story).last())
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    editor_client.post(workflow, {"operation": "publish", "language": "fr", "confirmed": "1"})
    assert "lundi" in public(editor_client, story)[1]
    assert copy_of(story) == {}


def test_restoring_a_draft_still_writes_its_text(editor_client, story):
    story.versions.filter(language="fr").update(status=Status.DRAFT, published_at=None)
    restore(editor_client, story, history.article_history(story).last())
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre lundi."
    assert copy_of(story) == {}


def test_a_draft_published_as_it_is_restored_gets_a_working_copy(monkeypatch, editor_user, story):
    # The restore read the version as a draft; an editor published it before the restore
    # wrote: readers must not get the restored text unpublished, at once.
    story.versions.filter(language="fr").update(status=Status.DRAFT, published_at=None)
    real = texts.version_get

    def published_meanwhile(**kwargs):
        version = real(**kwargs)
        live(story, "fr")
        return version

    monkeypatch.setattr(texts, "version_get", published_meanwhile)
    entry = history.article_history(story).last()
    services.restore_text(article=story, language="fr", history_entry_id=entry.pk, user=editor_user)
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre mardi."  # readers' text
    assert copy_of(story)["body"] == "Le port rouvre lundi."


@pytest.fixture
def misspelt():
    return misspelt_story()


def apply(client, article, language="fr", **extra):
    finding = Finding.objects.get(
        version__article=article, version__language=language, kind="name_spelling"
    )
    url = reverse("admin:articles_article_finding", args=[article.pk, finding.pk])
    return client.post(url, {"operation": "apply", **extra})


def test_a_fix_to_a_live_version_waits_in_its_working_copy_and_undo_drops_it(
    editor_client, misspelt
):
    live(misspelt, "fr")
    response = apply(editor_client, misspelt)

    assert response.status_code == 302  # no confirmation: readers see no change
    assert Article.objects.get(pk=misspelt.pk).body_fr.startswith("Openai a dit")
    assert copy_of(misspelt)["body"] == "OpenAI a dit. Le conseil d'OpenAI a accepté."
    message = editor_client.get(response.url).content.decode()
    assert "#nr-working-copy-fr" in message and "Readers still see the published text" in message
    undo(editor_client, message)
    assert copy_of(misspelt) == {}
    assert Article.objects.get(pk=misspelt.pk).body_fr.startswith("Openai a dit")


def test_a_fix_goes_on_top_of_the_copy_waiting_not_the_live_text(editor_user, misspelt):
    live(misspelt, "fr")
    version = misspelt.versions.get(language="fr")
    texts = {**working_copies.texts_of(version), "body": "Openai a dit, puis s'est tu."}
    working_copies.save_working_copy(version=version, texts=texts, user=editor_user)
    finding = Finding.objects.get(version=version, kind="name_spelling")

    applied = services.apply_suggestion(finding, user=editor_user)

    assert applied.waiting == ("fr",) and applied.written == ()
    assert copy_of(misspelt)["body"] == "OpenAI a dit, puis s'est tu."  # the editor's words kept
    # Publishing the copy later keeps the fix: it is in the copy, not under it.
    working_copies.publish_working_copy(
        version=misspelt.versions.get(language="fr"), user=editor_user
    )
    assert Article.objects.get(pk=misspelt.pk).body_fr == "OpenAI a dit, puis s'est tu."


def test_a_fix_everywhere_waits_for_live_versions_and_writes_drafts(editor_client, misspelt):
    live(misspelt, "fr")
    response = apply(editor_client, misspelt, everywhere="1")

    article = Article.objects.get(pk=misspelt.pk)
    assert article.body_de == "OpenAI sagte ja. OpenAI auch."  # the draft: in place
    assert article.body_fr.startswith("Openai a dit")  # the live one: readers unchanged
    assert copy_of(misspelt)["body"].startswith("OpenAI a dit")
    assert copy_of(misspelt, "de") == {}
    message = editor_client.get(response.url).content.decode()
    assert "Suggestion applied to 2 versions." in message and "#nr-working-copy-fr" in message


def test_one_undo_puts_back_every_version_a_fix_everywhere_changed(editor_client, misspelt):
    live(misspelt, "fr")
    response = apply(editor_client, misspelt, everywhere="1")
    message = editor_client.get(response.url).content.decode()

    undo(editor_client, message)

    article = Article.objects.get(pk=misspelt.pk)
    assert article.body_de == "OpenAI sagte ja. Openai auch."  # the draft's text is back
    assert copy_of(misspelt) == {}  # the live version's waiting fix is gone
    assert article.body_fr.startswith("Openai a dit")
    done = editor_client.get(reverse("admin:index")).content.decode()
    assert "the German and French versions are back as they were before" in done


def test_a_fix_everywhere_can_be_undone_from_the_history_in_every_version(editor_client, misspelt):
    apply(editor_client, misspelt, everywhere="1")
    revisions = reverse("admin:articles_article_revisions", args=[misspelt.pk])
    page = editor_client.get(revisions, {"language": "fr"}).content.decode()
    form = page.split('class="nr-undo-latest"')[1].split("</form>")[0]
    assert 'name="language" value="de"' in form and 'name="language" value="fr"' in form

    undo_url = reverse("admin:articles_article_undo", args=[misspelt.pk])
    entry = history.article_history(misspelt).first()
    editor_client.post(undo_url, {"language": ["de", "fr"], "history_entry_id": entry.pk})

    article = Article.objects.get(pk=misspelt.pk)
    assert article.body_de == "OpenAI sagte ja. Openai auch."
    assert article.body_fr == "Openai a dit. Le conseil d'Openai a accepté."


def test_an_undo_of_several_versions_refuses_them_all_if_one_did_not_change(
    editor_client, misspelt
):
    apply(editor_client, misspelt, everywhere="1")
    undo_url = reverse("admin:articles_article_undo", args=[misspelt.pk])
    entry = history.article_history(misspelt).first()
    response = editor_client.post(
        undo_url, {"language": ["de", "en"], "history_entry_id": entry.pk}, follow=True
    )

    assert "That change was not to the English version; nothing was undone." in (
        response.content.decode()
    )
    assert Article.objects.get(pk=misspelt.pk).body_de == "OpenAI sagte ja. OpenAI auch."


def test_a_scheduled_version_s_restore_waits_too_and_history_says_so(editor_client, story):
    story.versions.filter(language="fr").update(published_at=timezone.now() + timedelta(days=1))
    restore(editor_client, story, history.article_history(story).last())

    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre mardi."  # at its time
    assert copy_of(story)["body"] == "Le port rouvre lundi."
    revisions = reverse("admin:articles_article_revisions", args=[story.pk])
    page = editor_client.get(revisions, {"language": "fr"}).content.decode()
    assert "Restored the French text of" in page and "as its working copy" in page


def test_undoing_the_publish_of_a_working_copy_keeps_the_copy_waiting(editor_client, story):
    restored = restore(editor_client, story, history.article_history(story).last())
    editor_client.get(restored.url)  # its message (and Undo) read
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    response = editor_client.post(
        workflow, {"operation": "publish", "language": "fr", "confirmed": "1"}
    )
    assert "lundi" in public(editor_client, story)[1]

    undo(editor_client, editor_client.get(response.url).content.decode())

    assert "mardi" in public(editor_client, story)[1]
    assert copy_of(story)["body"] == "Le port rouvre lundi."  # not lost: waiting again
