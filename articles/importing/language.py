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
high-accuracy models take ~300 MB of memory for these ten languages against
~35 MB, and on samples of 150 characters the two agree on the seed bundle's
every paragraph; only very short blocks (a subheading, a label) get flatter,
less certain scores, which the length weighting already discounts.

Malay and Indonesian are close enough that lingua splits short paragraphs
between them. Decision: the pair is one family; a document is Malay (and so
"unsupported") only when Malay leads Indonesian by at least
`MALAY_MARGIN`; otherwise it is Indonesian with the family's combined
confidence. Inside an Indonesian document a "Malay" block is Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

CONFUSABLE = (
    Language.MALAY,
    Language.PORTUGUESE,
    Language.ITALIAN,
    Language.CATALAN,
    Language.DUTCH,
)
MALAY_MARGIN = 0.5
#: Characters of each block lingua reads: a paragraph's language shows in its first
#: sentence or two, and detection time grows with the text. The document's weights
#: still use each block's full length.
SAMPLE_CHARS = 150
BATCH = 500
#: Below this a document's language is reported with a warning.
LOW_CONFIDENCE = 0.6


@dataclass
class Detection:
    language: str  # ISO 639-1; "" when nothing could be told
    confidence: float
    blocks: list[tuple[str, float]] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return self.language in site_languages()


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@cache
def detector() -> LanguageDetector:
    """The process's detector (lingua loads its models lazily, per language, once)."""
    site = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in sorted(site_languages())
    ]
    candidates = list(dict.fromkeys([*site, *CONFUSABLE]))  # a site may add Italian, say
    return LanguageDetectorBuilder.from_languages(*candidates).with_low_accuracy_mode().build()


def detect_documents(documents: list[list[str]]) -> list[Detection]:
    """The language of each document, given as its list of text segments.

    Segments go to lingua in parallel calls of `BATCH` documents; each batch's
    confidence objects are reduced to plain numbers at once, so memory stays
    flat however large the bundle.
    """
    results: list[Detection] = []
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        flat = [segment[:SAMPLE_CHARS] for segments in batch for segment in segments]
        values = detector().compute_language_confidence_values_in_parallel(flat) if flat else []
        position = 0
        for segments in batch:
            scored = values[position : position + len(segments)]
            position += len(segments)
            results.append(_combine(segments, scored))
    return results


def detect_text(text: str) -> Detection:
    """One piece of text, as a document of one block."""
    return detect_documents([[text]])[0]


def _combine(segments: list[str], scored: list) -> Detection:
    totals: dict[str, float] = {}
    weight_sum = 0.0
    block_best: list[tuple[str, float, dict[str, float]]] = []
    for text, confidences in zip(segments, scored, strict=True):
        vector = {_code(c.language): c.value for c in confidences if c.value > 0}
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


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()
