"""Figures that do not agree across the versions of a story.

A number — an amount, a percentage, a count, a year or a day — that most
versions carry but one lacks is a figure the translation dropped or changed
("12 hours" gone, "$300 billion" turned into "$30 billion"). Numbers glued to
letters or hyphens are names, not figures ("GPT-4.5", "Grok3", "o3", "V3"),
and are left to the names check. Thousands separators and decimal commas are
normalised so "1.000", "1,000" and "1 000" are one figure.

Needs three versions at least: with two, nothing says which one is wrong.
One finding per version lists every figure it lacks; a version the structure
check finds cut off gets none (its lost figures are the truncation, said once).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

from articles.checks.base import ADVISORY, FindingData, Msg, Story, VersionText, finding
from articles.checks.structure import shortness

KIND = "figure_mismatch"
MIN_VERSIONS = 3

_FIGURE = re.compile(
    r"(?<![\w.,:\-/])(?:"  # not glued to a word, a name ("GPT-4") or another number
    # a time: 12:30, 12h30, 12.30 Uhr / WIB
    r"(?P<hour>\d{1,2})(?::|h|\.(?=\d{2}\s?(?:uhr|wib|wita|wit)\b))(?P<minute>\d{2})"
    # a numeric date: 21.11.2026, 21/11/2026, 11/21/26
    r"|(?P<d1>\d{1,2})[./-](?P<d2>\d{1,2})[./-](?P<year>\d{4}|\d{2})"
    # a number: 1,000 / 1.000 / 1 000 / 4.5 / 4,5 / 12 — with an ordinal ending (21st, 21e)
    # or a unit written against it (12h, 100km, 5bn), as some languages do and others not
    r"|(?P<number>\d{1,3}(?:(?:[.,]|\s(?=\d{3}\b))\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
    r"(?:st|nd|rd|th|er|re|ème|e|º|ª|h|km|kg|cm|mm|m|g|mb|gb|tb|bn|mn|k|x)?"
    r")(?![^\W\d_])",  # nor followed by letters ("4o")
    re.IGNORECASE,
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


def _values(match: re.Match) -> list[str]:
    """The figures one match stands for, in a form every language shares."""
    if match["hour"]:
        return [f"{int(match['hour'])}:{match['minute']}"]
    if match["year"]:
        # Day and month order differ by country and month names differ by language:
        # keep the year, and the day when it cannot be a month.
        days = [d for d in (match["d1"], match["d2"]) if int(d) > 12]
        return [str(int(d)) for d in days] + [match["year"]]
    return [normalise(match["number"])]


def figures_of(text: str) -> set[str]:
    """The normalised figures in `text`."""
    return {value for match in _FIGURE.finditer(text) for value in _values(match)}


def figures(version: VersionText) -> dict[str, int | None]:
    """Figure -> first body block it occurs in (None if only in the title, lede or key points)."""
    found: dict[str, int | None] = {}
    parts: list[tuple[int | None, str]] = [(None, version.title), (None, version.lede)]
    parts += list(enumerate(version.blocks))
    parts.append((None, version.key_points))
    for block, text in parts:
        for match in _FIGURE.finditer(text):
            for value in _values(match):
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
        others = [v for v in story.versions if v is not version]
        if shortness(version, others):
            continue  # cut off: the structure check says so, the lost figures would repeat it
        own = by_version[version.language]
        missing = sorted(
            value
            for value, languages in holders.items()
            if version.language not in languages
            and len(languages) >= 2
            and len(languages) * 2 > total
        )
        if not missing:
            continue
        only_here = sorted(v for v in own if holders[v] == {version.language})
        shown = ", ".join(missing)
        if len(missing) == 1:
            text = gettext_noop(
                "The figure %(missing)s appears in most other versions but not in this one."
            )
        else:
            text = gettext_noop(
                "The figures %(missing)s appear in most other versions but not in this one."
            )
        message = Msg(text, {"missing": shown})
        if only_here:
            message = Msg(
                gettext_noop(
                    "%(first)s This version has %(only_here)s instead, which no other version has."
                ),
                {"first": message, "only_here": ", ".join(only_here)},
            )
        blocks = [own[v] for v in only_here if own[v] is not None]
        yield finding(
            version,
            KIND,
            ADVISORY,
            min(blocks) if blocks else None,
            message,
            concerns=[*missing, "|", *only_here],
            suggestion=Msg(
                gettext_noop("Check the figures against the other versions: they say %(missing)s."),
                {"missing": shown},
            ),
            data={"missing": missing, "only_here": only_here},
        )
