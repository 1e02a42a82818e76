"""Names spelled differently across the versions of a story.

Machine translation mangles names: the seed story writes OpenAI as "Openai",
"OpenAi", "Operai" and "OpenIA", and ChatGPT as "Chatgpt". Names are found
without a dictionary, across all versions at once:

1. Words are grouped case-insensitively ("OpenAI", "Openai", "openai"), and a
   group matters only if some form of it is capitalised. Forms that differ
   only in their first letter ("Open"/"open", sentence case) are one spelling.
2. A rare group a slip or two away from a frequent, capitalised group is a
   misspelling of it (`spelling.is_slip`: neighbouring letters swapped, a letter
   doubled or undoubled, one replaced inside the word — "Operai", "OpenIA",
   "Morlaes" — but never a changed ending, first letter or accent, which is how
   names are translated and declined: "Virginie", "Europa", "Altmans",
   "Kolumbien"; never a digit: "Grok2" and "Grok3" are two things; never in
   short words: "V3", "Meta"), if it is written mid-sentence with a capital, as
   names are, never in lower case, and in one version only (a spelling two
   versions share is theirs: "Wayne" beside "Wayde" is another man). Either it is
   three times rarer and that version also writes the name properly (a version
   that always writes "Brasil" is using its language's name), or it occurs once
   in the whole story while two other versions at least spell the name alike:
   *a name misspelt once*.
3. The spelling used in the most versions (then the most often) dominates;
   each version that uses another spelling gets one finding with the counts,
   and the fix — write the dominant spelling — can be applied. A name misspelt
   once blocks publishing (a wrong name misinforms as a wrong figure does);
   variants a version keeps using ("Openai" throughout) are advisory.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from articles.editorial_checks.base import (
    ADVISORY,
    BLOCKING,
    FindingData,
    Msg,
    Story,
    VersionText,
    finding,
)
from articles.editorial_checks.spelling import is_slip, same_ending

KIND = "name_spelling"

#: Shortest name the one-letter rule applies to: shorter words collide by chance.
MIN_FUZZY_LENGTH = 5
#: A spelling must be this many times rarer than the name to count as its misspelling.
FUZZY_RATIO = 3
#: From this length a misspelling may hold two slips ("Philipines" for "Philippines").
TWO_SLIPS_LENGTH = 8

_TOKEN = re.compile(r"[^\W_]+")
#: A word opening a sentence or a quotation: after a character that ends or opens one (or a
#: line break), then spaces and at most one apostrophe or hyphen ("Openai" in ". Openai",
#: "« Openai"); or right after other punctuation ("(Openai", "/Openai"). Every other
#: occurrence is mid-sentence ("de Openai", "d'Openai", "OpenAI-CEO"). Openings are searched,
#: not mid-sentence words, because they are a few of a text's words, not most of them.
_OPENING = re.compile(
    r"[\W_](?<![ \t'’-])(?:(?<=[\s.!?:…\"“”„«»(\[¿¡])[ \t]*[ \t'’-]?)?([^\W_]+)"  # noqa: RUF001
)
#: The first word of a text, which opens it.
_FIRST_WORD = re.compile(r"[ \t]*[ \t'’-]?([^\W_]+)")  # noqa: RUF001


@dataclass(slots=True)
class _Group:
    """All occurrences of one case-insensitive word, by exact form and language."""

    key: str
    #: (form, language) -> occurrences
    occurrences: dict = field(default_factory=dict)
    #: (form, language) pairs written mid-sentence at least once
    named_at: set = field(default_factory=set)
    lowercase: bool = False

    @property
    def mid_sentence(self) -> bool:
        return any(not form.islower() for form, _lang in self.named_at)

    @property
    def counts(self) -> Counter:
        counts: Counter = Counter()
        for (form, _language), n in self.occurrences.items():
            counts[form] += n
        return counts

    @property
    def languages(self) -> dict[str, set[str]]:
        languages: dict[str, set[str]] = defaultdict(set)
        for form, language in self.occurrences:
            languages[form].add(language)
        return languages

    @property
    def total(self) -> int:
        return sum(self.occurrences.values())

    def spread(self) -> set[str]:
        return {language for _form, language in self.occurrences}

    def names_only(self) -> _Group | None:
        """Keep the occurrences in the versions where the word is written as a name.

        A version writes it as a name when it capitalises a letter inside the word
        ("OpenAI") or capitalises it mid-sentence ("von Openai"), or — once another
        version has named it — capitalises a long word it never writes in lower
        case ("Openai" opening a sentence). Elsewhere it is an ordinary word, in
        sentence case too: Indonesian "Ia berkata" (he says) is not French "IA" (AI).
        Returns None if no version names it.
        """
        named = {
            lang
            for form, lang in self.occurrences
            if ((form, lang) in self.named_at and form[0].isupper())
            or any(map(str.isupper, form[1:]))
        }
        if not named:
            return None
        languages = {lang for _form, lang in self.occurrences}
        if len(self.key) >= MIN_FUZZY_LENGTH:
            lower = {lang for form, lang in self.occurrences if form.islower()}
            named |= languages - lower
        if named != languages:
            self.occurrences = {
                (form, lang): n for (form, lang), n in self.occurrences.items() if lang in named
            }
        return self


def _parts(version: VersionText) -> Iterator[tuple[int | None, str]]:
    yield None, version.title
    yield None, version.lede
    yield from enumerate(version.blocks)
    yield None, version.key_points


#: language -> (index, words) of each body block, for `_first_block`.
Blocks = dict[str, list[tuple[int, list[str]]]]


def _groups(story: Story) -> tuple[dict[str, _Group], Blocks]:
    """Group the words some version capitalises; plain lower-case words cost one count each.
    Returns the groups, and the words of each version's body blocks (`_first_block`).

    Version by version, the words of all its parts are counted at once and only its
    capitalised forms are visited one by one; a second pass finds the lower-case words
    that are the key of a group ("openai" where another version writes "OpenAI") by
    intersecting each version's words with the group keys. A group lists its forms in
    the order they were met, version by version.
    """
    groups: dict[str, _Group] = {}
    read: list[tuple[str, Counter]] = []
    blocks: Blocks = {}
    for version in story.versions:
        language = version.language
        counts: Counter = Counter()
        blocks[language] = []
        opening: Counter = Counter()  # the words' occurrences that open a sentence
        for block, text in _parts(version):
            if not text or _shouting(text):
                continue
            words = _TOKEN.findall(text)
            counts.update(words)
            if block is not None:
                blocks[language].append((block, words))
            opening.update(_OPENING.findall(text))
            if first := _FIRST_WORD.match(text):
                opening[first[1]] += 1
        read.append((language, counts))
        # not digits, nor a script without case
        capitalised = [f for f in counts if not f.islower() and len(f) >= 2 and f != f.lower()]
        for form in capitalised:
            key = form.lower()
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(key)
            group.occurrences[(form, language)] = counts[form]
            if counts[form] > opening[form]:  # written mid-sentence at least once
                group.named_at.add((form, language))
    keys = {key for key in groups if key.islower()}
    for language, counts in read:
        for key in counts.keys() & keys:
            group = groups[key]
            group.occurrences[(key, language)] = counts[key]
            group.lowercase = True
    return {key: g for key, g in groups.items() if g.names_only() is not None}, blocks


def _first_block(blocks: Blocks, language: str, form: str) -> int | None:
    """The first body block of `language`'s version `form` occurs in (None: only in its
    title, lede or key points). Looked up for the few forms a finding shows, not for
    every word."""
    return next((index for index, words in blocks[language] if form in words), None)


#: ASCII lower-case letters, to bound a text's lower-case count from below cheaply.
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _shouting(text: str) -> bool:
    """A headline or insert set in capitals ("MENGKRITIK META"): its case says nothing."""
    # Prose is mostly lower case: with more than a fifth of the text in ASCII lower-case
    # letters, capitals cannot outnumber lower case four to one, and counting stops here.
    encoded = text.encode()
    if 5 * (len(encoded) - len(encoded.translate(None, _ASCII_LOWER))) > len(text):
        return False
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    return upper >= 4 * lower and len(text.split()) >= 2


def _spelling(form: str) -> str:
    """Forms that differ only in the case of their first letter are one spelling."""
    return form[:1].lower() + form[1:]


def _shouted(form: str, dominant: str) -> bool:
    """A word and the same letters in capitals ("UN" / "un", "BLACK" / "black") are
    emphasis or an acronym, not a misspelling."""
    if form.lower() != dominant.lower():
        return False
    if form.isalpha() and form.isupper():
        return True  # "BLACK" in a line set in capitals
    # "UN" / "un"; a long word in capitals is emphasis, an acronym is short ("IA" / "Ia")
    return dominant.isalpha() and dominant.isupper() and (form.islower() or len(dominant) >= 5)


@dataclass
class Name:
    """A name with its spellings: form -> count and the languages using it."""

    dominant: str
    counts: Counter
    languages: dict
    #: (form, language) -> occurrences
    occurrences: Counter = field(default_factory=Counter)
    #: Forms that misspell the name once, where the other versions spell it alike.
    slips: set = field(default_factory=set)

    def variants(self, language: str) -> list[str]:
        """The forms `language`'s version uses that are not the dominant spelling."""
        main = _spelling(self.dominant)
        return [
            form
            for form in self.counts
            if _spelling(form) != main
            and language in self.languages[form]
            and not _shouted(form, self.dominant)
        ]

    def summary(self) -> str:
        totals: Counter = Counter()
        shown: dict[str, str] = {}
        for form, count in self.counts.items():
            spelling = _spelling(form)
            totals[spelling] += count
            # show a spelling by its most frequent form
            if spelling not in shown or self.counts[form] > self.counts[shown[spelling]]:
                shown[spelling] = form
        return ", ".join(f"{shown[s]} ×{n}" for s, n in totals.most_common())  # noqa: RUF001


def misspelled_names(story: Story, groups: dict[str, _Group] | None = None) -> list[Name]:
    """The names of the story that are written in more than one way, with one way dominating."""
    groups = _groups(story)[0] if groups is None else groups
    totals = {key: g.total for key, g in groups.items()}
    # merge rare slips into the frequent name they misspell
    merged_into: dict[str, _Group] = {}
    once: set[str] = set()  # groups merged as a name misspelt once
    # by first letter and length: a slip keeps the first letter and changes the length by
    # at most its number of edits
    candidates: dict[tuple[str, int], list[_Group]] = defaultdict(list)
    for group in sorted(groups.values(), key=lambda g: totals[g.key], reverse=True):
        if len(group.key) >= MIN_FUZZY_LENGTH:
            candidates[(group.key[0], len(group.key))].append(group)
    for rare in groups.values():
        if (
            rare.lowercase
            or len(rare.key) < MIN_FUZZY_LENGTH - 1  # "Mils" for "Mills"
            or not rare.mid_sentence
            or len(rare.spread()) != 1  # a spelling two versions share is theirs, not a slip
        ):
            continue
        edits = 2 if len(rare.key) >= TWO_SLIPS_LENGTH else 1
        nearby = [
            name
            for length in range(len(rare.key) - edits, len(rare.key) + edits + 1)
            for name in candidates.get((rare.key[0], length), ())
            if same_ending(name.key, rare.key)  # as `is_slip` requires, cheaply
        ]
        nearby.sort(key=lambda g: totals[g.key], reverse=True)
        for name in nearby:
            if name is rare or name.key in merged_into or rare.key in merged_into:
                continue
            if len(name.key) < MIN_FUZZY_LENGTH or not is_slip(
                name.key, rare.key, edits, keyboard=False
            ):
                continue
            if (
                totals[rare.key] == 1
                and is_slip(name.key, rare.key, edits)
                and totals[name.key] >= 2  # one against one: see `one_against_one`
                and name.spread() - rare.spread()
                and len(rare.key) >= MIN_FUZZY_LENGTH - (len(name.key) - len(rare.key))
            ):
                merged_into[rare.key] = name
                once.add(rare.key)
                break
            if (
                totals[name.key] >= FUZZY_RATIO * totals[rare.key]
                and len(name.spread()) >= 2
                and rare.spread() <= name.spread()
            ):
                merged_into[rare.key] = name
                break
    clusters: dict[str, list[_Group]] = {k: [g] for k, g in groups.items() if k not in merged_into}
    for key, target in merged_into.items():
        clusters[target.key].append(groups[key])

    names = []
    for members in clusters.values():
        if len(members) == 1 and (
            len({f for f, _l in members[0].occurrences}) == 1
            or len({_spelling(f) for f, _l in members[0].occurrences}) < 2
        ):
            continue  # one spelling only: the common case, decided without counting
        counts: Counter = Counter()
        languages: dict = defaultdict(set)
        occurrences: Counter = Counter()
        for group in members:
            occurrences.update(group.occurrences)
            counts.update(group.counts)
            for form, langs in group.languages.items():
                languages[form] |= langs
        spellings: dict[str, list[str]] = defaultdict(list)
        for form in counts:
            spellings[_spelling(form)].append(form)
        if len(spellings) < 2:
            continue

        def rank(forms: list[str], languages=languages, counts=counts) -> tuple[int, int]:
            """Versions using the spelling, then occurrences."""
            used_in = set().union(*(languages[f] for f in forms))
            return len(used_in), sum(counts[f] for f in forms)

        ranked = sorted(spellings.values(), key=rank, reverse=True)
        if rank(ranked[0]) == rank(ranked[1]):
            continue  # no spelling dominates: nothing to suggest
        dominant = max(ranked[0], key=lambda f: (not f[0].islower(), counts[f]))
        slips = {f for g in members if g.key in once for f in g.counts}
        names.append(Name(dominant, counts, languages, occurrences, slips))
    return names


def one_against_one(groups: dict[str, _Group]) -> list[tuple[_Group, _Group]]:
    """Two spellings of a name, each written once, in two versions, one a typing slip of the
    other ("Soviet" / "Svoiet"): one is wrong, and nothing says which (advisory on both)."""
    once = [
        g
        for g in groups.values()
        if not g.lowercase and len(g.key) >= MIN_FUZZY_LENGTH and g.total == 1 and g.mid_sentence
    ]
    by_start: dict[str, list[_Group]] = defaultdict(list)
    for group in once:
        by_start[group.key[0]].append(group)
    pairs = []
    for first in once:
        for second in by_start[first.key[0]]:
            if second.key <= first.key or abs(len(second.key) - len(first.key)) > 2:
                continue
            # no doubled letters here: with no version to outvote the other, "Rusia"
            # beside "Russia" is as likely the language's spelling as a slip
            edits = 2 if len(first.key) >= TWO_SLIPS_LENGTH else 1
            if first.spread() != second.spread() and is_slip(
                first.key, second.key, edits, doubling=False
            ):
                pairs.append((first, second))
    return pairs


def _tie_findings(
    story: Story, blocks: Blocks, first: _Group, second: _Group
) -> Iterator[FindingData]:
    for here, there in ((first, second), (second, first)):
        ((form, language),) = here.occurrences
        ((other, other_language),) = there.occurrences
        version = story.version(language)
        yield finding(
            version,
            KIND,
            ADVISORY,
            _first_block(blocks, language, form),
            Msg(
                gettext_noop(
                    "“%(here)s” here, “%(name)s” in the %(other_language)s version, once "
                    "each: one of the two is misspelt."
                ),
                {"here": form, "name": other, "other_language": other_language},
            ),
            concerns=[form, other],
            suggestion=Msg(
                gettext_noop("Check which spelling is right; if it is “%(name)s”, write it."),
                {"name": other},
            ),
            words=[form],
            data={
                "dominant": other,
                "variants": [form],
                "variants_by_language": {language: [form]},
            },
        )


def check(story: Story) -> Iterator[FindingData]:
    groups, blocks = _groups(story)
    for first, second in one_against_one(groups):
        yield from _tie_findings(story, blocks, first, second)
    names = misspelled_names(story, groups)
    for version in story.versions:
        for name in names:
            variants = sorted(
                name.variants(version.language),
                key=lambda f, name=name, language=version.language: (
                    -name.occurrences[(f, language)],
                    f,
                ),
            )
            if not variants:
                continue
            found_in = [_first_block(blocks, version.language, f) for f in variants]
            found_in = [index for index in found_in if index is not None]
            here = ", ".join(f"“{f}” ×{name.occurrences[(f, version.language)]}" for f in variants)  # noqa: RUF001
            # A slip made once where every other version spells the name alike misinforms
            # as a wrong figure does: it blocks. Variants a version keeps using (machine
            # translation's "Openai") are advisory: an editor may take them for a style.
            severity = BLOCKING if set(variants) <= name.slips else ADVISORY
            yield finding(
                version,
                KIND,
                severity,
                min(found_in) if found_in else None,
                Msg(
                    gettext_noop(
                        "%(name)s is spelled differently here: %(here)s. "
                        "Across the versions: %(summary)s."
                    ),
                    {"name": name.dominant, "here": here, "summary": name.summary()},
                ),
                concerns=[name.dominant, *sorted(variants)],
                suggestion=Msg(
                    gettext_noop("Write “%(name)s”, the spelling most versions use."),
                    {"name": name.dominant},
                ),
                words=variants,
                data={
                    "dominant": name.dominant,
                    "variants": variants,
                    # per language: a form is only replaced where it was counted as this
                    # name (Indonesian "ia" stays when French "Ia" is fixed to "IA")
                    "variants_by_language": {
                        v.language: name.variants(v.language) for v in story.versions
                    },
                },
            )
