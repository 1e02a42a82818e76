"""The review page's selector, without HTTP: which versions, and paragraphs aligned by content."""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.admin.review import Permissions, align, repeats, review_grid
from articles.importing.parsing import parse_document
from articles.models import LanguageVersion, Status, UserLanguage
from tests.factories import editor, make_article, translator

pytestmark = pytest.mark.django_db

ALIGNMENT = Path(__file__).resolve().parents[2] / "fixtures" / "dev_bundle_sample" / "alignment"

EDITOR = Permissions(change=True, submit=True, publish=True, link=True, override=True, dismiss=True)

EN = [
    "OpenAI released GPT-4.5 on Thursday to 300 million users.",
    "Sam Altman said the price is 200 dollars.",
    "Critics asked for an audit by 2027.",
]
# The German version's body starts by repeating its title: index pairing would shift it all.
DE = [
    "OpenAI bringt GPT-4.5",
    "OpenAI hat GPT-4.5 am Donnerstag für 300 Millionen Nutzer veröffentlicht.",
    "Sam Altman sagte, der Preis liege bei 200 Dollar.",
    "Kritiker forderten bis 2027 eine Prüfung.",
]


def test_a_repeated_title_gets_a_row_of_its_own_and_the_rest_stays_aligned():
    assert align(EN, DE, skip_other=repeats(DE, "OpenAI bringt GPT-4.5")) == [
        (None, 0),
        (0, 1),
        (1, 2),
        (2, 3),
    ]


def test_paragraphs_pair_by_their_figures_and_names_not_their_index():
    shuffled = [DE[3], DE[1], DE[2]]  # an editor moved the last paragraph to the top
    assert (0, 1) in align(EN, shuffled) and (1, 2) in align(EN, shuffled)


def test_a_missing_paragraph_leaves_a_gap_not_a_shift():
    assert align(EN, [DE[1], DE[3]]) == [(0, 0), (1, None), (2, 1)]


@pytest.fixture
def five():
    article = make_article(
        languages=["en", "id", "fr", "es", "de"],
        body_en="\n\n".join(EN),
        body_de="\n\n".join(DE),
        title_de="OpenAI bringt GPT-4.5",
    )
    article.source_language = "en"
    article.save()
    LanguageVersion.objects.filter(article=article, language="es").update(status=Status.IN_REVIEW)
    return article


def languages(grid):
    return [c["language"] for c in grid["columns"]]


def test_by_default_the_source_and_the_users_languages(five):
    user = translator(username="t", languages=("de",))
    grid = review_grid(article=five, user=user, requested="", can=EDITOR)
    assert languages(grid) == ["en", "de"]
    assert [c["shown"] for c in grid["choices"]] == [True, False, False, False, True]


def test_an_editor_without_languages_sees_the_source_and_what_waits(five):
    grid = review_grid(article=five, user=editor(username="e"), requested="", can=EDITOR)
    assert languages(grid) == ["en", "es"]  # Spanish is in review


def test_all_or_a_chosen_set_source_first(five):
    user = editor(username="e")
    assert languages(review_grid(article=five, user=user, requested="all", can=EDITOR)) == [
        "en",
        "id",
        "fr",
        "es",
        "de",
    ]
    chosen = review_grid(article=five, user=user, requested="de,xx,fr,en", can=EDITOR)
    assert languages(chosen) == ["en", "fr", "de"]
    phone = review_grid(article=five, user=user, requested="de,fr,en", first="de", can=EDITOR)
    assert languages(phone) == ["de", "en", "fr"]


def test_rows_pair_paragraphs_by_content(five):
    user = editor(username="e")
    UserLanguage.objects.create(user=user, language="de")
    grid = review_grid(article=five, user=user, requested="", can=EDITOR)
    texts = [[cell.get("text") for cell in row["cells"]] for row in grid["rows"]]
    assert texts == [[None, DE[0]], [EN[0], DE[1]], [EN[1], DE[2]], [EN[2], DE[3]]]
    # Each cell keeps its own paragraph number, as findings and the site count it.
    assert [row["cells"][1]["number"] for row in grid["rows"]] == [1, 2, 3, 4]


def test_the_page_shows_the_chosen_versions_and_offers_the_others(editor_client, five):
    url = reverse("admin:articles_article_review", args=[five.pk])
    response = editor_client.get(url, {"languages": ["fr", "de"]})  # as the checkboxes send
    assert [c["language"] for c in response.context["columns"]] == ["fr", "de"]
    page = response.content.decode()
    assert 'name="languages" value="id" class="nr-choice"' in page  # offered, not shown
    assert 'id="lang-id"' not in page and 'id="lang-de"' in page
    assert "?languages=all" in page
    # A button keeps the choice: the page it leads back to shows the same versions.
    assert 'name="shown" value="fr,de"' in page


def test_translations_with_as_many_paragraphs_align_one_to_one():
    # A real professional translation (fixtures/dev_bundle_sample/alignment): its anchors
    # alone paired the French ¶1 with nothing; paragraph n translates paragraph n.
    texts = {
        name: parse_document((ALIGNMENT / f"{name}.txt").read_text(encoding="utf-8"))
        for name in ("068_315ac023b8d5f358", "018_e3829eeb995a84aa")
    }
    en, fr = texts["068_315ac023b8d5f358"], texts["018_e3829eeb995a84aa"]
    blocks_en, blocks_fr = [b.text for b in en.blocks], [b.text for b in fr.blocks]
    assert len(blocks_en) == len(blocks_fr) == 3
    aligned = align(
        blocks_en,
        blocks_fr,
        repeats(blocks_en, en.title, en.lede),
        repeats(blocks_fr, fr.title, fr.lede),
    )
    assert aligned == [(0, 0), (1, 1), (2, 2)]
