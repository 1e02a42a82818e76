"""Untranslated passages: a paragraph whose language is not its version's.

Machine translation leaves quotes, boilerplate and whole paragraphs in the
source language. Each paragraph (and the title, lede and key points) is run through
lingua on its own. Not flagged, because an editor would call it noise:
paragraphs too short to judge, quotations of a few words left in the
original, and product or proper names (capitalised words are not counted as
evidence). Confusable languages count as the version's own: Indonesian text
is sometimes detected as Malay, Spanish as Portuguese or Catalan.

The detector is the importer's (site languages plus confusable ones, built
once per process). Detection is cached per paragraph text, so re-running the
checks after an edit only detects the paragraphs that changed; what is not
cached is detected in one parallel lingua call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.conf import settings
from lingua import IsoCode639_1, Language

from articles.checks.base import BLOCKING, FindingData, Story, VersionText, finding, is_subheading
from articles.importing.language import detector

KIND = "untranslated"

#: Languages a site language's text may be mistaken for; they count as that language.
CONFUSABLE = {"id": ("ms",), "es": ("pt", "ca"), "fr": (), "de": ("nl",), "en": ()}
#: Lower-case words (not names, not numbers) a passage needs before its language is judged.
MIN_WORDS = 8
#: A quotation with fewer words than this may stay in its original language.
SHORT_QUOTE_WORDS = 12
#: A paragraph longer than twice this is judged on this many characters from each end.
SAMPLE_CHARS = 200
#: The other language must be this sure, and the version's own language (with its
#: confusables) this unlikely, before a paragraph is called untranslated.
MIN_OTHER = 0.7
MAX_OWN = 0.2

_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|‘[^’]*’")  # noqa: RUF001
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # noqa: RUF001


#: Sample text -> lingua's scores. Bounded by clearing it: a newsroom's working set
#: (the paragraphs of the articles being edited) is far smaller.
_SCORES: dict[str, tuple[tuple[str, float], ...]] = {}
CACHE_SIZE = 8192


def detect_many(samples: Iterable[str]) -> None:
    """Score every sample not scored yet, in one lingua call that uses every core."""
    missing = list(dict.fromkeys(s for s in samples if s and s not in _SCORES))
    if not missing:
        return
    if len(_SCORES) + len(missing) > CACHE_SIZE:
        _SCORES.clear()
    scored = detector().compute_language_confidence_values_in_parallel(missing)
    for sample, values in zip(missing, scored, strict=True):
        _SCORES[sample] = _scores(values)


def detect(text: str) -> tuple[tuple[str, float], ...]:
    """(ISO 639-1 code, confidence) of `text`, most likely first; cached on the text."""
    scores = _SCORES.get(text)
    if scores is None:
        # not batched beforehand (or the cache was just cleared by another thread)
        scores = _SCORES[text] = _scores(detector().compute_language_confidence_values(text))
    return scores


def _scores(values) -> tuple[tuple[str, float], ...]:
    return tuple((v.language.iso_code_639_1.name.lower(), v.value) for v in values)


def clear_cache() -> None:
    _SCORES.clear()
    judgeable.cache_clear()
    foreign_language.cache_clear()


@lru_cache(maxsize=CACHE_SIZE)
def judgeable(text: str) -> str:
    """`text` without short quotations; '' if what is left has too few ordinary words to judge."""
    kept = _QUOTES.sub(
        lambda m: m.group(0) if len(_WORD.findall(m.group(0))) >= SHORT_QUOTE_WORDS else " ",
        text,
    )
    ordinary = [w for w in _WORD.findall(kept) if len(w) > 1 and w[0].islower()]
    if len(ordinary) < MIN_WORDS:
        return ""
    return _sample(kept)


def _sample(text: str) -> str:
    """A long paragraph's opening and closing words: lingua's cost grows with the text, its
    verdict on a whole paragraph does not change, and a paragraph that switches language
    half-way still shows both languages to it."""
    if len(text) <= 2 * SAMPLE_CHARS:
        return text
    head = text[:SAMPLE_CHARS].rsplit(" ", 1)[0]
    tail = text[-SAMPLE_CHARS:].split(" ", 1)[-1]
    return f"{head} … {tail}"


@lru_cache(maxsize=CACHE_SIZE)
def foreign_language(text: str, language: str) -> tuple[str, float] | None:
    """The language `text` is written in if clearly not `language` (nor a confusable one)."""
    sample = judgeable(text)
    if not sample:
        return None
    scores = detect(sample)
    own = {language, *CONFUSABLE.get(language, ())}
    own_score = sum(value for code, value in scores if code in own)
    code, value = scores[0]
    if code in own or value < MIN_OTHER or own_score > MAX_OWN:
        return None
    return code, value


def _language_name(code: str) -> str:
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()


def _passages(version: VersionText) -> Iterator[tuple[int | None, str, str]]:
    """(paragraph index or None, where, text) for every passage worth judging."""
    if version.title:
        yield None, "The title", version.title
    if version.lede:
        yield None, "The lede", version.lede
    for index, block in enumerate(version.blocks):
        if not is_subheading(block):
            yield index, f"Paragraph {index + 1}", block
    if version.points:
        yield None, "The key points", "\n".join(version.points)


def prepare(stories: Iterable[Story]) -> None:
    """Detect every passage of `stories` the cache lacks, in one parallel lingua call."""
    detect_many(
        judgeable(text)
        for story in stories
        for version in story.versions
        for _p, _w, text in _passages(version)
    )


def check(story: Story) -> Iterator[FindingData]:
    # what the cache lacks (a new article, an edited paragraph) is detected in one batch
    prepare([story])
    for version in story.versions:
        own_name = _language_name(version.language)
        for paragraph, where, text in _passages(version):
            found = foreign_language(text, version.language)
            if found is None:
                continue
            other = _language_name(found[0])
            yield finding(
                version,
                KIND,
                BLOCKING,
                paragraph,
                f"{where} is in {other}, not {own_name}: it looks untranslated.",
                concerns=[text],
                suggestion=f"Translate it into {own_name}, or remove it.",
                data={"detected": found[0], "confidence": round(found[1], 2)},
            )
