"""Parsing: the structure read from a file's text, without a database."""

import pytest

from articles.importing.parsing import (
    HEADLINE_MAX,
    PARAGRAPH_TARGET_CHARS,
    derive_headline,
    parse_document,
)
from articles.importing.reading import normalize
from articles.importing.reasons import render, render_all
from tests.importing.conftest import seed_text


def parse_seed(key):
    return parse_document(normalize(seed_text(key)))


@pytest.mark.parametrize("key", ["id", "fr", "es"])
def test_inline_key_points_become_three_items_and_leave_the_body(key):
    parsed = parse_seed(key)

    assert len(parsed.key_points) == 3
    assert all(item[0].isupper() and item.endswith(".") for item in parsed.key_points)
    assert "Poin -Poin Kunci" not in parsed.body
    assert parsed.key_points[0] not in parsed.body


def test_german_emoji_bullets_become_three_items_without_their_bullets():
    parsed = parse_seed("de")

    assert parsed.key_points == [
        "OpenAI-CEO Sam Altman befragt auf der X-Plattform Nutzer zu zukünftigen "
        "Open-Source-Projekten und deutet eine mögliche Rückkehr zum Open Source an.",
        "Angesichts des aufkommenden Wettbewerbs erkennt OpenAI, dass eine vollständig "
        "geschlossene Entwicklungsstrategie nicht mehr tragbar ist.",
        "Open-Source-Projekte könnten die KI-Sicherheitsforschung und -Governance fördern "
        "und eine breitere technologische Entwicklung vorantreiben.",
    ]
    assert "Wichtigste Punkte" not in parsed.body


def test_story_without_title_line_gets_a_derived_headline_from_the_lede():
    parsed = parse_seed("id")

    assert parsed.title_derived
    assert parsed.lede.startswith("CEO OpenAI Sam Altman baru -baru ini")
    assert parsed.title.startswith("CEO OpenAI Sam Altman baru -baru ini meluncurkan survei")
    assert len(parsed.title) <= HEADLINE_MAX
    assert parsed.title.endswith("…")
    assert len(parsed.blocks) == 6  # the other paragraphs, one per line


def test_story_with_title_keeps_it_subheading_attribution_and_drops_the_insert():
    parsed = parse_seed("other_id")

    assert not parsed.title_derived
    assert parsed.title.startswith("Mengapa OpenAI tunduk pada sumber terbuka")
    assert parsed.lede.startswith("“We believe the OpenAI GPT-4o model")
    assert [b.text for b in parsed.blocks if b.kind == "subheading"] == ["Mengkritik Meta"]
    assert "\n\n## Mengkritik Meta\n\n" in parsed.body
    assert parsed.attribution == "Cerita ini awalnya ditampilkan di Fortune.com"
    assert "Fortune.com" not in parsed.body
    assert "MEMBACA" not in parsed.body
    assert parsed.removed == [
        "MEMBACA Dana hedge funds menghasilkan keuntungan dari lonjakan kripto yang dipicu oleh Trump."
    ]
    assert len(parsed.warnings) == 1 and "read also" in render(parsed.warnings[0])
    assert parsed.key_points == []


def test_an_ordinary_sentence_starting_with_a_read_also_word_stays():
    text = "Judul\n\nParagraf pertama.\n\nMembaca buku setiap hari membantu anak-anak.\n\nAkhir."

    parsed = parse_document(text)

    assert "Membaca buku setiap hari" in parsed.body
    assert parsed.warnings == []


@pytest.mark.parametrize(
    "insert",
    [
        "BACA JUGA: Harga emas naik lagi",
        "Lire aussi : La BCE relève ses taux",
        "READ MORE Markets rally",
    ],
)
def test_read_also_inserts_in_other_languages_are_removed(insert):
    parsed = parse_document(f"First paragraph here.\n\n{insert}\n\nLast paragraph here.")

    assert parsed.removed == [insert]
    assert insert not in parsed.body


@pytest.mark.parametrize(
    "label",
    ["Key points:", "Points clés :", "Puntos clave:", "Poin-Poin Kunci:", "Wichtigste Punkte:"],
)
def test_key_points_labels_of_every_site_language_with_dash_bullets(label):
    text = f"Lede sentence here.\n\nBody paragraph.\n\n{label}\n- First item.\n- Second item."

    parsed = parse_document(text)

    assert parsed.key_points == ["First item.", "Second item."]
    assert parsed.body == "Body paragraph."


@pytest.mark.parametrize(
    "line",
    [
        "This story originally appeared on Fortune.com",
        "Cet article a été publié initialement sur Le Monde.",
        "Este artículo fue publicado originalmente en El País.",
        "Dieser Artikel erschien zuerst bei der Zeit.",
        "Source: Reuters",
    ],
)
def test_closing_attribution_line_goes_to_the_attribution(line):
    parsed = parse_document(f"Lede here.\n\nA paragraph.\n\n{line}")

    assert parsed.attribution == line
    assert parsed.body == "A paragraph."


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    text = "A lede that was wrapped\nat seventy characters by an old tool.\nSecond paragraph here."

    parsed = parse_document(text)

    assert parsed.lede == "A lede that was wrapped at seventy characters by an old tool."
    assert [b.text for b in parsed.blocks] == ["Second paragraph here."]


def test_a_long_first_line_followed_by_a_blank_is_not_a_title():
    sentence = "Ceci est une phrase assez longue pour ne pas être un titre. " * 5
    parsed = parse_document(f"{sentence.strip()}\n\nSuite du texte.")

    assert parsed.title_derived
    assert parsed.lede == sentence.strip()


def test_derived_headline_is_the_first_sentence_when_short():
    assert derive_headline("Altman asks users. Then more.") == "Altman asks users"
    long = "word " * 40
    headline = derive_headline(long)
    assert len(headline) <= HEADLINE_MAX and headline.endswith("word…")


# Layouts that used to become drafts that could never be published, in silence.

SENTENCE = (
    "Die Brücke im Hafen wurde nach zwei Jahren Bauzeit am Montag wieder für den Verkehr geöffnet."
)


def test_a_file_that_is_only_a_title_is_skipped_with_a_reason():
    parsed = parse_document("Hafenbrücke wieder offen")

    assert render(parsed.skip_reason) == "only a title line, no text: not a story to import"


def test_a_story_on_one_very_long_line_is_split_into_paragraphs_at_sentence_ends():
    line = " ".join([SENTENCE] * 220)  # about 20,000 characters
    parsed = parse_document(f"Hafenbrücke wieder offen\n\n{line}")

    assert len(line) > 20_000
    assert parsed.title == "Hafenbrücke wieder offen"
    assert parsed.lede.startswith(SENTENCE) and len(parsed.lede) <= PARAGRAPH_TARGET_CHARS
    assert len(parsed.blocks) > 20
    assert all(b.text.endswith("geöffnet.") for b in parsed.blocks)
    assert " ".join([parsed.lede, *(b.text for b in parsed.blocks)]) == line
    (warning,) = render_all(parsed.warnings)
    assert warning.startswith(f"a line of {len(line)} characters was split into ")


def test_a_title_directly_followed_by_the_first_paragraph_is_recognised():
    text = f"Hafenbrücke wieder offen\n{SENTENCE}\nDer Verkehr rollt wieder."

    parsed = parse_document(text)

    assert (parsed.title, parsed.title_derived) == ("Hafenbrücke wieder offen", False)
    assert parsed.lede == SENTENCE  # not the title again
    assert parsed.body == "Der Verkehr rollt wieder."


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Die Hafenbrücke ist wieder offen.", "Der Verkehr rollt."),  # a sentence: the lede
        ("Die Hafenbrücke ist seit Montag", "wieder offen, sagt die Stadt."),  # hard-wrapped
        ("- Hafenbrücke wieder offen", "- Der Verkehr rollt"),  # a bullet
    ],
)
def test_a_first_line_that_is_a_sentence_or_wrapped_is_not_taken_as_a_title(first, second):
    parsed = parse_document(f"{first}\n{second}\nDer Verkehr rollt wieder, sagt die Stadt.")

    assert parsed.title_derived


def test_a_story_with_a_lede_and_no_body_is_imported_with_a_warning():
    parsed = parse_document(f"Hafenbrücke wieder offen\n\n{SENTENCE}")

    assert parsed.lede == SENTENCE and parsed.body == ""
    assert render_all(parsed.warnings) == [
        "no body, only a lede: it cannot be published until it has one"
    ]
