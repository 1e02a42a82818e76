import pytest

from articles import language
from articles.editorial_checks import Story, VersionText, untranslated
from articles.language import PASSAGE_CHARS
from tests.editorial_checks.helpers import story

ENGLISH = (
    "Whether the company can successfully navigate this balancing act remains to be seen, "
    "but its move represents a significant shift in its strategy."
)
INDONESIAN = (
    "Perusahaan itu mengatakan bahwa model baru akan dirilis untuk pengembang di seluruh dunia "
    "pada akhir bulan ini, dan banyak peneliti menyambut langkah tersebut."
)
SPANISH = (
    "La empresa anunció que el nuevo modelo estará disponible para los desarrolladores de todo "
    "el mundo a finales de este mes, y muchos investigadores celebraron la decisión."
)


def test_english_paragraph_in_indonesian_version_is_blocking_and_points_at_it():
    findings = list(untranslated.check(story(id=f"{INDONESIAN}\n\n{ENGLISH}")))

    assert [(f.kind, f.severity, f.paragraph) for f in findings] == [
        ("untranslated", "blocking", 1)
    ]
    assert "English" in findings[0].message and "Indonesian" in findings[0].message


def test_translated_paragraphs_are_not_flagged():
    assert list(untranslated.check(story(id=INDONESIAN, es=SPANISH, en=ENGLISH))) == []


def test_short_english_quote_inside_indonesian_paragraph_is_not_flagged():
    body = f'{INDONESIAN} Dia berkata: "move fast and break things" kepada para wartawan.'
    assert list(untranslated.check(story(id=body))) == []


def test_paragraph_too_short_to_judge_or_made_of_names_is_not_flagged():
    body = f"{INDONESIAN}\n\nOpenAI, ChatGPT, Meta, Llama and Mistral\n\nThe end of the story."
    assert list(untranslated.check(story(id=body))) == []


def test_long_english_quotation_is_flagged():
    body = f"{INDONESIAN}\n\n“{ENGLISH}” he wrote."
    assert [f.paragraph for f in untranslated.check(story(id=body))] == [1]


def test_malay_detection_counts_as_indonesian():
    # lingua scores this Indonesian paragraph Malay 0.8 when alone
    malay_looking = (
        "“Meta telah menjadi panutan standar untuk AI open source, setidaknya di barat,” kata Rao. "
        "“Jika mereka ingin merebut beberapa pengaruh dalam ekosistem, mereka harus menghadapi Meta.”"
    )
    assert list(untranslated.check(story(id=malay_looking))) == []


def test_lede_and_key_points_are_checked_too():
    version = VersionText(language="es", title="T", lede=ENGLISH, body=SPANISH, key_points=ENGLISH)
    findings = list(untranslated.check(Story(versions=(version,))))
    assert [(f.paragraph, f.message.split(" is ")[0]) for f in findings] == [
        (None, "The lede"),
        (None, "The key points"),
    ]


@pytest.fixture
def detected(monkeypatch) -> list[str]:
    """Every text the untranslated check hands to lingua, in order (lingua still answers)."""
    real = language.detector()
    texts: list[str] = []

    class Counting:
        def compute_language_confidence_values_in_parallel(self, batch):
            texts.extend(batch)
            return real.compute_language_confidence_values_in_parallel(batch)

        def compute_language_confidence_values(self, text):
            texts.append(text)
            return real.compute_language_confidence_values(text)

    monkeypatch.setattr(language, "detector", Counting)
    return texts


def test_only_new_paragraphs_are_detected_when_the_checks_run_again(detected):
    untranslated.clear_cache()
    first = list(untranslated.check(story(id=f"{INDONESIAN}\n\n{ENGLISH}")))
    again = list(untranslated.check(story(id=f"{INDONESIAN}\n\n{ENGLISH}\n\n{SPANISH}")))

    assert [f.paragraph for f in first] == [1]
    assert [f.paragraph for f in again] == [1, 2]  # Spanish in Indonesian is flagged too
    # each paragraph detected once (the title is too short to need lingua)
    assert detected == [INDONESIAN, ENGLISH, SPANISH]


def test_long_paragraphs_are_judged_on_a_sample_and_still_flagged():
    long_english = " ".join([ENGLISH] * 4)
    assert len(long_english) > 2 * PASSAGE_CHARS
    assert len(untranslated.judgeable(long_english)) < len(long_english)
    findings = list(untranslated.check(story(id=f"{INDONESIAN} {INDONESIAN}\n\n{long_english}")))
    assert [f.paragraph for f in findings] == [1]


def test_passages_a_batch_needs_stay_scored_when_the_cache_makes_room(detected, monkeypatch):
    monkeypatch.setattr(untranslated, "CACHE_SIZE", 2)
    untranslated.clear_cache()
    untranslated.prepare([story(id=f"{INDONESIAN}\n\n{ENGLISH}")])
    # the next batch brings one passage the cache holds and one it must make room for
    second = story(id=f"{INDONESIAN}\n\n{SPANISH}")
    untranslated.prepare([second])
    findings = list(untranslated.check(second))

    assert [f.paragraph for f in findings] == [1]
    assert detected == [INDONESIAN, ENGLISH, SPANISH]  # none of them twice
