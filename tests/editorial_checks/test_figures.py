"""Figures: quantities compared per aligned paragraph, in each site language."""

from decimal import Decimal

import pytest

from articles.editorial_checks import BLOCKING, figures
from articles.editorial_checks.quantities import quantities
from tests.editorial_checks.helpers import story

INTRO = {
    "en": "The council met on Monday to vote on the harbour plan after a long debate.",
    "id": "Dewan bertemu pada hari Senin untuk memungut suara atas rencana pelabuhan.",
    "fr": "Le conseil s'est réuni lundi pour voter le projet du port après un long débat.",
    "es": "El consejo se reunió el lunes para votar el plan del puerto tras un largo debate.",
    "de": "Der Rat traf sich am Montag, um nach langer Debatte über den Hafenplan abzustimmen.",
}
COST = {
    "en": "The bridge will cost $2.2 billion and carry 18,500 cars a day, 2.5% more than now.",
    "id": "Jembatan itu akan menelan biaya 2,2 miliar dolar dan dilalui 18.500 mobil per hari, "
    "2,5 persen lebih banyak dari sekarang.",
    "fr": "Le pont coûtera 2,2 milliards de dollars et verra passer 18 500 voitures par jour, "
    "2,5 % de plus qu'aujourd'hui.",
    "es": "El puente costará 2200 millones de dólares y soportará 18.500 coches al día, "
    "un 2,5 % más que ahora.",
    "de": "Die Brücke wird 2,2 Milliarden Dollar kosten und täglich 18.500 Autos tragen, "
    "2,5 % mehr als heute.",
}


def bodies(**changed: str) -> dict[str, str]:
    """Two paragraphs per language, the second replaced where `changed` says."""
    return {code: f"{INTRO[code]}\n\n{changed.get(code, COST[code])}" for code in INTRO}


def test_a_clean_translation_of_figures_written_each_languages_way_raises_nothing():
    assert list(figures.check(story(**bodies()))) == []


@pytest.mark.parametrize(
    ("language", "text", "here", "missing"),
    [
        ("en", COST["en"].replace("18,500", "15,800"), "15,800", "18"),
        ("id", COST["id"].replace("18.500", "18.800"), "18.800", "18"),
        ("fr", COST["fr"].replace("18 500", "13 500"), "13 500", "18"),
        ("es", COST["es"].replace("2200 millones", "2300 millones"), "2300 millones", "2"),
        ("de", COST["de"].replace("2,5 %", "3,5 %"), "3,5", "2"),
    ],
)
def test_one_changed_figure_blocks_on_its_paragraph_naming_both_values(
    language, text, here, missing
):
    (finding,) = figures.check(story(**bodies(**{language: text})))

    assert (finding.language, finding.paragraph, finding.severity) == (language, 1, BLOCKING)
    assert f"gives {here} where the other versions give {missing}" in finding.message
    assert finding.detail["words"] == [finding.data["only_here"][0]]  # highlighted in the text


def test_a_figure_changed_where_the_same_value_occurs_in_another_paragraph_is_found():
    first = {"en": "Of 18 members, 12 voted yes.", "fr": "Sur 18 membres, 12 ont voté oui.",
             "de": "Von 18 Mitgliedern stimmten 12 mit Ja."}  # fmt: skip
    second = {"en": "The vote took 18 minutes.", "fr": "Le vote a duré 18 minutes.",
              "de": "Die Abstimmung dauerte 12 Minuten."}  # fmt: skip
    (finding,) = figures.check(story(**{c: f"{first[c]}\n\n{second[c]}" for c in first}))

    assert (finding.language, finding.paragraph) == ("de", 1)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Fire crews came from 12 miles away, and it was 90 °F."),
        ("id", "Petugas datang dari 19 km jauhnya, dan suhunya 32 °C."),
        ("fr", "Les pompiers sont venus de 20 kilomètres, et il faisait 32 °C."),
        ("es", "Los bomberos llegaron desde 20 km de distancia y hacía 32 grados Celsius."),
        ("de", "Die Feuerwehr kam aus 12 Meilen (20 km) Entfernung, bei 32 °C."),
    ],
)
def test_a_unit_converted_by_the_translator_is_the_same_figure(language, text):
    english = "Fire crews came from 12 miles away, and it was 90 °F."
    others = {"en": english, "fr": english.replace("90", "90"), "de": english}
    others[language] = text
    assert list(figures.check(story(**others))) == []


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "a thousand people came", 1000),
        ("id", "seribu orang datang", 1000),
        ("fr", "un millier de personnes", 1000),
        ("es", "mil personas y dos millones de euros", 2_000_000),
        ("de", "zehn Jahre lang", 10),
    ],
)
def test_numbers_written_as_words_state_a_figure(language, text, value):
    assert Decimal(value) in {q.value for q in quantities(text, language)}


def test_a_number_word_stands_for_the_digits_of_another_version():
    assert (
        list(
            figures.check(
                story(
                    en="They have been friends for ten years; a thousand came.",
                    fr="Ils sont amis depuis 10 ans ; un millier sont venus.",
                    de="Sie sind seit zehn Jahren befreundet; 1000 kamen.",
                )
            )
        )
        == []
    )


def test_scale_words_follow_each_languages_billion():
    assert [q.value for q in quantities("2.2 billion", "en")] == [Decimal("2.2E+9")]
    assert [q.value for q in quantities("2200 millones", "es")] == [Decimal("2.2E+9")]
    assert [q.value for q in quantities("2,2 Milliarden", "de")] == [Decimal("2.2E+9")]
    assert [q.value for q in quantities("1,5 Billionen", "de")] == [Decimal("1.5E+12")]
    assert [q.value for q in quantities("£11m", "en")] == [Decimal("1.1E+7")]
    assert [q.value for q in quantities("20 juta", "id")] == [Decimal("2E+7")]


def test_times_references_and_model_names_are_not_figures():
    texts = {
        "en": "At 5:00 and at 8 a.m., see figure 1; GPT-4.5, Grok3 and o3.",
        "id": "Pada pukul 8 pagi, lihat gambar 2.",
        "fr": "À 17 h 30, voir figure 1.",
        "es": "A las 5 de la tarde, ver figura 1.",
        "de": "Um 17.30 Uhr, siehe Abb. 3.",
    }
    for language, text in texts.items():
        assert [q.text for q in quantities(text, language) if not q.soft] == [], language


def test_a_time_written_differently_raises_nothing():
    assert (
        list(
            figures.check(
                story(
                    en="The vote closes at 5 p.m. with 300 ballots counted.",
                    fr="Le vote se termine à 17 h avec 300 bulletins dépouillés.",
                    de="Die Wahl endet um 17:00 Uhr mit 300 ausgezählten Stimmzetteln.",
                )
            )
        )
        == []
    )


def test_a_figure_dropped_alone_is_not_reported():
    # Translators drop a repeated age or a conversion: measured as noise on real text.
    assert (
        list(
            figures.check(
                story(
                    en="The poll runs for 12 more hours.",
                    fr="Le sondage dure encore 12 heures.",
                    de="Die Umfrage läuft noch einige Stunden.",
                )
            )
        )
        == []
    )


def test_with_two_versions_a_disagreement_is_advisory_on_both():
    findings = list(figures.check(story(en="It cost 300 dollars.", fr="Cela a coûté 30 dollars.")))

    assert sorted((f.language, f.severity) for f in findings) == [
        ("en", "advisory"),
        ("fr", "advisory"),
    ]


def test_a_truncated_version_is_left_to_the_structure_check():
    full = "Paragraph with 12 hours and 300 votes and 700 users.\n\n" * 6
    assert list(figures.check(story(en=full, fr=full, de="Ein Absatz mit 13 Stunden."))) == []


def test_a_figure_dropped_beside_another_added_of_a_different_order_is_not_a_change():
    # A year gone and a sum added in one paragraph are two figures, not one changed.
    assert (
        list(
            figures.check(
                story(
                    en="Founded in 1985, the club has 40 members.",
                    fr="Fondé en 1985, le club compte 40 membres.",
                    de="Der Verein hat 40 Mitglieder und 3 Millionen Fans.",
                )
            )
        )
        == []
    )
