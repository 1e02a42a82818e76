"""Structure that does not match the sibling versions.

A translation far shorter than its siblings was most likely cut off; a lede
or key points that every other version has were most likely lost on the way;
a title the importer derived from the text has not been chosen by anyone yet
(until an editor writes another one, or dismisses the finding to keep it).
All advisory: an editor may have shortened a version on purpose (and then
dismisses the finding, which holds until the body changes again).
"""

from __future__ import annotations

from collections.abc import Iterator
from statistics import median

from articles.checks.base import ADVISORY, FindingData, Story, VersionText, finding, is_subheading

SHORT = "structure_short"
MISSING_LEDE = "structure_missing_lede"
MISSING_KEY_POINTS = "structure_missing_key_points"
DERIVED_TITLE = "structure_derived_title"

#: Below this share of the siblings' median a version is "far" shorter. Languages differ in
#: length by up to about a third (German runs long, English short), never by half.
SHORT_RATIO = 0.5
#: Paragraph counts are only compared when the siblings have at least this many.
MIN_PARAGRAPHS = 4


def _paragraphs(blocks: list[str]) -> int:
    return sum(1 for b in blocks if not is_subheading(b))


def check(story: Story) -> Iterator[FindingData]:
    versions = story.versions
    for version in versions:
        others = [v for v in versions if v is not version]
        if version.title_derived and _still_derived(version):
            yield finding(
                version,
                DERIVED_TITLE,
                ADVISORY,
                None,
                f"The title “{version.title}” was made up by the importer from the text; nobody has reviewed it.",
                concerns=[version.title],
                suggestion="Write a headline, or dismiss this if the title is right.",
            )
        if not others:
            continue
        yield from _missing(version, others, "lede", MISSING_LEDE, "a lede (standfirst)")
        yield from _missing(version, others, "key_points", MISSING_KEY_POINTS, "key points")
        reasons = shortness(version, others)
        if reasons:
            yield finding(
                version,
                SHORT,
                ADVISORY,
                None,
                f"This version is much shorter than the others ({'; '.join(reasons)}): "
                "the translation may have been cut off.",
                concerns=[version.body],
                suggestion="Compare it with the other versions and translate what is missing.",
            )


def shortness(version: VersionText, others: list[VersionText]) -> list[str]:
    """Why `version` looks cut off next to `others` (empty if it does not)."""
    with_body = [v for v in others if v.body.strip()]
    if not with_body:
        return []
    length, usual_length = len(version.body), median(len(v.body) for v in with_body)
    count = _paragraphs(version.blocks)
    usual_count = median(_paragraphs(v.blocks) for v in with_body)
    reasons = []
    if length < SHORT_RATIO * usual_length:
        reasons.append(
            f"{length} characters of body where the others have about {usual_length:.0f}"
        )
    if usual_count >= MIN_PARAGRAPHS and count < SHORT_RATIO * usual_count:
        reasons.append(
            f"{count} paragraph{'' if count == 1 else 's'} where the others have about {usual_count:g}"
        )
    return reasons


def _still_derived(version: VersionText) -> bool:
    """The importer's title is the opening of the lede (or body), maybe cut with "…"; once an
    editor writes another headline it is not, whether or not they untick "title derived"."""
    title = " ".join(version.title.split()).rstrip("…").rstrip(". ")
    opening = " ".join((version.lede or (version.blocks[0] if version.blocks else "")).split())
    return bool(title) and opening.startswith(title)


def _missing(version, others, field: str, kind: str, what: str) -> Iterator[FindingData]:
    having = [v.language for v in others if getattr(v, field).strip()]
    if getattr(version, field).strip() or not having or len(having) * 2 < len(others):
        return
    yield finding(
        version,
        kind,
        ADVISORY,
        None,
        f"This version has no {what}; the {', '.join(having)} version{'s' if len(having) > 1 else ''} "
        f"{'have' if len(having) > 1 else 'has'} one.",
        concerns=[],
        suggestion=f"Translate the {what} from another version.",
    )
