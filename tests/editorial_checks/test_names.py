import pytest

from articles.editorial_checks import BLOCKING, names
from articles.editorial_checks.spelling import is_slip
from tests.editorial_checks.helpers import kinds, story


def by_language(findings, name="OpenAI"):
    return {f.language: f for f in findings if f.data["dominant"] == name}


def test_case_variants_of_a_name_are_flagged_in_the_versions_that_use_them_with_counts():
    findings = by_language(
        names.check(
            story(
                en="OpenAI said. Then OpenAI left. ChatGPT is a product of OpenAI.",
                fr="Openai a dit. Puis OpenAI est parti. Chatgpt est un produit d'Openai.",
                de="OpenAI sagte. Dann ging OpenAI. ChatGPT ist ein Produkt von OpenAI.",
            )
        )
    )
    assert set(findings) == {"fr"}
    # one finding per name and version: fr has both OpenAI and ChatGPT variants
    fr = [
        f
        for f in names.check(
            story(en="OpenAI OpenAI ChatGPT", fr="Openai Chatgpt", de="OpenAI ChatGPT")
        )
    ]
    assert sorted(f.data["dominant"] for f in fr) == ["ChatGPT", "OpenAI"]
    assert "“Openai” ×2" in findings["fr"].message  # noqa: RUF001
    assert "OpenAI ×7, Openai ×2" in findings["fr"].message  # noqa: RUF001
    assert findings["fr"].suggestion.startswith("Write “OpenAI”")
    assert findings["fr"].severity == "advisory"


def test_one_letter_slips_are_merged_into_the_frequent_name():
    findings = by_language(
        names.check(
            story(
                en="OpenAI said so. The OpenAI board agreed.",
                es="El CEO de Operai dijo. La junta de OpenAI aceptó.",
                fr="Le PDG de OpenIA a dit. Le conseil de OpenAI a accepté.",
                de="OpenAI sagte. Der Vorstand von OpenAI stimmte zu.",
            )
        )
    )
    assert findings["es"].data["variants"] == ["Operai"]
    assert findings["fr"].data["variants"] == ["OpenIA"]
    assert set(findings) == {"es", "fr"}


def test_different_things_with_similar_names_are_not_variants():
    findings = list(
        names.check(
            story(
                en="xAI will open Grok2 after Grok3. GPT-4 and GPT-5, DeepSeek V3 and R1. Open models.",
                fr="xAI ouvrira Grok2 après Grok3. GPT-4 et GPT-5, DeepSeek V3 et R1. Open source.",
                de="xAI öffnet Grok2 nach Grok3. GPT-4 und GPT-5, DeepSeek V3 und R1. OpenAI auch.",
            )
        )
    )
    assert findings == []


def test_sentence_case_and_ordinary_lowercase_words_are_not_variants():
    findings = list(
        names.check(
            story(
                en="Open source matters. The open model is open.",
                id="Ia berkata AI penting. Kata ia, model ini terbuka.",
                fr="L'IA est partout. IA générative et IA ouverte.",
            )
        )
    )
    assert findings == []


def test_inflected_name_is_not_a_misspelling():
    findings = list(
        names.check(
            story(
                en="Altman spoke. Altman left. Altman came back.",
                de="Altmans Umfrage läuft. Das sagte Altman.",
                fr="Altman a parlé. Altman est parti.",
            )
        )
    )
    assert findings == []


def test_no_finding_when_no_spelling_dominates():
    assert kinds(names.check(story(en="Deepseek released.", fr="DeepSeek a publié."))) == []


def test_paragraph_is_the_first_body_block_with_a_variant():
    (finding,) = names.check(
        story(en="OpenAI one.\n\nOpenAI two.", fr="OpenAI un.\n\nDeux, dit Openai.\n\nOpenai.")
    )
    assert (finding.language, finding.paragraph) == ("fr", 1)


def test_fingerprint_holds_while_the_variants_stay_and_changes_with_them():
    def fingerprint(fr):
        (finding,) = names.check(story(en="OpenAI OpenAI", de="OpenAI", fr=fr))
        return finding.fingerprint

    assert fingerprint("Openai dit.") == fingerprint("Un autre paragraphe.\n\nOpenai dit.")
    assert fingerprint("Openai dit.") != fingerprint("OpenAi dit.")


def test_a_language_s_own_name_for_a_place_is_not_a_misspelling():
    # "Europa" is one letter from "Europe" and ten times rarer, but es and de never
    # write "Europe": that is their name for it.
    findings = list(
        names.check(
            story(
                en="Europe votes. In Europe, leaders met. Europe agreed. For Europe, a first.",
                fr="L'Europe vote. En Europe, les dirigeants. Europe et Europe encore.",
                es="Todos en Europa votan hoy.",
                de="Ganz Europa stimmt ab.",
            )
        )
    )
    assert findings == []


def test_words_in_a_line_set_in_capitals_are_not_variants():
    findings = list(
        names.check(
            story(
                en="Meta released Llama. Meta said so.\n\n## CRITICISING META\n\nMeta again.",
                id="Meta merilis Llama.\n\n## MENGKRITIK META\n\nMeta lagi.",
                fr="Meta a publié Llama.",
            )
        )
    )
    assert findings == []


# A name misspelt once (issue 28): each site language misspells, the others spell alike.

BETHESDA = {
    "en": "The institute in Bethesda opened a lab. Scientists in Bethesda agreed.",
    "id": "Institut di Bethesda membuka laboratorium. Para ilmuwan di Bethesda setuju.",
    "fr": "L'institut de Bethesda a ouvert un laboratoire. Les chercheurs de Bethesda approuvent.",
    "es": "El instituto de Bethesda abrió un laboratorio. Los científicos de Bethesda aceptaron.",
    "de": "Das Institut in Bethesda eröffnete ein Labor. Forscher in Bethesda stimmten zu.",
}


@pytest.mark.parametrize(
    ("language", "slip"),
    [("en", "Bethedsa"), ("id", "Bethessda"), ("fr", "Betehsda"), ("es", "Bethesad"),
     ("de", "Bwthesda")],
)  # fmt: skip
def test_a_name_misspelt_once_blocks_on_its_paragraph_with_the_fix(language, slip):
    bodies = {code: f"Intro {code}.\n\n{text}" for code, text in BETHESDA.items()}
    bodies[language] = bodies[language].replace("Bethesda", slip, 1)

    (finding,) = names.check(story(**bodies))

    assert (finding.language, finding.paragraph, finding.severity) == (language, 1, BLOCKING)
    assert finding.data["dominant"] == "Bethesda" and finding.data["variants"] == [slip]
    assert finding.suggestion.startswith("Write “Bethesda”")  # what "Apply the fix" writes
    assert finding.detail["words"] == [slip]


def test_a_clean_translation_with_declined_and_translated_names_raises_nothing():
    findings = list(
        names.check(
            story(
                en="Morales met Merkel in Virginia and Brazil. Morales said Europe agreed.",
                id="Morales bertemu Merkel di Virginia dan Brasil. Kata Moralesnya, Eropa setuju.",
                fr="Morales a vu Merkel en Virginie et au Brésil. Morales dit que l'Europe approuve.",
                es="Morales vio a Merkel en Virginia y Brasil. Morales dijo que Europa aceptó.",
                de="Morales traf Merkel in Virginia und Brasilien. Merkels Antwort: Europa stimmt zu.",
            )
        )
    )
    assert findings == []


@pytest.mark.parametrize(
    ("name", "other"),
    [("Virginia", "Virginie"), ("Europe", "Europa"), ("Altman", "Altmans"),
     ("Colombia", "Kolumbia"), ("Zürich", "Zurich"), ("Parlement", "Parlament"),
     ("Singapur", "Singapour"), ("Trump", "Trumpnya")],
)  # fmt: skip
def test_translations_declensions_and_transliterations_are_not_slips(name, other):
    assert not is_slip(name.lower(), other.lower(), 2)


@pytest.mark.parametrize(
    ("name", "other"),
    [("Bethesda", "Bethedsa"), ("Yunnan", "Yunann"), ("Morales", "Morlaes"),
     ("OpenAI", "OpenIA"), ("Philippines", "Philipines")],
)  # fmt: skip
def test_typing_slips_are_slips(name, other):
    assert is_slip(name.lower(), other.lower(), 2)


def test_one_spelling_against_one_is_advisory_on_both_versions():
    # Each version writes the name once: one is wrong, nothing says which.
    findings = list(names.check(story(en="He met Morales there.", fr="Il a vu Morlaes là.")))

    assert sorted((f.language, f.severity, f.data["variants"]) for f in findings) == [
        ("en", "advisory", ["Morales"]),
        ("fr", "advisory", ["Morlaes"]),
    ]
    assert "in the French version" in next(f for f in findings if f.language == "en").message


def test_one_against_one_leaves_a_doubled_letter_to_the_language():
    assert list(names.check(story(en="He flew to Russia today.", es="Voló a Rusia hoy."))) == []


def test_words_in_capitals_are_emphasis_not_a_spelling():
    findings = list(
        names.check(
            story(
                en="She called him ANOTHER BLACK PERSON, the UN said. Another black person.",
                fr="Elle l'a traité de black, selon l'ONU. Un autre black, dit un témoin.",
                de="Sie nannte ihn ANOTHER BLACK PERSON, sagte die UN. Eine andere Person.",
            )
        )
    )
    assert findings == []
