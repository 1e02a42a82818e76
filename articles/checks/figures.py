"""Figures that do not agree across the versions of a story.

A number — an amount, a percentage, a count, a year or a day — that most
versions carry but one lacks is a figure the translation dropped or changed
("12 hours" gone, "$300 billion" turned into "$30 billion"). Numbers glued to
letters or hyphens are names, not figures ("GPT-4.5", "Grok3", "o3", "V3"),
and are left to the names check. Thousands separators and decimal commas are
normalised so "1.000", "1,000" and "1 000" are one figure.

Needs three versions at least: with two, nothing says which one is wrong.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from articles.checks.base import ADVISORY, FindingData, Story, VersionText, finding

KIND = "figure_mismatch"
MIN_VERSIONS = 3

_NUMBER = re.compile(
    r"(?<![\w.,\-/])"  # not glued to a word, a name ("GPT-4") or another number
    r"(\d{1,3}(?:(?:[.,]|\s(?=\d{3}\b))\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
    r"(?![^\W\d_])"  # nor followed by letters ("4o", "3rd" is fine to skip)
)


def normalise(raw: str) -> str:
    """'1.000' / '1,000' / '1 000' -> '1000'; '4,5' / '4.5' -> '4.5'."""
    if re.fullmatch(r"\d{1,3}(?:[.,\s]\d{3})+", raw):
        return re.sub(r"\D", "", raw)
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return raw
    return format(value.normalize(), "f")


def figures_of(text: str) -> set[str]:
    """The normalised figures in `text`."""
    return {normalise(m.group(1)) for m in _NUMBER.finditer(text)}


def figures(version: VersionText) -> dict[str, int | None]:
    """Figure -> first body block it occurs in (None if only in the title, lede or key points)."""
    found: dict[str, int | None] = {}
    parts: list[tuple[int | None, str]] = [(None, version.title), (None, version.lede)]
    parts += list(enumerate(version.blocks))
    parts.append((None, version.key_points))
    for block, text in parts:
        for match in _NUMBER.finditer(text):
            value = normalise(match.group(1))
            if found.get(value) is None:
                found[value] = block
    return found


def check(story: Story) -> Iterator[FindingData]:
    if len(story.versions) < MIN_VERSIONS:
        return
    by_version = {v.language: figures(v) for v in story.versions}
    holders: dict[str, set[str]] = defaultdict(set)
    for language, values in by_version.items():
        for value in values:
            holders[value].add(language)
    total = len(story.versions)
    for version in story.versions:
        own = by_version[version.language]
        only_here = sorted(v for v in own if holders[v] == {version.language})
        for value, languages in sorted(holders.items()):
            if version.language in languages or len(languages) * 2 <= total or len(languages) < 2:
                continue
            others = ", ".join(sorted(languages))
            message = (
                f"The figure {value} appears in the other versions ({others}) but not in this one."
            )
            if only_here:
                shown = ", ".join(only_here)
                message += f" This version has {shown} instead, which no other version has."
            blocks = [own[v] for v in only_here if own[v] is not None]
            yield finding(
                version,
                KIND,
                ADVISORY,
                min(blocks) if blocks else None,
                message,
                concerns=[value, *only_here],
                suggestion=f"Check the figure against the other versions: they say {value}.",
                data={"missing": value, "only_here": only_here},
            )
