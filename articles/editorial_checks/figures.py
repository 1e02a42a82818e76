"""Figures that do not agree across the versions of a story, paragraph by paragraph.

A translation that says "12" where the story says "18" misinforms readers as
surely as an untranslated paragraph: that is a *changed figure*, and it blocks
publishing. The figures are read as quantities (`quantities`: each language's
separators, scale and number words, unit conversions; times and references
are not figures) and compared as multisets per aligned paragraph
(`alignment`), so one changed figure among many is found even when the same
value occurs elsewhere in the story.

For each pair of versions and each pair of aligned paragraphs, a figure one side
states and the other does not is a vote against the side stating it (an *extra*)
and against the other (a *lack*). A version is wrong about a figure when most of
the other versions vote so (two at least when there are three versions or more):

* a paragraph both lacking a figure and stating one the others do not, of the
  same order (within ten times), has *changed* it: blocking, with both values
  named ("12 where the others say 18") and the figure highlighted;
* a paragraph lacking one only has *dropped* it, and one stating one only has
  *added* it: not reported. Translators drop a conversion or a repeated age and
  add an explanation; on the clean dev bundle these were 33 of the 35 figure
  findings before this rule (`bench/checks_eval.py`).

With two versions, nothing says which one is right: a disagreement is reported
on both, as advisory. A version the structure check finds cut off gets no
finding (its lost figures are the truncation, said once). Titles and key
points are not compared: headlines are rewritten, not translated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from itertools import combinations

from django.utils.translation import gettext_noop

from articles.editorial_checks.alignment import align
from articles.editorial_checks.base import (
    ADVISORY,
    BLOCKING,
    THE_LEDE,
    FindingData,
    Msg,
    Story,
    VersionText,
    finding,
    paragraph_place,
)
from articles.editorial_checks.quantities import Quantity, quantities
from articles.editorial_checks.structure import shortness

KIND = "figure_mismatch"
#: A value given instead of another at most this many times larger or smaller is the same
#: figure changed ("2000" written "200" included); further apart they are two figures.
SAME_ORDER = 10


def _units(version: VersionText) -> list[tuple[int | None, str]]:
    """(body block or None for the lede, text): what is aligned and compared."""
    units: list[tuple[int | None, str]] = []
    if version.lede.strip():
        units.append((None, version.lede))
    units += list(enumerate(version.blocks))
    return units


def _unmatched(mine: list[Quantity], theirs: list[Quantity]) -> list[Quantity]:
    """The figures of `mine` (not the soft ones) that `theirs` does not state, one for one."""
    pool = list(theirs)
    left = []
    for quantity in mine:  # the same value first, so a conversion does not take another's match
        for k, other in enumerate(pool):
            if other.same(quantity):
                del pool[k]
                break
        else:
            left.append(quantity)
    out = []
    for quantity in left:
        for k, other in enumerate(pool):
            if quantity.matches(other):
                del pool[k]
                break
        else:
            if not quantity.soft:
                out.append(quantity)
    return out


def _values(units: list[list[Quantity]]) -> list[set]:
    return [
        {v for q in unit if not q.soft for v in (q.value, q.also) if v is not None}
        for unit in units
    ]


def check(story: Story) -> Iterator[FindingData]:
    versions = [v for v in story.versions if _units(v)]
    if len(versions) < 2:
        return
    units = {v.language: _units(v) for v in versions}
    found = {
        v.language: [quantities(text, v.language) for _i, text in units[v.language]]
        for v in versions
    }
    values = {language: _values(units) for language, units in found.items()}
    # language -> (unit, value) -> the other languages voting; and the figure as written
    extras: dict[str, dict] = defaultdict(lambda: defaultdict(set))
    lacks: dict[str, dict] = defaultdict(lambda: defaultdict(set))
    shown: dict[str, dict] = defaultdict(dict)
    readings: dict = {}  # value -> its readings ("1930s": 1930 and 30)
    for a, b in combinations(versions, 2):
        if not any(values[a.language]) and not any(values[b.language]):
            continue  # no figure on either side (words are never required): nothing to compare
        qa, qb = found[a.language], found[b.language]
        lengths_a = [len(text) for _i, text in units[a.language]]
        lengths_b = [len(text) for _i, text in units[b.language]]
        for group_a, group_b in align(
            lengths_a, lengths_b, (values[a.language], values[b.language])
        ):
            if not group_a or not group_b:
                continue  # a paragraph one side does not have: the structure check's concern
            if not any(values[a.language][i] for i in group_a) and not any(
                values[b.language][j] for j in group_b
            ):
                continue  # no figure on either side: number words alone are never required
            mine = [(i, q) for i in group_a for q in qa[i]]
            theirs = [(j, q) for j in group_b for q in qb[j]]
            # what one side states and the other does not: its extras, the other's lacks
            only_a = _unmatched([q for _i, q in mine], [q for _j, q in theirs])
            only_b = _unmatched([q for _j, q in theirs], [q for _i, q in mine])
            for (one, own, group, extra), (other, lack) in (
                ((a, mine, group_a, only_a), (b, only_b)),
                ((b, theirs, group_b, only_b), (a, only_a)),
            ):
                for quantity in extra:
                    unit = next(i for i, q in own if q is quantity)
                    extras[one.language][(unit, quantity.value)].add(other.language)
                    shown[one.language].setdefault(quantity.value, quantity.text)
                    readings[quantity.value] = {quantity.value, quantity.also} - {None}
                for quantity in lack:
                    lacks[one.language][(group[0], quantity.value)].add(other.language)
                    shown[one.language].setdefault(quantity.value, quantity.text)
                    readings[quantity.value] = {quantity.value, quantity.also} - {None}
    for version in versions:
        others = [v for v in versions if v is not version]
        if len(others) >= 2 and shortness(version, others):
            continue  # cut off: the structure check says so, the lost figures would repeat it
        needed = max(2, len(others) // 2 + 1) if len(others) >= 2 else 1
        language = version.language
        by_unit: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
        for (unit, value), voters in extras[language].items():
            if len(voters) >= needed:
                by_unit[unit][0].append(value)
        for (unit, value), voters in lacks[language].items():
            if len(voters) >= needed:
                by_unit[unit][1].append(value)
        for unit in sorted(by_unit):
            here, missing = _changed(*by_unit[unit], readings)
            if not (here and missing):
                continue  # dropped or added alone, or not one figure changed: see above
            yield _finding(
                version,
                units[language][unit][0],
                [shown[language][v] for v in here],
                [shown[language][v] for v in missing],
                single=len(others) == 1,
            )


def _changed(extra: list, lacking: list, readings: dict) -> tuple[list, list]:
    """The values given instead of others of the same order (within `SAME_ORDER` times):
    a figure changed. A year beside a count, or a sum beside its lost scale word, are two
    figures a translation wrote differently, not one changed."""

    def same_order(x, y) -> bool:
        return any(_same_order(a, b) for a in readings[x] for b in readings[y])

    here = sorted({x for x in extra for y in lacking if same_order(x, y)})
    missing = sorted({y for y in lacking for x in extra if same_order(x, y)})
    return here, missing


def _same_order(x: Decimal, y: Decimal) -> bool:
    if not x or not y:
        return x == y
    ratio = abs(x / y)
    return 1 / Decimal(SAME_ORDER) <= ratio <= SAME_ORDER


def _finding(version, block, here, missing, *, single) -> FindingData:
    """A changed figure: blocking, unless two versions only disagree (advisory)."""
    where = THE_LEDE if block is None else paragraph_place(block)
    params = {"where": where, "here": ", ".join(here), "missing": ", ".join(missing)}
    if single:
        text = gettext_noop("%(where)s gives %(here)s where the other version gives %(missing)s.")
    else:
        text = gettext_noop("%(where)s gives %(here)s where the other versions give %(missing)s.")
    return finding(
        version,
        KIND,
        ADVISORY if single else BLOCKING,
        block,
        Msg(text, params),
        concerns=[*missing, "|", *here],
        suggestion=Msg(
            gettext_noop("Check the figures against the other versions: they say %(missing)s."),
            {"missing": ", ".join(missing)},
        ),
        data={"missing": missing, "only_here": here},
        words=here,
        words_here_only=True,
    )
