"""The review page's data: the chosen versions side by side, paragraphs aligned by content.

`review_grid(...)` is a selector: it reads the article, its versions, open
findings and source documents and returns plain data (dicts and lists) that
the template lays out; tested without HTTP in tests/admin/test_review_grid.py.

Which versions. Five columns do not fit a laptop, let alone a phone, so the
editor chooses (`?languages=en,fr`, or `all`); by default the source and the
languages the user works in, else the source and the version that most needs
a decision (in review, then source changed, then the first other); up to
three versions, all of them.

Alignment. Blocks are not paired by index: one version whose first paragraph
repeats its title would shift every row after it. Each column is aligned to
the first one (the source, when shown) by a global alignment (Needleman-Wunsch)
over a score of shared anchors (figures, capitalised names, both language-
independent) plus closeness of relative position; a block with no good partner
gets a row of its own. Findings keep their version's own block index.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from articles import roles, services
from articles.admin import findings as finding_display
from articles.language_names import name_in_sentence
from articles.models import (
    LANGUAGE_CODES,
    STATE_LABELS,
    SUBHEADING_PREFIX,
    Article,
    Finding,
    LanguageVersion,
    Status,
    split_body,
)
from articles.transitions import allowed

ALL = "all"
#: Up to this many versions fit side by side: with no better default, all are shown.
FEW = 3

_FIGURE = re.compile(r"\d[\d.,]*\d|\d")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+")
_WORD = re.compile(r"[^\W\d_]+")
#: Alignment weights: a shared anchor counts most, then similar length and position;
#: a pair scoring below 0 is worse than leaving both blocks unpaired.
ANCHOR_WEIGHT, LENGTH_WEIGHT, POSITION_WEIGHT, MATCH_THRESHOLD = 2.0, 0.6, 0.4, 0.5
DISJOINT_PENALTY = 0.25
#: How much better (per paragraph) the anchors' alignment must score than the in-order one
#: before two texts of as many paragraphs are shown reordered (`align`).
REORDER_MARGIN = 0.25


def anchors(text: str) -> frozenset[str]:
    """The language-independent marks of a block: its figures and names.

    A name is a word capitalised inside a sentence, or with a capital inside it
    (OpenAI, GPT): a sentence's first word is capitalised in every language."""
    figures = {re.sub(r"[.,]", "", f) for f in _FIGURE.findall(text)}
    names = set()
    for sentence in _SENTENCE.split(text):
        for k, word in enumerate(_WORD.findall(sentence)):
            if len(word) >= 3 and (
                any(c.isupper() for c in word[1:]) or (k > 0 and word[0].isupper())
            ):
                names.add(word.lower())
    return frozenset(figures | names)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def repeats(blocks: list[str], *headings: str) -> set[int]:
    """Blocks that only repeat the version's own title or lede: they pair with nothing."""
    said = {_normal(h) for h in headings if h.strip()}
    return {i for i, block in enumerate(blocks) if _normal(block) in said}


@dataclass(frozen=True)
class _Block:
    marks: frozenset
    length: int
    position: float
    repeat: bool


def _blocks(texts: list[str], skip: set[int]) -> list[_Block]:
    n = max(len(texts), 1)
    return [_Block(anchors(t), len(t), i / n, i in skip) for i, t in enumerate(texts)]


def _score(a: _Block, b: _Block) -> float:
    if a.repeat or b.repeat:
        return -1.0
    # Both marked and sharing none is evidence against the pair; no marks is no evidence.
    if a.marks and b.marks:
        shared = len(a.marks & b.marks) / len(a.marks | b.marks) - DISJOINT_PENALTY
    else:
        shared = 0.0
    length = min(a.length, b.length) / max(a.length, b.length, 1)
    closeness = 1 - abs(a.position - b.position)
    return (
        ANCHOR_WEIGHT * shared
        + LENGTH_WEIGHT * length
        + POSITION_WEIGHT * closeness
        - MATCH_THRESHOLD
    )


def align(
    reference: list[str],
    other: list[str],
    skip_reference: set[int] = frozenset(),
    skip_other: set[int] = frozenset(),
) -> list[tuple[int | None, int | None]]:
    """Pairs (reference index, other index) in reading order; None where one side has no block.

    A global alignment (Needleman-Wunsch) maximising the summed pair scores; blocks in
    `skip_*` (repeats of a title or lede) are never paired.

    Two texts with as many paragraphs (repeats aside) pair them one to one, in order, unless
    the anchors make a reordering far likelier (`REORDER_MARGIN` per paragraph): a translator
    keeps the paragraphs, and anchors alone split 17 of 75 such real pairs
    (../shared/dev_bundle, `bench/review_alignment.py`: their alignment beat the in-order one
    by at most 0.04 a paragraph; an editor's moved paragraph, by 0.7)."""
    ref, oth = _blocks(reference, skip_reference), _blocks(other, skip_other)
    n, m = len(ref), len(oth)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            match = best[i - 1][j - 1] + _score(ref[i - 1], oth[j - 1])
            best[i][j] = max(match, best[i - 1][j], best[i][j - 1])
    kept_ref = [i for i in range(n) if i not in skip_reference]
    kept_oth = [j for j in range(m) if j not in skip_other]
    if kept_ref and len(kept_ref) == len(kept_oth):
        in_order = dict(zip(kept_ref, kept_oth, strict=True))
        score = sum(_score(ref[i], oth[j]) for i, j in in_order.items())
        if best[n][m] - score <= REORDER_MARGIN * len(kept_ref):
            return _in_order(n, m, in_order)
    pairs = []
    i, j = n, m
    while i or j:
        if i and j and best[i][j] == best[i - 1][j - 1] + _score(ref[i - 1], oth[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and (not j or best[i][j] == best[i - 1][j]):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def _in_order(n: int, m: int, paired: dict[int, int]) -> list[tuple[int | None, int | None]]:
    """Reading order for `paired` (reference index -> other index), the rest on rows of their
    own just before the next pair."""
    pairs: list[tuple[int | None, int | None]] = []
    j = 0
    for i in range(n):
        if i not in paired:
            pairs.append((i, None))
            continue
        while j < paired[i]:
            pairs.append((None, j))
            j += 1
        pairs.append((i, paired[i]))
        j += 1
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def chosen_languages(
    requested: str, versions: list[LanguageVersion], source: str, user, first: str = ""
) -> list[str]:
    """The languages to show, in site order with the source first (or `first`, the one a
    phone shows)."""
    present = [v.language for v in versions]
    if requested == ALL:
        wanted = present
    elif requested:
        wanted = [code for code in requested.split(",") if code in present]
    else:
        wanted = []
    if not wanted:
        wanted = [code for code in (source, *roles.user_languages(user)) if code in present]
        if len(wanted) < 2 and len(present) <= FEW:
            wanted = present
        elif len(wanted) < 2:
            by_need = sorted(
                (v for v in versions if v.language not in wanted),
                key=lambda v: (
                    v.status != Status.IN_REVIEW,
                    not v.source_changed,
                    LANGUAGE_CODES.index(v.language),
                ),
            )
            wanted.append(by_need[0].language)
        wanted = wanted or present[:1]
    order = {code: (code != first, code != source, LANGUAGE_CODES.index(code)) for code in wanted}
    return sorted(dict.fromkeys(wanted), key=order.__getitem__)


@dataclass(frozen=True)
class Permissions:
    """What the user may do on the page (the views check each again on the server)."""

    change: bool
    submit: bool
    publish: bool
    link: bool
    override: bool
    dismiss: bool


def _cell(language: str, blocks: list[str], index: int | None, by_paragraph) -> dict:
    if index is None:
        return {"language": language, "empty": True}
    block = blocks[index]
    heading = block.startswith(SUBHEADING_PREFIX)
    text = block[len(SUBHEADING_PREFIX) :] if heading else block
    here = by_paragraph.get(index, [])
    return {
        "language": language,
        "empty": False,
        "number": index + 1,
        "text": text,
        "marked": finding_display.mark(text, [w for f in here for w in f.words]),
        "heading": heading,
        "findings": here,
    }


def _rows(columns: list[dict]) -> list[dict]:
    """Rows of aligned cells: the first column's blocks in order, the others' unmatched
    blocks in rows of their own after the block they follow."""
    if not columns:
        return []
    reference = columns[0]["blocks"]
    matched: list[dict[int, int]] = []  # per column: reference index -> its block
    extra: list[dict[int, list[int]]] = []  # per column: after reference index -> blocks
    for column in columns:
        pairs = (
            align(reference, column["blocks"], columns[0]["repeats"], column["repeats"])
            if column is not columns[0]
            else None
        )
        by_ref, after = {}, defaultdict(list)
        if pairs is None:
            by_ref = {i: i for i in range(len(reference))}
        else:
            last = -1
            for ref, own in pairs:
                if ref is not None and own is not None:
                    by_ref[ref] = own
                elif own is not None:
                    after[last].append(own)
                if ref is not None:
                    last = ref
        matched.append(by_ref)
        extra.append(after)
    rows = []
    for ref in range(-1, len(reference)):
        if ref >= 0:
            rows.append(
                {
                    "cells": [
                        _cell(c["language"], c["blocks"], matched[k].get(ref), c["by_paragraph"])
                        for k, c in enumerate(columns)
                    ]
                }
            )
        depth = max((len(e.get(ref, [])) for e in extra), default=0)
        for n in range(depth):
            rows.append(
                {
                    "cells": [
                        _cell(
                            c["language"],
                            c["blocks"],
                            extra[k][ref][n] if n < len(extra[k].get(ref, [])) else None,
                            c["by_paragraph"],
                        )
                        for k, c in enumerate(columns)
                    ]
                }
            )
    return rows


def review_grid(
    *, article: Article, user, requested: str, can: Permissions, first: str = ""
) -> dict:
    """Everything the review page shows, for `user`, with the versions `requested`
    (comma-separated codes or "all"; "" for the default) and `first` leading."""
    versions = list(article.versions.select_related("updated_by"))
    source = article.source_language
    shown = chosen_languages(requested, versions, source, user, first)
    refused = roles.text_refusals(user, article.pk, LANGUAGE_CODES)
    # A fix is offered only where one exists and this user may change the text,
    # "in every version" only if everywhere (finding_display.annotate).
    findings = defaultdict(list)
    for finding in finding_display.annotate(
        list(Finding.objects.open().filter(version__article=article)),
        user=user,
        article=article,
        languages=[v.language for v in versions],
    ):
        findings[finding.version_id].append(finding)
    derived_open = finding_display.derived_title_open(v.pk for v in versions)
    documents = defaultdict(list)
    for document in article.source_documents.order_by("-imported_at"):
        documents[document.language].append(document)
    by_language = {v.language: v for v in versions}
    columns = []
    for code in shown:
        version = by_language[code]
        blocks = split_body(version.text("body"))
        # At every paragraph holding the words a finding is about, else at its own.
        by_paragraph, general = finding_display.place(findings[version.pk], blocks)
        state = version.display_status
        columns.append(
            {
                "language": code,
                "name": services.language_name(code),
                "in_sentence": name_in_sentence(code),
                "state": state,
                "state_label": str(STATE_LABELS[state]),
                "is_source": code == source,
                "source_changed": version.source_changed,
                "title_derived": version.pk in derived_open,
                # Edits of a published version waiting to be published (`working_copies`).
                "working_copy": bool(version.pending_text),
                "published_at": version.published_at,
                "lock_version": version.lock_version,
                "link_score": version.link_score,
                "link_anchors": list(version.link_anchors or []),
                "override_reason": version.override_reason,
                "updated_by": version.updated_by.get_username() if version.updated_by else "",
                "title": version.text("title"),
                "lede": version.text("lede"),
                "key_points": [p for p in version.text("key_points").splitlines() if p.strip()],
                "attribution": version.text("source_attribution"),
                "blocks": blocks,
                "repeats": repeats(blocks, version.text("title"), version.text("lede")),
                "by_paragraph": by_paragraph,
                "general_findings": general,
                "blocking": sum(
                    f.severity == Finding.Severity.BLOCKING for f in findings[version.pk]
                ),
                "documents": documents.get(code, []),
                "refused": refused.get(code, ""),
                "can_submit": can.submit
                and allowed("submit", version.status)
                and code not in refused,
                "can_reviewed": can.submit and version.source_changed and code not in refused,
                "can_publish": can.publish and allowed("publish", version.status),
                "can_send_back": can.publish and allowed("send_back", version.status),
                "can_unpublish": can.publish and allowed("unpublish", version.status),
                "can_archive": can.publish and allowed("archive", version.status),
                "can_make_source": can.link and code != source,
                "can_detach": can.link and len(versions) > 1,
            }
        )
    return {
        "columns": columns,
        "rows": _rows(columns),
        "choices": [
            {
                "language": v.language,
                "name": services.language_name(v.language),
                "state_label": str(STATE_LABELS[v.display_status]),
                "shown": v.language in shown,
                "is_source": v.language == source,
                # The phone shows one language, the first: this one, the others kept.
                "solo": f"{','.join(dict.fromkeys([v.language, *shown]))}&first={v.language}",
            }
            for v in sorted(versions, key=lambda v: LANGUAGE_CODES.index(v.language))
        ],
        "shown": shown,
        "showing_all": len(shown) == len(versions),
        "has_general_findings": any(c["general_findings"] for c in columns),
    }
