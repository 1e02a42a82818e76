"""The translation editor: one language's fields beside its source, findings marked, safe saves."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import history
from articles.admin.activity import describe
from articles.editorial_checks import recompute_findings
from articles.models import Article, Finding, Status
from tests.factories import editor, make_article, translator

pytestmark = pytest.mark.django_db

BODY_EN = (
    "OpenAI said on Monday it would open.\n\nThe chief of OpenAI spoke.\n\n"
    "Analysts at OpenAI agreed.\n\nLater the company OpenAI closed."
)
BODY_FR = (
    "OpenAI a dit lundi qu'il ouvrirait.\n\nLe patron de OpenAI a parlé.\n\n"
    "Les analystes de OpenAI étaient d'accord.\n\nPlus tard la société OpenIA a fermé."
)
BODY_DE = (
    "OpenAI sagte am Montag.\n\nDer Chef von OpenAI sprach.\n\n"
    "Analysten bei OpenAI stimmten zu.\n\nSpäter schloss die Firma OpenAI."
)


@pytest.fixture
def story():
    article = make_article(
        languages=["en", "fr", "de"],
        title_en="OpenAI closes",
        title_fr="OpenAI ferme",
        body_en=BODY_EN,
        body_fr=BODY_FR,
        body_de=BODY_DE,
    )
    article.source_language = "en"
    article.save()
    recompute_findings(article)
    return article


def translate_url(article, language, query=""):
    return reverse("admin:articles_article_translate", args=[article.pk, language]) + query


def posted(response, **changes):
    """The editor's form as the browser would send it back, with `changes`."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def open_spelling(article, language):
    return Finding.objects.open().filter(
        version__article=article, version__language=language, kind="name_spelling"
    )


def test_source_paragraphs_sit_beside_the_french_ones(editor_client, story):
    response = editor_client.get(translate_url(story, "fr"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[3]["source"] == "Later the company OpenAI closed."
    assert rows[3]["field"].value() == "Plus tard la société OpenIA a fermé."
    assert len(rows) == 5  # four paragraphs and a spare one to add a fifth
    page = response.content.decode()
    assert "Spelling of a name differs" in page
    assert "name_spelling" not in page
    assert "<mark>OpenIA</mark>" in page
    # The finding sits at the paragraph holding the variant, not at the version's top.
    assert [f.kind for f in rows[3]["findings"]] == ["name_spelling"]
    assert not rows[0]["findings"]


def test_another_version_can_be_shown_beside_it(editor_client, story):
    response = editor_client.get(translate_url(story, "fr", "?source=de"))
    assert response.context["rows"][0]["source"] == "OpenAI sagte am Montag."


def test_fixing_the_marked_variant_and_saving_clears_the_finding(editor_client, story):
    response = editor_client.get(translate_url(story, "fr"))
    assert open_spelling(story, "fr").exists()
    fixed = "Plus tard la société OpenAI a fermé."
    response = editor_client.post(translate_url(story, "fr"), posted(response, body_3=fixed))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body_fr.endswith(fixed)
    assert story.body_fr.count("\n\n") == 3  # the paragraphs are kept as paragraphs
    assert not open_spelling(story, "fr").exists()
    assert describe(history.article_history(story).first().revision.comment) == (
        "Edited the French text"
    )
    page = editor_client.get(response.url).content.decode()
    assert "Saved the French text." in page
    assert "<mark>" not in page


def test_emptying_a_paragraph_removes_it_and_the_spare_one_adds_one(editor_client, story):
    response = editor_client.get(translate_url(story, "fr"))
    data = posted(response, body_1="", body_4="Un nouveau paragraphe.")
    editor_client.post(translate_url(story, "fr"), data)
    story.refresh_from_db()
    assert "Le patron" not in story.body_fr
    assert story.body_fr.endswith("a fermé.\n\nUn nouveau paragraphe.")


def test_the_body_can_be_edited_as_one_text(editor_client, story):
    response = editor_client.get(translate_url(story, "fr", "?body=text"))
    assert "body" in response.context["form"].fields
    editor_client.post(
        translate_url(story, "fr", "?body=text"), posted(response, body="Un.\n\nDeux.")
    )
    story.refresh_from_db()
    assert story.body_fr == "Un.\n\nDeux."


def test_the_fix_applies_from_the_editor_and_comes_back_to_it(editor_client, story):
    finding = open_spelling(story, "fr").get()
    url = reverse("admin:articles_article_finding", args=[story.pk, finding.pk])
    back = translate_url(story, "fr")
    response = editor_client.post(url, {"operation": "apply", "next": back})
    assert response.status_code == 302 and response.url == back
    story.refresh_from_db()
    assert "OpenIA" not in story.body_fr


def test_a_save_after_someone_elses_shows_both_texts_and_saves_nothing(client, story):
    first, second = editor(username="first"), editor(username="second")
    client.force_login(first)
    opened = client.get(translate_url(story, "fr"))
    client.force_login(second)
    theirs = client.get(translate_url(story, "fr"))
    client.post(translate_url(story, "fr"), posted(theirs, title_fr="", title="Titre de Second"))
    client.force_login(first)
    response = client.post(translate_url(story, "fr"), posted(opened, title="Titre de First"))
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.title_fr == "Titre de Second"
    page = response.content.decode()
    assert "saved by second" in page
    assert "Titre de Second" in page and "Titre de First" in page
    assert [c["label"] for c in response.context["conflict"]] == ["Title"]
    # Having seen theirs, saving again replaces it knowingly.
    client.post(translate_url(story, "fr"), posted(response))
    story.refresh_from_db()
    assert story.title_fr == "Titre de First"


def test_a_translator_cannot_save_a_published_version(translator_client, story):
    story.versions.filter(language="fr").update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    response = translator_client.get(translate_url(story, "fr"))
    assert response.context["form"]["title"].field.disabled
    assert "only an editor may change its text" in response.content.decode()
    response = translator_client.post(translate_url(story, "fr"), posted(response, title="Changé"))
    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).title_fr == "OpenAI ferme"


def test_a_translator_saves_a_draft(translator_client, story):
    response = translator_client.get(translate_url(story, "fr"))
    translator_client.post(translate_url(story, "fr"), posted(response, title="Nouveau titre"))
    assert Article.objects.get(pk=story.pk).title_fr == "Nouveau titre"


def test_a_slug_another_article_uses_is_refused(editor_client, story):
    make_article(languages=["fr"], slug_fr="pris")
    response = editor_client.get(translate_url(story, "fr"))
    response = editor_client.post(translate_url(story, "fr"), posted(response, slug="pris"))
    assert response.status_code == 200
    assert "already uses the slug “pris”" in response.content.decode()
    assert Article.objects.get(pk=story.pk).slug_fr != "pris"


def test_languages_are_named_not_coded(editor_client):
    article = make_article(languages=["en", "id"])
    page = editor_client.get(translate_url(article, "id")).content.decode()
    assert "Indonesian" in page
    assert ">ind<" not in page and "_ind" not in page


def test_an_unknown_language_is_404(editor_client, story):
    assert editor_client.get(translate_url(story, "xx")).status_code == 404


def test_a_translator_is_told_why_a_version_is_locked_as_it_is(client, story):
    client.force_login(translator(username="fr-de", languages=("fr", "de")))
    indonesian = make_article(languages=["id"])
    page = client.get(translate_url(indonesian, "id")).content.decode()
    assert "You do not work in Indonesian" in page and "is published" not in page
    story.versions.filter(language="fr").update(status=Status.IN_REVIEW)
    page = client.get(translate_url(story, "fr")).content.decode()
    assert "The French version is in review" in page and "is published" not in page


def test_the_first_save_makes_the_slug_from_the_title_as_the_help_says(editor_client, story):
    response = editor_client.get(translate_url(story, "de"))
    assert "made from the title if left empty" in response.content.decode()
    Article.objects.filter(pk=story.pk).update(slug_de="")
    response = editor_client.get(translate_url(story, "de"))
    editor_client.post(
        translate_url(story, "de"), posted(response, title="OpenAI schliesst", slug="")
    )
    assert Article.objects.get(pk=story.pk).slug_de == "openai-schliesst"
    assert not Finding.objects.open().filter(version__article=story, kind="slug_empty").exists()


def test_a_translator_saves_and_submits_for_review_in_one_step(client, story):
    client.force_login(translator(username="fr-only", languages=("fr",)))
    response = client.get(translate_url(story, "fr"))
    assert "Save and submit for review" in response.content.decode()
    # The text typed just before submitting is saved first, not left behind in the page.
    response = client.post(
        translate_url(story, "fr"),
        posted(response, title="OpenAI ferme ses portes", then="submit"),
        follow=True,
    )
    assert Article.objects.get(pk=story.pk).title_fr == "OpenAI ferme ses portes"
    assert story.versions.get(language="fr").status == Status.IN_REVIEW
    # In review it is locked for the translator: nothing to submit any more.
    assert "Save and submit for review" not in response.content.decode()


def test_a_refused_save_submits_nothing(editor_client, story):
    response = editor_client.get(translate_url(story, "fr"))
    Article.objects.filter(pk=story.pk).update(title_fr="Un autre titre enregistré")
    editor_client.post(translate_url(story, "fr"), posted(response, title="Mien", then="submit"))
    assert Article.objects.get(pk=story.pk).title_fr == "Un autre titre enregistré"
    assert story.versions.get(language="fr").status != Status.IN_REVIEW


def test_no_submit_button_for_a_language_not_yet_saved(editor_client, story):
    page = editor_client.get(translate_url(story, "es")).content.decode()
    assert "Save and submit for review" not in page
