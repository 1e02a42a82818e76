"""Which paragraphs of two versions of a story say the same thing.

A translation keeps the order of its paragraphs but not always their number: a
translator merges two, splits one, drops or adds one. Paragraphs are aligned the
way sentence aligners do it (Gale and Church, 1993): a dynamic programme over
the two sequences whose steps pair one paragraph with one, one with two, two with
one, or leave one unpaired, each costing how far the pair's lengths are from the
ratio of the two whole texts (a German text runs longer than an English one by
about the same share throughout), less a bonus for what the pair shares (figures),
so that two paragraphs of unusual length still meet their counterparts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import accumulate

#: Leaving a paragraph unpaired costs this much: about a length mismatch of e^1.5.
SKIP = 1.5
#: Pairing one paragraph with two costs this much more than one with one.
MERGE = 0.4
#: With as many paragraphs on both sides, none of them further than this from its
#: counterpart's length (a third), the alignment is one to one and is not searched.
FAST_PATH = 0.3
#: The steps into a cell (paragraphs taken from each side), from the earliest cell they
#: leave: two with one, one with two, one with one, one unpaired on either side.
_WAYS_IN = ((2, 1), (1, 2), (1, 1), (1, 0), (0, 1))

Group = tuple[int, ...]


def align(
    first: Sequence[int],
    second: Sequence[int],
    marks: tuple[Sequence[set], Sequence[set]] | None = None,
) -> list[tuple[Group, Group]]:
    """Pairs of (indexes in `first`, indexes in `second`), in order; `first` and `second` are
    the paragraphs' lengths; `marks`, for each side, what each paragraph states (its figures):
    two groups get a bonus for the share of the first group's marks the second states too.
    A paragraph left unpaired appears with an empty group on the other side."""
    n, m = len(first), len(second)
    ratio = (sum(second) + 1) / (sum(first) + 1)
    if n == m and all(
        abs(math.log((b + 20) / (a * ratio + 20))) < FAST_PATH
        for a, b in zip(first, second, strict=True)
    ):
        # as many paragraphs, each of about its counterpart's length: the usual case
        return [((i,), (i,)) for i in range(n)]
    # A group's length is a difference of running totals (the same integers as a sum).
    before_a, before_b = list(accumulate(first, initial=0)), list(accumulate(second, initial=0))
    # What each paragraph and each two in a row state, united once rather than at every cell.
    united = None if marks is None else (_united(marks[0]), _united(marks[1]))
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for a in range(n + 1):
        for b in range(m + 1):
            best, move = cost[a][b], step[a][b]
            # Each cell's cheapest way in; on a tie, the way from the earliest cell wins.
            for di, dj in _WAYS_IN:
                i, j = a - di, b - dj
                if i < 0 or j < 0:
                    continue
                if di and dj:
                    length_a = (before_a[a] - before_a[i]) * ratio
                    length_b = before_b[b] - before_b[j]
                    value = abs(math.log((length_b + 20) / (length_a + 20)))
                    if di + dj == 3:
                        value += MERGE
                    if united is not None:
                        value -= 0.5 * _shared(united[0][i][di - 1], united[1][j][dj - 1])
                else:
                    value = SKIP
                if cost[i][j] + value < best:
                    best, move = cost[i][j] + value, (di, dj)
            cost[a][b], step[a][b] = best, move
    pairs: list[tuple[Group, Group]] = []
    i, j = n, m
    while i or j:
        di, dj = step[i][j]
        pairs.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return pairs[::-1]


def _united(marks: Sequence[set]) -> list[tuple[set, set]]:
    """For each paragraph, what it states, and what it and the next one state together."""
    return [(mark, mark.union(*marks[k + 1 : k + 2])) for k, mark in enumerate(marks)]


def _shared(first: set, second: set) -> float:
    """The share of what `first` states that `second` states too (0 to 1)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first)
