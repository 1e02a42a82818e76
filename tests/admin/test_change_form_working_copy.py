"""The article's change form edits a published or scheduled version through its working
copy, as the translation editor does: readers keep the published text until an editor
publishes the copy, and no editor's text is lost on the way."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from articles.models import Article, LanguageVersion, Status
from tests.admin.helpers import change_url, form_data, live_french_story
from tests.factories import editor, make_article
from tests.importing.conftest import SEED, run_import, seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return live_french_story()


def public(client, slug="le-port-rouvre"):
    with translation.override("fr"):
        url = reverse("articles:detail", kwargs={"slug": slug})
    return client.get(url)


def copy_of(article, language="fr") -> dict:
    return LanguageVersion.objects.get(article=article, language=language).pending_text


def test_saving_a_live_version_in_the_change_form_keeps_readers_on_the_published_text(
    editor_client, story
):
    data = form_data(editor_client, story)

    response = editor_client.post(
        change_url(story), {**data, "body_fr": "Le port rouvre mardi."}, follow=True
    )

    assert "Saved as the working copy of the French text" in response.content.decode()
    assert "Le port rouvre lundi." in public(editor_client).content.decode()
    assert Article.objects.get(pk=story.pk).body_fr == "Le port rouvre lundi."
    assert copy_of(story)["body"] == "Le port rouvre mardi."
    # The form opens again on the working copy, says it waits, and shows what changed.
    page = editor_client.get(change_url(story))
    assert page.context["adminform"].form.initial["body_fr"] == "Le port rouvre mardi."
    html = page.content.decode()
    assert "A working copy of the French text awaits publishing" in html
    assert page.context["version_states"]["fr"]["label"] == "Published · working copy"
    panel = html.split('id="nr-working-copy-fr"')[1].split("</section>")[0]
    assert "<del>lundi.</del>" in panel and "<ins>mardi.</ins>" in panel
    preview = reverse("admin:articles_article_preview", args=[story.pk, "fr"])
    assert preview in panel
    assert "Le port rouvre mardi." in editor_client.get(preview).content.decode()


def test_the_working_copy_is_published_from_the_change_form_after_its_diff(editor_client, story):
    data = form_data(editor_client, story)
    editor_client.post(change_url(story), {**data, "body_fr": "Le port rouvre mardi."})
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])
    asked = {"operation": "publish", "language": "fr", "next": change_url(story)}

    confirmation = editor_client.post(workflow, asked)
    diff = confirmation.content.decode().split('id="nr-diff"')[1].split("</section>")[0]
    assert "<del>lundi.</del>" in diff and "<ins>mardi.</ins>" in diff
    assert "Le port rouvre lundi." in public(editor_client).content.decode()  # not yet

    done = editor_client.post(workflow, dict(confirmation.context_data["carry"]) | {"confirmed": 1})

    assert done.url == change_url(story)  # back where the editor was
    assert "Le port rouvre mardi." in public(editor_client).content.decode()
    assert copy_of(story) == {}


def test_a_working_copy_made_in_the_change_form_can_be_discarded(editor_client, story):
    data = form_data(editor_client, story)
    editor_client.post(change_url(story), {**data, "body_fr": "Le port rouvre mardi."})
    workflow = reverse("admin:articles_article_workflow", args=[story.pk])

    editor_client.post(workflow, {"operation": "discard_copy", "language": "fr"})

    assert copy_of(story) == {}
    assert "Le port rouvre lundi." in public(editor_client).content.decode()
    assert "awaits publishing" not in editor_client.get(change_url(story)).content.decode()


def test_a_new_address_for_a_live_version_waits_with_its_text(editor_client, story):
    data = form_data(editor_client, story)

    editor_client.post(change_url(story), {**data, "slug_fr": "le-port-rouvre-mardi"})

    assert public(editor_client).status_code == 200  # readers' address still works
    assert public(editor_client, "le-port-rouvre-mardi").status_code == 404
    assert copy_of(story)["slug"] == "le-port-rouvre-mardi"


def test_a_scheduled_version_is_edited_through_its_working_copy_too(editor_client):
    later = timezone.now() + timezone.timedelta(days=1)
    article = make_article(
        languages=["fr"], status=Status.PUBLISHED, published_at=later, body_fr="Demain."
    )
    data = form_data(editor_client, article)

    editor_client.post(change_url(article), {**data, "body_fr": "Demain matin."})

    assert Article.objects.get(pk=article.pk).body_fr == "Demain."
    assert copy_of(article)["body"] == "Demain matin."


def test_a_draft_in_the_same_save_is_written_in_place(editor_client, story):
    LanguageVersion.objects.filter(article=story, language="en").update(status=Status.DRAFT)
    data = form_data(editor_client, story)

    editor_client.post(
        change_url(story), {**data, "body_en": "Port reopens.", "body_fr": "Le port rouvre mardi."}
    )

    story.refresh_from_db()
    assert story.body_en == "Port reopens." and copy_of(story, "en") == {}
    assert (
        story.body_fr == "Le port rouvre lundi."
        and copy_of(story)["body"] == "Le port rouvre mardi."
    )


# --- no editor's text is lost -------------------------------------------------------------


@pytest.fixture
def two_editors(db):
    ana, budi = Client(), Client()
    ana.force_login(editor(username="ana"))
    budi.force_login(editor(username="budi"))
    return ana, budi


def test_two_editors_changing_one_live_version_the_second_is_refused(two_editors, story):
    ana, budi = two_editors
    ana_form, budi_form = form_data(ana, story), form_data(budi, story)
    assert ana.post(change_url(story), {**ana_form, "body_fr": "Version d'Ana."}).status_code == 302

    response = budi.post(change_url(story), {**budi_form, "body_fr": "Version de Budi."})

    assert response.status_code == 200
    assert "after you opened this page" in response.content.decode()
    assert copy_of(story)["body"] == "Version d'Ana."  # hers stays; his is still in his form
    assert response.context["adminform"].form["body_fr"].value() == "Version de Budi."


def test_a_save_that_leaves_a_live_tab_alone_keeps_a_copy_saved_meanwhile(two_editors, story):
    ana, budi = two_editors
    LanguageVersion.objects.filter(article=story, language="en").update(status=Status.DRAFT)
    ana_form, budi_form = form_data(ana, story), form_data(budi, story)
    ana.post(change_url(story), {**ana_form, "body_fr": "Version d'Ana."})

    budi.post(change_url(story), {**budi_form, "body_en": "Budi's English."})

    assert copy_of(story)["body"] == "Version d'Ana."
    assert Article.objects.get(pk=story.pk).body_en == "Budi's English."


def test_a_copy_saved_in_the_translation_editor_is_not_overwritten_by_the_change_form(
    two_editors, story
):
    ana, budi = two_editors
    budi_form = form_data(budi, story)  # opened before Ana's save
    translate = reverse("admin:articles_article_translate", args=[story.pk, "fr"])
    form = ana.get(translate).context["form"]
    fields = {name: form[name].value() or "" for name in form.fields}
    fields.update(mode="paragraphs", body="", body_0="Version d'Ana.")
    fields.update({k: "" for k in fields if k.startswith("body_") and k != "body_0"})
    assert ana.post(translate, fields).status_code == 302

    response = budi.post(change_url(story), {**budi_form, "body_fr": "Version de Budi."})

    assert response.status_code == 200 and "after you opened this page" in response.content.decode()
    assert copy_of(story)["body"] == "Version d'Ana."


def test_a_copy_saved_in_the_change_form_is_not_overwritten_by_the_translation_editor(
    two_editors, story
):
    ana, budi = two_editors
    translate = reverse("admin:articles_article_translate", args=[story.pk, "fr"])
    form = budi.get(translate).context["form"]  # opened before Ana's save
    fields = {name: form[name].value() or "" for name in form.fields}
    ana.post(change_url(story), {**form_data(ana, story), "body_fr": "Version d'Ana."})
    fields.update(mode="paragraphs", body="", body_0="Version de Budi.")
    fields.update({k: "" for k in fields if k.startswith("body_") and k != "body_0"})

    response = budi.post(translate, fields)

    assert response.status_code == 200 and "after you opened it" in response.content.decode()
    assert copy_of(story)["body"] == "Version d'Ana."


def test_an_editor_goes_on_with_the_working_copy_in_the_other_editor(editor_client, story):
    editor_client.post(
        change_url(story), {**form_data(editor_client, story), "body_fr": "Le port rouvre mardi."}
    )
    translate = reverse("admin:articles_article_translate", args=[story.pk, "fr"])
    form = editor_client.get(translate).context["form"]
    assert form["body_0"].value() == "Le port rouvre mardi."
    fields = {name: form[name].value() or "" for name in form.fields}
    fields.update(body_0="Le port rouvre mardi matin.")

    assert editor_client.post(translate, fields).status_code == 302

    assert copy_of(story)["body"] == "Le port rouvre mardi matin."
    reopened = form_data(editor_client, story)
    assert reopened["body_fr"] == "Le port rouvre mardi matin."


def test_a_translator_may_not_make_a_working_copy_from_the_change_form(translator_client, story):
    data = form_data(translator_client, story)

    response = translator_client.post(change_url(story), {**data, "body_fr": "Changé."})

    assert response.status_code == 200
    assert "only an editor may change its text" in response.content.decode()
    assert copy_of(story) == {}


@pytest.mark.django_db(transaction=True)
def test_the_import_meanwhile_neither_overwrites_nor_is_reverted_by_the_editor(
    tmp_path, admin_user
):
    # A superuser: a transactional test's flush may have emptied the editors' group.
    root = tmp_path
    for code in ("fr", "de"):
        (root / SEED[code]).write_text(seed_text(code))
    run_import(root)
    article = Article.objects.get()
    fr = article.versions.get(language="fr")
    services.publish(version=fr, user=admin_user, override_reason="checked", confirm_headline=True)
    client = Client()
    client.force_login(admin_user)
    opened = form_data(client, article)  # the editor opens the article …
    # … and meanwhile the agency sends new text for both languages.
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "24 heures"))
    (root / SEED["de"]).write_text(seed_text("de") + "\n\nNeuer Absatz der Agentur.")
    run_import(root)
    article.refresh_from_db()
    assert "Neuer Absatz der Agentur." in article.body_de  # an untouched draft takes it
    live_fr = article.body_fr
    assert "24 heures" not in live_fr  # the live text is never the importer's to change

    mine = opened["body_fr"].replace("\r\n", "\n") + "\n\nParagraphe de la rédaction."
    response = client.post(change_url(article), {**opened, "body_fr": mine})

    assert response.status_code == 302
    article.refresh_from_db()
    assert "Neuer Absatz der Agentur." in article.body_de  # not reverted by the editor's save
    assert article.body_fr == live_fr
    assert copy_of(article)["body"].endswith("Paragraphe de la rédaction.")
    # A changed file arriving while the copy waits leaves both the copy and the live text.
    (root / SEED["fr"]).write_text(seed_text("fr").replace("12 heures", "36 heures"))
    run_import(root)
    article.refresh_from_db()
    assert article.body_fr == live_fr
    assert copy_of(article)["body"].endswith("Paragraphe de la rédaction.")
