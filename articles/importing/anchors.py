"""A document's anchors: what crosses languages unchanged, for linking translations
(`articles.importing.linking`).

Translations share almost no words, so the signal is what crosses languages
unchanged — *anchors*: numbers, model and product names (`O3-Mini`, `Grok2`,
`GPT-4.5`), and names (`Leike`, `Altman`). An anchor is a token that

* holds a digit (a pure number counts from two digits, its separators
  dropped so "2.000" meets "2,000" and "2,5" meets "2.5"; "20 %" is "20%"), or
* has a capital inside it or is in capitals (`OpenAI`, `ChatGPT`, `API`), or
* is capitalised in mid-sentence (a sentence-initial word only when the same
  document also capitalises it mid-sentence).

Anchors are case- and accent-folded ("Łódź" meets "Lodz", "Zürich" "Zurich"):
measured, it changes nothing on the real bundle (`bench/link_eval.py`), but it
costs nothing and transliterated names are common in other news. Hyphenated
compounds also give their prefixes (`o3-mini-Modells` → `o3`, `o3-mini`), so
a German compound still meets the plain name elsewhere. German capitalises
every noun: those nouns only ever meet other German files, which are never
compared, so they cost nothing but a larger anchor set — and the score below
divides by the *smaller* set.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator

# A number with its separators ("2,000", "4.5"), or a word with inner dots and hyphens.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:[\w.\-]*[^\W_])?|[^\W_](?:[\w.\-]*[^\W_])?")
_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: One character of a run that `_TOKEN` may match across (a number's separators included).
_RUN = re.compile(r"[\w.,\-]")
#: Not a lower-case letter of the Latin alphabet (nor of Latin-1), then the rest of its run.
_UNCOMMON = re.compile(r"[^\W_a-zß-öø-ÿ][\w.,\-]*")
#: Letters NFKD does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe"}
)
#: Longer tokens are no name or figure (a URL, encoded data), and the anchor table's column
#: (`DocumentAnchor.anchor`) holds no more.
MAX_LENGTH = 200
_SENTENCE_BREAK = '.!?:…"“„«\u2018(¿¡'
_OPENERS = "\"“„«\u2018'(¿¡"


def extract_anchors(segments: Iterable[str]) -> list[str]:
    """The document's anchors, case- and accent-folded, in the order they first occur."""
    # A capitalised word is a name only where it is not opening a sentence: one that
    # opens a sentence counts only if the document also writes it mid-sentence.
    anchors: dict[str, None] = {}  # an ordered set: the order is a signal (see `_order`)
    for text in segments:
        for start, token in _candidate_tokens(text):
            if token.isalpha():  # a word of letters only: _classify's answer, without the calls
                rest = token[1:]
                if not rest or token.islower():
                    continue
                if rest.islower():
                    if token[0].isupper() and not _starts_sentence(text, start):  # a name
                        anchors[fold(token)] = None
                elif any(map(str.isupper, rest)):  # capitals inside: OpenAI, API
                    anchors[fold(token)] = None
                continue
            for part in _prefixes(token):
                kind = _classify(part)
                if kind == "strong":
                    anchors[_key(part)] = None
                elif kind == "name" and not _starts_sentence(text, start):
                    anchors[fold(part)] = None
    # Interned: the versions of a story share most anchors, and a bundle has many stories.
    return [sys.intern(anchor) for anchor in anchors if len(anchor) <= MAX_LENGTH]


def fold(word: str) -> str:
    """`word` case-folded, without accents: "Łódź" and "Lodz", "Zürich" and "Zurich" agree."""
    word = word.casefold()
    if word.isascii():
        return word
    word = word.translate(_UNDECOMPOSED)
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )


def _candidate_tokens(text: str) -> Iterator[tuple[int, str]]:
    """The tokens of `text` that hold a capital or a digit (the only ones that can be
    anchors), with their positions; a few others may come too.

    Most of a text is lower-case words, and making each one a string cost more than
    all the rest. So only the runs of token characters (`_RUN`) that hold something
    other than a common lower-case letter are tokenized: a token never crosses the end
    of a run, so a run is tokenized exactly as it is inside the whole text.
    """
    for hit in _UNCOMMON.finditer(text):
        start, end = hit.span()  # from the first uncommon character to the end of its run
        begin = start
        while begin and _RUN.match(text, begin - 1):  # "iPhone": the run began before it
            begin -= 1
        if begin == start and hit.group().isalnum():  # the common case: one word ("Meta")
            yield start, hit.group()
            continue
        for match in _TOKEN.finditer(text, begin, end):
            yield match.start(), match.group()


def _prefixes(token: str) -> list[str]:
    pieces = token.split("-")
    if len(pieces) == 1:
        return [token]
    return ["-".join(pieces[: i + 1]) for i in range(len(pieces)) if pieces[i]]


def _classify(token: str) -> str | None:
    if _DIGIT.search(token):
        if _NUMBER.fullmatch(token):
            return "strong" if len(_NOT_DIGIT.sub("", token)) >= 2 else None
        return "strong"
    if len(token) < 2 or not token[0].isalpha():
        return None
    rest = token[1:]
    if not rest.islower():  # capitals inside: OpenAI, ChatGPT, API, xAI
        return "strong" if any(ch.isupper() for ch in rest) else None
    return "name" if token[0].isupper() else None


def has_digit(token: str) -> bool:
    return _DIGIT.search(token) is not None


def _key(token: str) -> str:
    if _NUMBER.fullmatch(token):
        return _NOT_DIGIT.sub("", token)
    return fold(token)


def _starts_sentence(text: str, start: int) -> bool:
    # Walk back over spaces and opening quotes (no copy of the text before the word:
    # a paragraph has many names).
    at = start
    while at:
        previous = text[at - 1]
        if previous.isspace() or previous in _OPENERS:
            at -= 1
        else:
            break
    return not at or text[at - 1] in _SENTENCE_BREAK
