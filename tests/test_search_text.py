"""Words as search sees them: folded, stemmed per language, marked in a snippet (no database)."""

import pytest

from articles.search_text import (
    Part,
    fold,
    fts5_query,
    one_edit_away,
    query_stems,
    similarity,
    snippet,
    stem,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Élysée", "elysee"), ("MÜLLER", "muller"), ("Straße", "strasse"), ("médico", "medico")],
)
def test_case_and_accents_fold_away(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("language", "one", "other"),
    [
        ("fr", "enquete", "Enquêtes"),
        ("es", "medicos", "Médico"),
        ("de", "Umfragen", "umfrage"),
        ("de", "Häfen", "Hafen"),
        ("id", "pembangunan", "bangun"),
        ("en", "bridges", "Bridge"),
    ],
)
def test_forms_of_a_word_meet_on_one_stem_with_or_without_accents(language, one, other):
    assert stem(one, language) == stem(other, language)


def test_a_query_is_its_distinct_stems_and_cannot_inject_fts5_syntax():
    stems = query_stems(["Enquêtes", "enquete", 'OR"NEAR'], "fr")
    assert stems == ["enquet", "or", "near"]
    assert fts5_query(stems) == '"enquet" AND "or" AND "near"'


def test_snippet_marks_every_form_of_the_readers_words_in_the_best_passage():
    passages = ["Un chapeau sans rapport.", "L'Élysée ouvre une enquête. Les enquêtes durent."]
    parts = snippet(passages, query_stems(["elysee", "enquetes"], "fr"), "fr")
    assert [p.text for p in parts if p.mark] == ["Élysée", "enquête", "enquêtes"]
    assert "".join(p.text for p in parts) == passages[1]


def test_snippet_of_a_long_passage_is_cut_around_the_first_match():
    passage = " ".join(f"mot{i}" for i in range(100)) + " Whisper " + "fin " * 50
    parts = snippet([passage], query_stems(["whisper"], "en"), "en")
    text = "".join(p.text for p in parts)
    assert parts[0] == Part("… ") and parts[-1] == Part(" …")
    assert Part("Whisper", mark=True) in parts
    assert len(text.split()) <= 32


def test_no_snippet_when_no_passage_has_the_words():
    assert snippet(["Nothing here."], query_stems(["harbour"], "en"), "en") == []


def test_similarity_is_pg_trgm_s():
    assert similarity("whisper", "whsper") == pytest.approx(0.5)
    assert similarity("word", "word") == 1.0


def test_one_edit_away_is_every_single_slip_and_nothing_further():
    near = one_edit_away("wrold")
    assert {"world", "wold", "wrolds", "would"} - near == {"would"}
    assert {"arold", "worold"} <= near and "wrold" not in near
    assert "accommodation" not in one_edit_away("acomodation")
    assert len(one_edit_away("velbbabu")) < 500  # whatever the vocabulary holds
