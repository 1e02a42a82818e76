"""Readers are told a story began as a machine translation, until editors rewrote most of it."""

import json
import re

import pytest

from articles.models import Article, MachineTranslation, Status
from articles.provenance import rewritten_share
from tests.factories import make_article

pytestmark = pytest.mark.django_db

MACHINE = {
    "title": "Sales rise",
    "lede": "A good year for the company.",
    "body": "Revenue rose by 37 percent in the year.\n\nThe company plans 120 new jobs.",
    "key_points": "",
    "source_attribution": "",
}


def published_machine_translation(**edits) -> Article:
    texts = {**MACHINE, **edits}
    article = make_article(
        languages=("de", "en"),
        status=Status.PUBLISHED,
        title_en=texts["title"],
        slug_en="sales-rise",
        lede_en=texts["lede"],
        body_en=texts["body"],
    )
    MachineTranslation.objects.create(
        article=article, language="en", source_language="de", engine="DeepL", machine_text=MACHINE
    )
    article.save()  # as every write of a draft does: the page sees a new updated_at
    return article


def json_ld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_a_reviewed_machine_translation_says_so_and_names_the_engine_in_json_ld(client):
    published_machine_translation(lede="A good year for the firm.")

    html = client.get("/en/sales-rise/").content.decode()

    assert "Machine-translated from German, reviewed by the newsroom" in html
    data = json_ld(html)
    assert data["translationOfWork"]["inLanguage"] == "de"
    assert data["translator"] == {"@type": "SoftwareApplication", "name": "DeepL"}


def test_once_mostly_rewritten_it_is_translated_from_german(client):
    published_machine_translation(
        title="Turnover climbs",
        lede="The firm had a strong twelve months.",
        body="Turnover grew 37 percent over twelve months.\n\nSome 120 posts will be created.",
    )

    html = client.get("/en/sales-rise/").content.decode()

    assert "Translated from German" in html and "Machine-translated" not in html
    assert json_ld(html)["translator"]["@type"] == "Organization"


def test_disclosure_off_says_nothing(client, settings):
    settings.NEWSROOM_MT_DISCLOSURE = "off"
    published_machine_translation()
    html = client.get("/en/sales-rise/").content.decode()
    # The page's JSON-LD (news metadata) stays, without the machine.
    assert "Machine-translated" not in html and "DeepL" not in html


def test_a_version_no_machine_made_has_no_label(client):
    make_article(languages=("en",), status=Status.PUBLISHED, slug_en="by-hand")
    assert "provenance" not in client.get("/en/by-hand/").content.decode()


def test_rewritten_share_counts_the_machine_words_changed():
    assert rewritten_share(MACHINE, MACHINE) == 0
    half = {**MACHINE, "body": "Completely different words here, all of them, yes."}
    assert 0.5 < rewritten_share(MACHINE, half) <= 1


def test_the_preview_says_what_readers_will_be_told(editor_client):
    article = published_machine_translation()
    preview = f"/admin/articles/article/{article.pk}/preview/en/"

    html = editor_client.get(preview).content.decode()

    assert "Machine-translated from German" in html
