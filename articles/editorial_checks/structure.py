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

from django.utils.translation import gettext_noop

from articles.editorial_checks.base import (
    ADVISORY,
    FindingData,
    Msg,
    Story,
    VersionText,
    finding,
    is_subheading,
)

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
                Msg(
                    gettext_noop(
                        "The title “%(title)s” was made up by the importer from the text; "
                        "nobody has reviewed it."
                    ),
                    {"title": version.title},
                ),
                concerns=[version.title],
                suggestion=Msg(gettext_noop("Write a headline, or confirm it if it is right.")),
            )
        if not others:
            continue
        yield from _missing(
            version,
            others,
            "lede",
            MISSING_LEDE,
            gettext_noop(
                "This version has no lede (standfirst); other versions have one: %(languages)s."
            ),
            gettext_noop("Translate the lede from another version."),
        )
        yield from _missing(
            version,
            others,
            "key_points",
            MISSING_KEY_POINTS,
            gettext_noop(
                "This version has no key points; other versions have them: %(languages)s."
            ),
            gettext_noop("Translate the key points from another version."),
        )
        reasons = shortness(version, others)
        if reasons:
            yield finding(
                version,
                SHORT,
                ADVISORY,
                None,
                Msg(
                    gettext_noop(
                        "This version is much shorter than the others (%(reasons)s): "
                        "the translation may have been cut off."
                    ),
                    {
                        "reasons": Msg(
                            "%(first)s; %(second)s",
                            dict(zip(("first", "second"), reasons, strict=False)),
                        )
                        if len(reasons) > 1
                        else reasons[0]
                    },
                ),
                concerns=[version.body],
                suggestion=Msg(
                    gettext_noop(
                        "Compare it with the other versions and translate what is missing."
                    )
                ),
            )


def shortness(version: VersionText, others: list[VersionText]) -> list[Msg]:
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
            Msg(
                gettext_noop("%(length)d characters of body where the others have about %(usual)d"),
                {"length": length, "usual": round(usual_length)},
            )
        )
    if usual_count >= MIN_PARAGRAPHS and count < SHORT_RATIO * usual_count:
        reasons.append(
            Msg(
                gettext_noop("%(count)d paragraph where the others have about %(usual)s")
                if count == 1
                else gettext_noop("%(count)d paragraphs where the others have about %(usual)s"),
                {"count": count, "usual": f"{usual_count:g}"},
            )
        )
    return reasons


def _still_derived(version: VersionText) -> bool:
    """The importer's title is the opening of the lede (or body), maybe cut with "…"; once an
    editor writes another headline it is not, whether or not they untick "title derived"."""
    title = " ".join(version.title.split()).rstrip("…").rstrip(". ")
    opening = " ".join((version.lede or (version.blocks[0] if version.blocks else "")).split())
    return bool(title) and opening.startswith(title)


def _missing(
    version, others, field: str, kind: str, message: str, suggestion: str
) -> Iterator[FindingData]:
    having = [v.language for v in others if getattr(v, field).strip()]
    if getattr(version, field).strip() or not having or len(having) * 2 < len(others):
        return
    yield finding(
        version,
        kind,
        ADVISORY,
        None,
        Msg(message, {"languages": ", ".join(having)}),
        concerns=[],
        suggestion=Msg(suggestion),
    )
