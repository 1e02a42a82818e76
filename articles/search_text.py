"""Words as search sees them: split, folded (case and accents) and stemmed per language.

Pure functions, no database: the SQLite index (`articles.search_index`) is
built from `index_text()`, a reader's query is matched through
`query_stems()`, and the results page marks the matched words of a passage
with `snippet()` — on PostgreSQL too, so both databases show the same
snippets.

Both databases index these terms (`articles.search_index`), so they find the
same stories. A word is folded first — lower case, accents removed ("Élysée" → "elysee",
"Müller" → "muller") — then stemmed by the Snowball algorithm of its
language (`snowballstemmer`), so "enquete", "Enquêtes" and "enquêté" meet
on one stem.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import snowballstemmer

from articles.stop_words import STOP_WORDS

#: The Snowball algorithm of each site language.
STEMMERS = {
    "en": "english",
    "id": "indonesian",
    "fr": "french",
    "es": "spanish",
    "de": "german",
}
#: Words of a snippet around its first matched word.
SNIPPET_WORDS = 28
#: Words shorter than this are not offered as a spelling; longer are not words.
VOCABULARY_LENGTHS = (3, 40)

WORD = re.compile(r"\w+")
_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


# Cached: a text's words are mostly words seen before, and an import folds every one.
# Bounded at 20,000 words (about 300 bytes each): at 200,000 these two caches kept filling
# through an import of tens of thousands of files, the largest part of its growing memory
# (BENCHMARKS.md, Import), for hits on words met once.
@lru_cache(maxsize=20_000)
def fold(word: str) -> str:
    """`word` in lower case without accents ("Élysée" → "elysee", "Straße" → "strasse")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmer = snowballstemmer.stemmer(STEMMERS.get(language, "english"))
        # Without a cache of its own: PyStemmer keeps up to 10,000 words per stemmer (per
        # language and thread), which an import filled behind `stem`'s own bounded cache.
        stemmer.maxCacheSize = 0
        stemmers[language] = stemmer
    return stemmers[language]


#: French feminine endings met before stemming (folded), the masculine put in their place:
#: Snowball leaves "dévastée" → "devaste" beside "dévasté" → "devast", "première" →
#: "premier" beside "premier" → "premi".
FRENCH_FEMININE = (("ieres", "iers"), ("iere", "ier"), ("ees", "es"), ("ee", "e"))
#: Shorter words keep their endings ("fee", "lee"); shorter stems their final "e".
FRENCH_FEMININE_FROM = 5


@lru_cache(maxsize=20_000)
def stem(word: str, language: str) -> str:
    """The indexed form of `word` in `language`: folded, then stemmed.

    French feminine and masculine forms meet: a feminine ending is made masculine
    before stemming, and a final "e" left by the stemmer is dropped ("une île
    dévastée" is found by "dévasté"). On the French texts of the development bundle,
    100 of its 106 feminine/masculine pairs meet, against 70 with Snowball alone,
    and its 2,322 distinct stems become 2,279 (BENCHMARKS.md, Reader search).
    German "ae"/"oe"/"ue" meet "ä"/"ö"/"ü" in the Snowball German stemmer itself.
    """
    folded = fold(word)
    if language not in STEMMERS or folded.isdigit():
        return folded
    if language == "fr" and len(folded) >= FRENCH_FEMININE_FROM:
        for feminine, masculine in FRENCH_FEMININE:
            if folded.endswith(feminine):
                folded = folded[: -len(feminine)] + masculine
                break
    stemmed = _stemmer(language).stemWord(folded)
    if language == "fr" and len(stemmed) >= FRENCH_FEMININE_FROM and stemmed.endswith("e"):
        stemmed = stemmed[:-1]
    return stemmed


def words(text: str) -> list[str]:
    """The words of `text` as written."""
    return WORD.findall(text or "")


def index_text(found: list[str], language: str) -> str:
    """What the SQLite index stores for a text whose words (`words()`) are `found`: their
    stems, separated by spaces."""
    return " ".join(map(stem, found, repeat(language)))


def spellings(found: Iterable[str]) -> dict[str, str]:
    """The words among `found` that "did you mean" may offer, folded, each with how it is
    shown (its first spelling in lower case)."""
    result: dict[str, str] = {}
    for word in found:
        key = fold(word)
        if key not in result and in_vocabulary(key):
            result[key] = word.lower()
    return result


def in_vocabulary(key: str) -> bool:
    """Whether the folded word `key` is one "did you mean" knows and offers."""
    shortest, longest = VOCABULARY_LENGTHS
    return shortest <= len(key) <= longest and not key.isdigit()


def query_stems(terms: list[str], language: str) -> list[str]:
    """The distinct stems of a reader's terms (a term like "GPT-4" gives two)."""
    stems: list[str] = []
    for term in terms:
        for word in words(term):
            value = stem(word, language)
            if value and value not in stems:
                stems.append(value)
    return stems


def fts5_query(stems: list[str]) -> str:
    """An FTS5 MATCH expression requiring every stem (each quoted: no operator gets through)."""
    return " AND ".join('"{}"'.format(value.replace('"', '""')) for value in stems)


# --- snippets ------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A piece of a snippet: text, and whether it is a matched word (shown in <mark>)."""

    text: str
    mark: bool = False


def marked(
    text: str, stems: set[str], language: str, quiet: frozenset[str] = frozenset()
) -> list[Part]:
    """`text` cut into parts, the words whose stem is in `stems` marked, but for the folded
    words in `quiet` (stop words, an elided "l'": `quiet_words`)."""
    parts: list[Part] = []
    position = 0
    for match in WORD.finditer(text):
        word = match.group()
        if stem(word, language) in stems and fold(word) not in quiet:
            if match.start() > position:
                parts.append(Part(text[position : match.start()]))
            parts.append(Part(match.group(), mark=True))
            position = match.end()
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


def quiet_words(terms: list[str], language: str) -> frozenset[str]:
    """The words a snippet leaves unmarked for a reader who typed `terms`: the language's
    stop words ("the", "l'" of "l'enquête"), unless every word typed is one ("it", "WHO"
    alone are marked: they are what was looked for)."""
    stop = STOP_WORDS.get(language, frozenset())
    typed = [fold(word) for term in terms for word in words(term)]
    return frozenset() if all(word in stop for word in typed) else stop


def snippet(
    passages: list[str], stems: list[str], language: str, quiet: frozenset[str] = frozenset()
) -> list[Part]:
    """The passage with the most of the reader's words, cut to SNIPPET_WORDS words around
    its first match, the matched words marked (but `quiet` ones); [] when no passage has
    any of them."""
    wanted = set(stems)
    best, best_score = "", 0
    for passage in passages:
        found = {stem(word, language) for word in words(passage)} & wanted
        if len(found) > best_score:
            best, best_score = passage, len(found)
            if best_score == len(wanted):  # no later passage can have more
                break
    if not best_score:
        return []
    tokens = list(WORD.finditer(best))
    first = next(i for i, t in enumerate(tokens) if stem(t.group(), language) in wanted)
    start = max(0, first - SNIPPET_WORDS // 3)
    end = min(len(tokens), start + SNIPPET_WORDS)
    begin = 0 if start == 0 else tokens[start].start()
    finish = len(best) if end == len(tokens) else tokens[end - 1].end()
    text = best[begin:finish].strip()
    parts = marked(text, wanted, language, quiet)
    if begin > 0:
        parts.insert(0, Part("… "))
    if finish < len(best):
        parts.append(Part(" …"))
    return parts


# --- "did you mean" ------------------------------------------------------------

#: The letters a mistyped word may be missing or have wrong, besides its own: a folded word
#: of any site language is written in these (accents fold away, "ß" to "ss").
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_away(key: str) -> set[str]:
    """The spellings one typing slip from the folded word `key`: a letter left out, one
    too many, one wrong or two swapped (Damerau's four kinds), of a length the vocabulary
    holds. A few hundred for a word of nine letters, whatever the vocabulary's size."""
    letters = "".join(dict.fromkeys(LETTERS + key))
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    found.discard(key)
    return {spelling for spelling in found if in_vocabulary(spelling)}


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of `word` (padded with two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0
