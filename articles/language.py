"""Language detection with lingua, per block and per document, in one pass.

The detector is built once per process and restricted to the site languages
plus the ones most easily confused with them (Malay for Indonesian;
Portuguese, Italian, Catalan for Spanish; Dutch for German; …): a smaller
candidate set is both faster and more accurate, and a file in one of the
extra languages is recognised as *not ours* instead of being forced into the
nearest site language.

One pass: lingua scores every block (title, lede, paragraphs, key points);
the document's language is the length-weighted mean of those confidence
vectors. So the document confidence reads as "the share of the text that is
confidently in this language" (an Indonesian story quoting two English
paragraphs scores ~0.8 Indonesian), and the per-block results, stored in
`SourceDocument.parsed`, let editorial checks flag untranslated paragraphs.

Low-accuracy mode (trigrams only) on a sample of each block: lingua's
high-accuracy models take several times the memory for these ten languages
(BENCHMARKS.md, Import), and on samples of 150 characters the two agree on the seed bundle's
every paragraph; only very short blocks (a subheading, a label) get flatter,
less certain scores, which the length weighting already discounts.

One detection serves the untranslated-text check too: a block the check can
judge (enough ordinary words) is read as the check reads it — without short
quotations, a long one by its two ends (`passage_sample`) — and the scores of
every sample are kept, compactly, in `PassageScores` for the checks the import
runs at its end. A block the check cannot judge (a subheading, a list of
names) is read by its first `SAMPLE_CHARS` characters. A sample met in this
batch of an import or the one before is not detected again (`PassageScores.next_batch`):
boilerplate that every file repeats is detected once per run, and memory holds
two batches' scores, not the bundle's.

Malay and Indonesian are close enough that lingua splits short paragraphs
between them. Decision: the pair is one family; a document is Malay (and so
"unsupported") only when Malay leads Indonesian by at least
`MALAY_MARGIN`; otherwise it is Indonesian with the family's combined
confidence. Inside an Indonesian document a "Malay" block is Indonesian.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice

from django.conf import settings
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

#: Languages lingua may answer besides the site's: those most easily confused with them,
#: so that a file in one is recognised as not ours instead of forced into a site language.
EXTRA_CANDIDATES = (
    Language.MALAY,
    Language.PORTUGUESE,
    Language.ITALIAN,
    Language.CATALAN,
    Language.DUTCH,
)
MALAY_MARGIN = 0.5
#: Characters lingua reads of a block the untranslated check cannot judge: a paragraph's
#: language shows in its first sentence or two, and detection time grows with the text.
#: The document's weights still use each block's full length.
SAMPLE_CHARS = 150
#: A judgeable passage longer than twice this is read as this many characters from each end.
PASSAGE_CHARS = 200
#: Lower-case words (not names, not numbers) a passage needs before its language is judged.
MIN_WORDS = 8
#: A quotation with fewer words than this may stay in its original language.
SHORT_QUOTE_WORDS = 12
BATCH = 500
#: Below this a document's language is reported with a warning.
LOW_CONFIDENCE = 0.6


#: lingua's verdict on a sample: (ISO 639-1 code, confidence), most likely first.
Scores = tuple[tuple[str, float], ...]

_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|‘[^’]*’")  # noqa: RUF001
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # noqa: RUF001


@dataclass
class Detection:
    language: str  # ISO 639-1; "" when nothing could be told
    confidence: float
    blocks: list[tuple[str, float]] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return self.language in site_languages()


class PassageScores:
    """lingua's scores of many samples, kept until an import's checks have read them.

    Keyed by a 128-bit digest of the sample and packed (ten doubles and their
    languages' order), so an import of 10,000 files keeps a few dozen
    megabytes, not the samples' text and Python floats. An import keeps one
    across its batches and calls `next_batch()` before each: the scores the last
    batch met stay, older ones go.
    """

    def __init__(self) -> None:
        self._packed: dict[bytes, tuple[tuple[str, ...], array]] = {}
        #: The scores of the batch before, not met again yet in this one.
        self._before: dict[bytes, tuple[tuple[str, ...], array]] = {}
        self._orders: dict[tuple[str, ...], tuple[str, ...]] = {}

    @staticmethod
    def _key(sample: str) -> bytes:
        return hashlib.blake2b(sample.encode(), digest_size=16).digest()

    def _find(self, key: bytes) -> tuple[tuple[str, ...], array] | None:
        packed = self._packed.get(key)
        if packed is None and key in self._before:
            packed = self._packed[key] = self._before.pop(key)  # met again: kept one more batch
        return packed

    def next_batch(self) -> None:
        """Forget the scores no sample of the batch just done met (see the class docstring)."""
        self._before, self._packed = self._packed, {}

    def add(self, sample: str, scores: Scores) -> None:
        codes = tuple(code for code, _value in scores)
        codes = self._orders.setdefault(codes, codes)  # a few orders, shared
        self._packed[self._key(sample)] = (codes, array("d", (v for _c, v in scores)))

    def get(self, sample: str) -> Scores | None:
        packed = self._find(self._key(sample))
        return None if packed is None else tuple(zip(packed[0], packed[1], strict=True))

    def __len__(self) -> int:
        return len(self._packed) + len(self._before)

    def stored(self, samples: Iterable[str]) -> dict[str, list]:
        """The scores it holds of `samples`, as JSON (kept on a source document, so the
        checks that run later as a task detect nothing again: `load`)."""
        out = {}
        for sample in samples:
            key = self._key(sample)
            packed = self._find(key)
            if packed is not None:
                out[key.hex()] = [list(packed[0]), list(packed[1])]
        return out

    def load(self, stored: dict[str, list]) -> None:
        """Take in scores kept by `stored`."""
        for key, (codes, values) in stored.items():
            codes = tuple(codes)
            codes = self._orders.setdefault(codes, codes)
            self._packed[bytes.fromhex(key)] = (codes, array("d", values))


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@cache
def detector() -> LanguageDetector:
    """The process's detector (lingua loads its models lazily, per language, once)."""
    site = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in sorted(site_languages())
    ]
    candidates = list(dict.fromkeys([*site, *EXTRA_CANDIDATES]))  # a site may add Italian, say
    return LanguageDetectorBuilder.from_languages(*candidates).with_low_accuracy_mode().build()


@lru_cache(maxsize=8192)
def judgeable(text: str) -> str:
    """`text` without short quotations, as lingua reads it; '' if what is left has too
    few ordinary words to judge its language (the untranslated check's rule)."""
    kept = _QUOTES.sub(
        lambda m: m.group(0) if len(_WORD.findall(m.group(0))) >= SHORT_QUOTE_WORDS else " ",
        text,
    )
    # Words are read only until there are enough: a long paragraph is not tokenized whole.
    words = (match.group() for match in _WORD.finditer(kept))
    ordinary = (w for w in words if len(w) > 1 and w[0].islower())
    if len(list(islice(ordinary, MIN_WORDS))) < MIN_WORDS:
        return ""
    return _ends(kept)


def _ends(text: str) -> str:
    """A long paragraph's opening and closing words: lingua's cost grows with the text, its
    verdict on a whole paragraph does not change, and a paragraph that switches language
    half-way still shows both languages to it."""
    if len(text) <= 2 * PASSAGE_CHARS:
        return text
    head = text[:PASSAGE_CHARS].rsplit(" ", 1)[0]
    tail = text[-PASSAGE_CHARS:].split(" ", 1)[-1]
    return f"{head} … {tail}"


def passage_sample(text: str) -> str:
    """What lingua reads of a block: the check's sample when it can judge the block."""
    return judgeable(text) or text[:SAMPLE_CHARS]


def score_samples(samples: Sequence[str], known: PassageScores | None = None) -> dict[str, Scores]:
    """lingua's scores of each distinct sample: from `known` when it has them, the rest
    in one call that uses every core (and then added to `known`)."""
    scored: dict[str, Scores] = {}
    todo = []
    for sample in dict.fromkeys(samples):
        found = known.get(sample) if known is not None else None
        if found is None:
            todo.append(sample)
        else:
            scored[sample] = found
    if todo:
        values = detector().compute_language_confidence_values_in_parallel(todo)
        for sample, found in zip(todo, values, strict=True):
            scored[sample] = scores = scores_of(found)
            if known is not None:
                known.add(sample, scores)
    return scored


def scores_of(values) -> Scores:
    """lingua's confidence values as plain (code, value) pairs."""
    return tuple((_code(v.language), v.value) for v in values)


def detect_documents(
    documents: list[list[str]], keep: PassageScores | None = None
) -> list[Detection]:
    """The language of each document, given as its list of text segments.

    Segments go to lingua in parallel calls of `BATCH` documents; each batch's
    confidence objects are reduced to plain numbers at once, so memory stays
    flat however large the bundle. A sample met before (a repeated paragraph,
    boilerplate) is not detected again. The scores of every sample are kept
    in `keep` if given (for the untranslated check, see the module docstring).
    """
    known = keep if keep is not None else PassageScores()
    results: list[Detection] = []
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        samples = [[passage_sample(segment) for segment in segments] for segments in batch]
        scored = score_samples([sample for per_doc in samples for sample in per_doc], known)
        for segments, per_doc in zip(batch, samples, strict=True):
            results.append(_combine(segments, [scored[sample] for sample in per_doc]))
    return results


def detect_text(text: str) -> Detection:
    """One piece of text, as a document of one block."""
    return detect_documents([[text]])[0]


def _combine(segments: list[str], scored: list[Scores]) -> Detection:
    totals: dict[str, float] = {}
    weight_sum = 0.0
    block_best: list[tuple[str, float, dict[str, float]]] = []
    for text, scores in zip(segments, scored, strict=True):
        vector = {code: value for code, value in scores if value > 0}
        if vector:
            weight = len(text)
            weight_sum += weight
            for code, value in vector.items():
                totals[code] = totals.get(code, 0.0) + weight * value
        block_best.append(_best(vector))
    if not weight_sum:
        return Detection("", 0.0, [("", 0.0)] * len(segments))
    shares = {code: total / weight_sum for code, total in totals.items()}
    language, confidence, _ = _best(shares)
    blocks = []
    for code, value, vector in block_best:
        if language == "id" and code == "ms":
            code, value = "id", vector.get("id", 0.0) + vector.get("ms", 0.0)
        blocks.append((code, round(value, 3)))
    return Detection(language, round(confidence, 3), blocks)


def _best(vector: dict[str, float]) -> tuple[str, float, dict[str, float]]:
    if not vector:
        return "", 0.0, vector
    code = max(vector, key=vector.__getitem__)
    if code in ("ms", "id"):
        malay, indonesian = vector.get("ms", 0.0), vector.get("id", 0.0)
        if malay - indonesian < MALAY_MARGIN:
            return "id", malay + indonesian, vector
    return code, vector[code], vector


@cache
def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()
