"""Headlines: abbreviations do not end a sentence, and a headline line is never "derived"."""

import pytest

from articles.importing.parsing import derive_headline, parse_document, split_sentences

PARAGRAPH = {
    "en": "The U.S. Navy said on Tuesday that it could block the exports. Officials agreed. "
    "The decision follows weeks of talks between the two governments in Washington.",
    "id": "Angkatan Laut AS mengatakan pada hari Selasa bahwa pihaknya dapat memblokir ekspor. "
    "Para pejabat setuju dengan keputusan yang diambil setelah berminggu-minggu perundingan.",
    "fr": "La marine américaine a déclaré mardi qu'elle pourrait bloquer les exportations. "
    "Les responsables ont approuvé la décision après des semaines de négociations.",
    "es": "La Armada de EE. UU. dijo el martes que podría bloquear las exportaciones. "
    "Los funcionarios aprobaron la decisión tras semanas de negociaciones en Washington.",
    "de": "Die US-Marine sagte am Dienstag, sie könne z. B. die Exporte blockieren. "
    "Die Beamten stimmten der Entscheidung nach wochenlangen Verhandlungen zu.",
}


@pytest.mark.parametrize(
    ("language", "text", "first"),
    [
        ("en", "Dr. Smith and the U.S. Navy met. They agreed.", "Dr. Smith and the U.S. Navy met."),
        ("id", "Jl. Sudirman ditutup, dll. Semua setuju. Lalu pulang.", "Jl. Sudirman ditutup, dll. Semua setuju."),
        ("fr", "Mme. Dupont, etc. Puis tout le monde. Fin.", "Mme. Dupont, etc. Puis tout le monde."),
        ("es", "El analista de EE. UU. Paul Rowlett testificó. Luego se fue.", "El analista de EE. UU. Paul Rowlett testificó."),
        ("de", "Er nannte z. B. Berlin. Dann ging er.", "Er nannte z. B. Berlin."),
    ],
)  # fmt: skip
def test_abbreviations_do_not_end_a_sentence(language, text, first):
    assert split_sentences(text)[0] == first


def test_a_derived_headline_is_not_cut_at_an_abbreviation():
    headline = derive_headline(PARAGRAPH["es"])

    assert headline == "La Armada de EE. UU. dijo el martes que podría bloquear las exportaciones"


@pytest.mark.parametrize(
    ("language", "headline"),
    [
        ("en", "Trump campaigns in West Virginia."),
        ("id", "Trump berkampanye di Virginia Barat."),
        ("fr", "Le Parti travailliste n'est plus ce qu'il était."),
        ("es", "EE. UU. podría usar la Armada para el bloqueo"),
        ("de", "Orang hitam lainnya?!"),
    ],
)
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_first_line_that_is_a_headline_is_never_written_by_the_importer(language, headline, gap):
    parsed = parse_document(f"{headline}{gap}{PARAGRAPH[language]}\n\nSecond paragraph here.")

    assert (parsed.title, parsed.title_derived) == (headline, False)
    assert parsed.lede == PARAGRAPH[language]


def test_a_long_headline_without_punctuation_over_its_paragraph_is_recognised():
    headline = (
        "Großer Preis von Russland: Lewis Hamilton nähert sich dem Weltmeistertitel, "
        "nachdem ihm sein Team den Sieg über Sebastian Vettel überlassen hat"
    )
    parsed = parse_document(f"{headline}\n{PARAGRAPH['de']} {PARAGRAPH['de']}")

    assert (parsed.title, parsed.title_derived) == (headline, False)


def test_a_short_one_sentence_lede_over_a_short_paragraph_stays_the_lede():
    parsed = parse_document("Lede here.\n\nA paragraph.\n\nAnother one.")

    assert parsed.title_derived
    assert parsed.lede == "Lede here."
