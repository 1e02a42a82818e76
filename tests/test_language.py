"""Language detection: documents, blocks, and the Malay/Indonesian decision."""

import pytest

from articles import language
from articles.importing.parsing import parse_document
from articles.importing.reading import normalize
from articles.language import (
    PassageScores,
    detect_documents,
    detect_text,
    detector,
    passage_sample,
)
from tests.importing.conftest import seed_text

MALAY = (
    "Kerajaan Malaysia telah mengumumkan bahawa cukai jualan dan perkhidmatan akan dinaikkan "
    "mulai bulan hadapan, kata menteri kewangan dalam satu kenyataan di Putrajaya semalam. "
    "Beliau berkata langkah itu perlu bagi mengukuhkan kedudukan kewangan negara."
)
PORTUGUESE = (
    "O governo brasileiro anunciou hoje que os impostos sobre serviços vão aumentar a partir "
    "do próximo mês, disse o ministro da Fazenda em Brasília. A medida é necessária para "
    "equilibrar as contas públicas, segundo ele."
)


@pytest.mark.parametrize(
    ("key", "language"),
    [("id", "id"), ("fr", "fr"), ("es", "es"), ("de", "de"), ("other_id", "id")],
)
def test_seed_files_are_detected_in_their_language(key, language):
    parsed = parse_document(normalize(seed_text(key)))

    [detection] = detect_documents([parsed.segments()])

    assert detection.language == language
    assert detection.supported
    assert detection.confidence >= 0.75


def test_english_quotes_in_an_indonesian_story_are_marked_per_block():
    parsed = parse_document(normalize(seed_text("other_id")))

    [detection] = detect_documents([parsed.segments()])

    # segments: title, lede (an English quote), then the body blocks
    assert detection.blocks[1][0] == "en"
    assert detection.blocks[2][0] == "en"
    assert detection.blocks[3][0] == "id"
    assert detection.confidence < 1.0  # part of the text is not Indonesian


def test_malay_and_portuguese_are_recognised_as_not_site_languages():
    malay, portuguese = detect_documents([[MALAY], [PORTUGUESE]])

    assert (malay.language, malay.supported) == ("ms", False)
    assert (portuguese.language, portuguese.supported) == ("pt", False)


def test_indonesian_with_a_malay_looking_paragraph_stays_indonesian():
    blocks = [
        "Open source memberikan alat yang kuat ke tangan pengembang di seluruh dunia, memperluas "
        "jangkauan prinsip AI demokratis dan memungkinkan inovator di mana saja.",
        "“Mereka pasti berbicara dari kedua sisi,” kata Rao, yang menggambarkan pesan OpenAI.",
    ]

    [detection] = detect_documents([blocks])

    assert detection.language == "id"
    assert [code for code, _ in detection.blocks] == ["id", "id"]


def test_text_without_letters_has_no_language():
    detection = detect_text("12 345 — 678")

    assert detection.language == ""
    assert not detection.supported


def test_the_detector_is_built_once_per_process():
    assert detector() is detector()


def test_a_passage_every_batch_repeats_is_detected_once_and_others_are_forgotten(monkeypatch):
    """An import keeps lingua's scores from one batch to the next (boilerplate is detected
    once per run), but only those the last batch met: memory holds two batches' scores."""
    sent = []

    class Counting:
        def compute_language_confidence_values_in_parallel(self, samples):
            sent.extend(samples)
            return detector().compute_language_confidence_values_in_parallel(samples)

    monkeypatch.setattr(language, "detector", Counting)
    scores = PassageScores()
    stories = [f"{MALAY} ({n})" for n in range(3)]
    detections = []
    for story in stories:  # three batches, each with the same boilerplate
        scores.next_batch()
        detections += detect_documents([[PORTUGUESE, story]], scores)

    assert sent.count(passage_sample(PORTUGUESE)) == 1
    assert [sent.count(passage_sample(story)) for story in stories] == [1, 1, 1]
    assert detections[0] == detect_documents([[PORTUGUESE, stories[0]]])[0]
    assert scores.get(passage_sample(stories[0])) is None  # no batch met it since
    scores.next_batch()  # a batch that meets none: the last batch's two samples stay
    assert len(scores) == 2
    scores.next_batch()
    assert len(scores) == 0
