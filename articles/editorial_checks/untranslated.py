"""Untranslated passages: a paragraph whose language is not its version's.

Machine translation leaves quotes, boilerplate and whole paragraphs in the
source language. Each paragraph (and the title, lede and key points) is run through
lingua on its own. Not flagged, because an editor would call it noise:
paragraphs too short to judge, quotations of a few words left in the
original, and product or proper names (capitalised words are not counted as
evidence). Confusable languages count as the version's own: Indonesian text
is sometimes detected as Malay, Spanish as Portuguese or Catalan.

The detector is the importer's (site languages plus confusable ones, built
once per process), and so is the sample it reads of a passage
(`language.judgeable`): the importer reads judgeable blocks the same way, scores
the check's other passages (a derived title, the key points as one text) in
the same run, and hands the scores over (`PassageScores`), so the checks an
import runs detect nothing again. Detection is cached per sample, so
re-running the checks after an edit only detects the paragraphs that changed;
what is not cached is detected in one parallel lingua call.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_noop

from articles.editorial_checks.base import (
    BLOCKING,
    THE_KEY_POINTS,
    THE_LEDE,
    THE_TITLE,
    FindingData,
    Msg,
    Story,
    VersionText,
    finding,
    is_subheading,
    paragraph_place,
)
from articles.language import PassageScores, Scores, judgeable, score_samples

KIND = "untranslated"

#: Languages a site language's text may be mistaken for; they count as that language.
COUNTS_AS_OWN = {"id": ("ms",), "es": ("pt", "ca"), "fr": (), "de": ("nl",), "en": ()}
#: The other language must be this sure, and the version's own language (with its
#: confusables) this unlikely, before a paragraph is called untranslated.
MIN_OTHER = 0.7
MAX_OWN = 0.2

#: Sample text -> lingua's scores. Bounded by clearing it: a newsroom's working set
#: (the paragraphs of the articles being edited) is far smaller.
_SCORES: dict[str, Scores] = {}
CACHE_SIZE = 8192


def detect_many(samples: Iterable[str], known: PassageScores | None = None) -> None:
    """Score every sample not scored yet: from `known` (the importer's) if it has them,
    the rest in one lingua call that uses every core."""
    wanted = list(dict.fromkeys(s for s in samples if s))
    missing = [s for s in wanted if s not in _SCORES]
    if not missing:
        return
    if len(_SCORES) + len(missing) > CACHE_SIZE:
        # Make room, but keep what these samples already have: clearing it all made the
        # checks that follow detect those passages again, one story at a time.
        kept = {s: _SCORES[s] for s in wanted if s in _SCORES}
        _SCORES.clear()
        _SCORES.update(kept)
    _SCORES.update(score_samples(missing, known))


def detect(text: str) -> Scores:
    """(ISO 639-1 code, confidence) of `text`, most likely first; cached on the text."""
    scores = _SCORES.get(text)
    if scores is None:
        # not batched beforehand (or the cache was just cleared by another thread)
        scores = _SCORES[text] = score_samples([text])[text]
    return scores


def clear_cache() -> None:
    _SCORES.clear()
    judgeable.cache_clear()


def foreign_language(text: str, language: str) -> tuple[str, float] | None:
    """The language `text` is written in if clearly not `language` (nor a confusable one)."""
    sample = judgeable(text)
    if not sample:
        return None
    scores = detect(sample)
    own = {language, *COUNTS_AS_OWN.get(language, ())}
    own_score = sum(value for code, value in scores if code in own)
    code, value = scores[0]
    if code in own or value < MIN_OTHER or own_score > MAX_OWN:
        return None
    return code, value


def _passages(version: VersionText) -> Iterator[tuple[int | None, Msg, str]]:
    """(paragraph index or None, where, text) for every passage worth judging."""
    if version.title:
        yield None, THE_TITLE, version.title
    if version.lede:
        yield None, THE_LEDE, version.lede
    for index, block in enumerate(version.blocks):
        if not is_subheading(block):
            yield index, paragraph_place(index), block
    if version.points:
        yield None, THE_KEY_POINTS, "\n".join(version.points)


def prepare(stories: Iterable[Story], known: PassageScores | None = None) -> None:
    """Detect every passage of `stories` the cache lacks (and `known` does not hold),
    in one parallel lingua call."""
    detect_many(
        (
            judgeable(text)
            for story in stories
            for version in story.versions
            for _p, _w, text in _passages(version)
        ),
        known,
    )


def check(story: Story) -> Iterator[FindingData]:
    # what the cache lacks (a new article, an edited paragraph) is detected in one batch
    prepare([story])
    for version in story.versions:
        for paragraph, where, text in _passages(version):
            found = foreign_language(text, version.language)
            if found is None:
                continue
            yield finding(
                version,
                KIND,
                BLOCKING,
                paragraph,
                Msg(
                    gettext_noop(
                        "%(where)s is in %(found_language)s, not %(own_language)s: it looks untranslated."
                    ),
                    {"where": where, "found_language": found[0], "own_language": version.language},
                ),
                concerns=[text],
                suggestion=Msg(
                    gettext_noop("Translate it into %(own_language)s, or remove it."),
                    {"own_language": version.language},
                ),
                data={"detected": found[0], "confidence": round(found[1], 2)},
            )
