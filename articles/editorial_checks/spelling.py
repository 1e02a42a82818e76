"""Whether one spelling of a name is a typing slip of another, or a translation of it.

Misspellings and translations of a name both differ from it by a letter or two,
but not in the same way:

* a **slip** swaps two neighbouring letters ("Morlaes", "Bethedsa"), doubles or
  undoubles one ("Yunann", "Philipines"), or hits the key next to the right one
  inside the word ("Brexot");
* a **translation, transliteration or declension** changes the ending ("Virginia"
  / "Virginie", "Europe" / "Europa", "Altman" / "Altmans", "Trumpnya"), the first
  letter ("Colombia" / "Kolumbien"), an accent ("Zürich" / "Zurich"), or one
  letter the languages spell differently ("Brazil" / "Brasil", "Iraq" / "Irak").

So a slip is one to `max_edits` of the first kind (a replaced letter only alone),
never touching the first or the last letter except by swapping the last two
("OpenIA"), and never a digit ("Grok2" / "Grok3" are two things).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import pairwise

#: Keys next to each other on the keyboards the site languages type on (QWERTY, QWERTZ,
#: AZERTY): a replaced letter is a slip only if it is a neighbouring key.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {frozenset(("y", "z")), frozenset(("a", "q")), frozenset(("z", "w"))}
for _upper, _lower in pairwise(_ROWS):
    for _i, _key in enumerate(_lower):
        _NEIGHBOURS.update(frozenset((_key, k)) for k in _upper[_i : _i + 2])
for _row in _ROWS:
    _NEIGHBOURS.update(frozenset(p) for p in pairwise(_row))
#: Neighbouring keys that are also a spelling convention between the languages.
_NEIGHBOURS -= {frozenset("sz")}  # "Brazil" / "Brasil", "organization" / "organisation"


def _fold(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )


def _edits(word: str, doubling: bool) -> set[str]:
    """Every spelling one slip away from `word` (see the module docstring)."""
    out = set()
    last = len(word) - 1
    for i in range(1, last):  # a neighbouring pair swapped, the first letter kept
        if word[i] != word[i + 1]:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for i in range(
        1, last + 1 if doubling else 1
    ):  # a letter doubled, or a double letter undoubled
        if i < last:
            out.add(word[:i] + word[i] + word[i:])
        if word[i] == word[i - 1] and i < last + 1:
            out.add(word[:i] + word[i + 1 :])
    return out


def _substituted(a: str, b: str, keyboard: bool) -> bool:
    """One letter inside the word replaced by a neighbouring key ("Brexot"); a letter the
    languages write for one another ("Brasil", "Irak", "Parlament") is no neighbour."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) != 1 or not 0 < diff[0] < len(a) - 1:
        return False
    pair = frozenset((a[diff[0]], b[diff[0]]))
    return pair in _NEIGHBOURS if keyboard else all(ch.isascii() for ch in pair)


def _differing(a: str, b: str) -> int:
    """The length of the longer of the two middles left once the common start and end
    are set aside: a bound on where slips can be."""
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return max(len(a), len(b)) - start - end


def _letters_apart(a: str, b: str) -> int:
    """How many letters one word has that the other has not, counted both ways."""
    first, second = Counter(a), Counter(b)
    return (first - second).total() + (second - first).total()


def same_ending(name: str, other: str) -> bool:
    """The same last letter, or the last two swapped ("OpenIA"): a slip keeps the ending."""
    return name[-1:] == other[-1:] or (len(name) == len(other) and name[-2:] == other[-2:][::-1])


def is_slip(
    name: str, other: str, max_edits: int = 1, *, keyboard: bool = True, doubling: bool = True
) -> bool:
    """Whether `other` is `name` with one to `max_edits` slips (both in lower case).

    `keyboard=False` takes any replaced letter inside the word (not an accented one): for a
    spelling a version keeps beside the right one, as machine translation writes
    "Operai" for "OpenAI"; a spelling seen once must be a typing slip. `doubling=False`
    leaves out doubled letters, which languages also differ by ("Russia" / "Rusia")."""
    if name == other or name[:1] != other[:1] or abs(len(name) - len(other)) > max_edits:
        return False
    if not same_ending(name, other):
        return False  # the ending changed: a declension ("Englishs"), not a slip
    if _differing(name, other) > 2 * max_edits + 1:
        return False  # cheaply: far more than a slip apart
    if any(ch.isdigit() for ch in name + other) or _fold(name) == _fold(other):
        return False
    if _substituted(name, other, keyboard):
        return True
    if _letters_apart(name, other) > max_edits:
        return False  # cheaply: a swap moves no letter, a doubling adds one, a replaced one two
    # A replaced letter goes with a swap only: after a doubling it would make any inserted
    # letter ("Singapur" / "Singapour", "Sanford" / "Sandford").
    frontier = {name}
    for _ in range(max_edits):
        frontier = {edited for word in frontier for edited in _edits(word, doubling)}
        if other in frontier:
            return True
    if max_edits >= 2 and keyboard:  # a swap and a neighbouring key ("Denenhmas")
        return any(_substituted(word, other, keyboard) for word in _edits(name, False))
    return False
