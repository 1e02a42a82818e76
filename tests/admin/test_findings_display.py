"""Findings an editor can act on: named in words, at every paragraph they concern, words
marked, only the actions that apply, in the editor's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.editorial_checks import dismiss_finding, recompute_findings
from articles.editorial_checks.base import Msg, paragraph_place
from articles.models import Finding
from tests.admin.helpers import finding
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def review(client, article):
    return client.get(reverse("admin:articles_article_review", args=[article.pk]))


@pytest.fixture
def story():
    """French misspells OpenAI in its first and fourth paragraphs."""
    article = make_article(
        languages=["en", "fr", "de"],
        body_en="OpenAI spoke.\n\nThe OpenAI board met.\n\nOpenAI staff agreed.\n\nOpenAI closed.",
        body_fr="Le patron d'Openai a parlé.\n\nLe conseil de OpenAI.\n\nOpenAI est d'accord.\n\n"
        "La société OpenIA a fermé.",
        body_de="OpenAI sprach.\n\nDer OpenAI Vorstand.\n\nOpenAI stimmte zu.\n\nOpenAI schloss.",
    )
    recompute_findings(article)
    return article


def french_cells(response, index):
    columns = [c["language"] for c in response.context["columns"]]
    return response.context["rows"][index]["cells"][columns.index("fr")]


def test_a_name_finding_sits_at_each_paragraph_holding_a_variant_marked(editor_client, story):
    response = review(editor_client, story)
    assert [f.kind for f in french_cells(response, 0)["findings"]] == ["name_spelling"]
    assert [f.kind for f in french_cells(response, 3)["findings"]] == ["name_spelling"]
    assert not french_cells(response, 1)["findings"]
    assert french_cells(response, 0)["marked"] == "Le patron d&#x27;<mark>Openai</mark> a parlé."
    assert french_cells(response, 3)["marked"] == "La société <mark>OpenIA</mark> a fermé."
    page = response.content.decode()
    assert "Spelling of a name differs" in page and "¶ 1, ¶ 4" in page
    assert "name_spelling" not in page


def test_only_a_fix_that_exists_is_offered(editor_client, story):
    fr = story.versions.get(language="fr")
    finding(
        fr, kind="leftover_read_also", paragraph=1, message="An insert.", suggestion="Remove it."
    )
    page = review(editor_client, story).content.decode()
    insert = page.split("An insert.")[1].split('class="nr-finding')[0]
    assert "Remove it." in insert and "Apply the fix" not in insert
    # The name's, in full at its first paragraph; its second refers back to it.
    assert page.count("Apply the fix") == 1
    assert "also here; see ¶ 1" in page


def test_every_version_is_not_offered_on_a_one_language_story(editor_client):
    article = make_article(languages=["fr"], body_fr="Openai. OpenAI. OpenAI. OpenAI. Le OpenAI.")
    fr = article.versions.get()
    Finding.objects.create(
        version=fr,
        kind="name_spelling",
        severity="advisory",
        message="OpenAI is spelled differently here.",
        fingerprint="x",
        detail={"words": ["Openai"]},
    )
    page = review(editor_client, article).content.decode()
    assert "Apply the fix" in page and "in every version" not in page


def test_the_importer_headline_badge_follows_its_finding(editor_client):
    article = make_article(
        languages=["fr"], title_fr="Le port rouvre…", lede_fr="Le port rouvre lundi."
    )
    article.versions.update(title_derived=True)
    recompute_findings(article)
    assert "headline written by the importer" in review(editor_client, article).content.decode()
    derived = Finding.objects.get(kind="structure_derived_title")
    assert "Headline written by the importer" in review(editor_client, article).content.decode()
    dismiss_finding(derived, user=None, reason="The headline is right.")
    assert "headline written by the importer" not in review(editor_client, article).content.decode()


def test_finding_texts_are_rendered_in_the_editors_language(story):
    fr_finding = Finding.objects.get(version__language="fr", kind="name_spelling")
    assert fr_finding.message.startswith("OpenAI is spelled differently here:")
    assert fr_finding.detail["message"][0].startswith("%(name)s is spelled differently here")
    untranslated = Finding(
        kind="untranslated",
        message="stored",
        detail={
            "message": [
                "%(where)s is in %(found_language)s, not %(own_language)s: it looks untranslated.",
                {
                    "where": ["Paragraph %(number)d", {"number": 2}],
                    "found_language": "es",
                    "own_language": "fr",
                },
            ]
        },
    )
    assert untranslated.text == "Paragraph 2 is in Spanish, not French: it looks untranslated."
    with translation.override("fr"):
        # Language names come from Django's catalogue; the sentence once ours is translated.
        assert "espagnol" in untranslated.text.lower()
        assert "français" in untranslated.text.lower()
    assert Finding(kind="x", message="Old text.", detail={}).text == "Old text."


def test_a_finding_is_stored_in_english_whatever_language_is_active():
    message = Msg(
        "%(where)s is in %(found_language)s, not %(own_language)s: it looks untranslated.",
        {"where": paragraph_place(2), "found_language": "es", "own_language": "fr"},
    )
    with translation.override("fr"):
        assert str(message) == "Paragraph 3 is in Spanish, not French: it looks untranslated."


def test_the_findings_list_filters_kinds_by_name_not_code(editor_client):
    from django.urls import reverse

    page = editor_client.get(reverse("admin:articles_finding_changelist")).content.decode()
    assert "Headline written by the importer" in page
    assert ">structure_derived_title<" not in page
