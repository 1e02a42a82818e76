"""Property tests: no input makes the reader or the parser lose text or crash.

For any bytes, reading gives a file or a skip with a reason — never an
exception. For any text (any Unicode, any line endings, huge lines, control
characters, lone surrogates), parsing never raises, and every word of the
normalised text ends up in a parsed field, in the removed inserts or in a
warning. (The raw text itself is stored untouched on the SourceDocument.)
"""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing.parsing import parse_document
from articles.importing.reading import ReadFile, Skip, normalize, read_bytes
from articles.importing.reasons import render_all

WORD = re.compile(r"\w+")

# Text shaped like a news file: lines of words, labels and bullets, odd separators.
LABELS = ["Key points:", "Poin -Poin Kunci:", "Wichtigste Punkte:", "MEMBACA\xa0", "Source:", "## "]
VOCABULARY = [
    "Altman",
    "OpenAI",
    "survei",
    "modèle",
    "Umfrage",
    "código",
    "12",
    "GPT-4.5",
    "Meta",
    "baca",
    "juga",
    "la",
    "der",
]
sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(
        st.sampled_from(VOCABULARY) | st.from_regex(r"[A-Za-zÀ-ÿ]{1,12}", fullmatch=True),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["", ".", "?", ":", "…", '"']),
)
line = st.one_of(
    sentence,
    st.builds(lambda label, rest: label + rest, st.sampled_from(LABELS), sentence),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=2000),
    st.builds(lambda label, rest: label + rest, st.sampled_from(LABELS), st.text(max_size=120)),
    st.builds(
        lambda emoji, rest: f"{emoji} {rest}", st.sampled_from("🌟📉🔄•-*→"), st.text(max_size=80)
    ),
)
separator = st.sampled_from(
    ["\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\n \n", "\x0c"]
)
document = st.builds(
    lambda lines, seps: "".join(text + sep for text, sep in zip(lines, seps, strict=False)),
    st.lists(line, max_size=25),
    st.lists(separator, min_size=25, max_size=25),
)
# Lone surrogates, as a `surrogateescape` decode of bad bytes leaves them.
with_surrogates = st.text(alphabet=st.characters(categories=["Cs", "Ll", "Zs", "Cc"]), max_size=200)


def words_kept(parsed) -> set[str]:
    kept = [
        parsed.title,
        parsed.lede,
        parsed.attribution,
        *(block.text for block in parsed.blocks),
        *parsed.key_points,
        *parsed.removed,
        *render_all(parsed.warnings),
    ]
    return set(WORD.findall(" ".join(kept).casefold()))


def structural_words(text: str) -> set[str]:
    """Words of a key-points label line's label: the label names the block, it is not content."""
    words = set()
    for raw in text.split("\n"):
        label, colon, _rest = raw.partition(":")
        if colon and len(label.split()) <= 4:
            words |= set(WORD.findall(label.casefold()))
    return words


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_reading_any_bytes_gives_a_file_or_a_reasoned_skip(data):
    result = read_bytes("fuzz.txt", data)
    assert isinstance(result, ReadFile | Skip)
    if isinstance(result, Skip):
        assert result.reason
    else:
        assert result.text.strip()
        assert "\r" not in result.text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_parsing_any_document_keeps_every_word(text):
    normalised = normalize(text)
    parsed = parse_document(normalised)
    # Case may change (a key point's first letter is capitalised); words may not vanish.
    missing = (
        set(WORD.findall(normalised.casefold())) - words_kept(parsed) - structural_words(normalised)
    )
    assert not missing, f"words lost by the parser: {sorted(missing)[:10]}"


@settings(max_examples=200, deadline=None)
@given(with_surrogates)
def test_parsing_text_with_lone_surrogates_never_raises(text):
    parsed = parse_document(normalize(text))
    assert isinstance(parsed.title, str)


def test_a_single_huge_line_without_a_sentence_end_is_kept_as_body_not_lede():
    text = "Sam Altman " * 200_000  # 2.2 MB on one line, no full stop
    parsed = parse_document(normalize(text))
    assert parsed.title_derived
    assert len(parsed.title) <= 100 and parsed.title.startswith("Sam Altman")
    assert parsed.lede == ""
    assert parsed.body.startswith("Sam Altman Sam Altman")
    assert render_all(parsed.warnings) == [
        "a line of 2199999 characters with no sentence boundary: kept whole, as body"
    ]
