"""Findings as the admin pages show them: where they are, which words, what can be done.

A finding is stored with the first paragraph it concerns (`Finding.paragraph`) and,
for some kinds, the words it is about (`Finding.words`: the variant spellings of a
name). The pages place a finding at every paragraph holding one of its words (a
misspelt name may be in ¶1 and ¶4), mark the words with <mark>, and offer only the
actions that apply: a fix exists for a name's spelling only, and "in every version"
only where the story has other versions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from articles import roles
from articles.editorial_checks.names import KIND as NAME_SPELLING
from articles.editorial_checks.structure import DERIVED_TITLE
from articles.models import Finding

#: The field a finding about no paragraph concerns, by kind: shown next to that field.
FIELD_OF_KIND = {
    "title_empty": "title",
    "title_too_long": "title",
    "structure_derived_title": "title",
    "slug_empty": "slug",
    "slug_collision": "slug",
    "structure_missing_lede": "lede",
    "structure_missing_key_points": "key_points",
}

#: The kinds whose suggestion `apply_suggestion` can write into the text.
APPLICABLE = frozenset({NAME_SPELLING})


def _pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(map(re.escape, words))})(?![^\W_])")


def mark(text: str, words: Iterable[str], *, paragraphs: bool = False) -> SafeString:
    """`text` escaped, with each whole-word occurrence of `words` in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        html = escape(text)
    else:
        pieces, last = [], 0
        for match in pattern.finditer(text):
            pieces += [escape(text[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
            last = match.end()
        html = "".join([*pieces, escape(text[last:])])
    # The marks are whole words, never across a line: breaking lines after marking is safe.
    return mark_safe(
        linebreaks(html, autoescape=False) if paragraphs else html.replace("\n", "<br>")
    )


def contains(text: str, words: Iterable[str]) -> bool:
    pattern = _pattern(words)
    return bool(pattern and pattern.search(text))


def place(findings: Iterable[Finding], blocks: list[str]) -> tuple[dict[int, list], list]:
    """({paragraph index: findings there}, findings about no paragraph) for one version.

    A finding with words sits at every paragraph holding one of them (at its own
    paragraph only if its words are about that paragraph: a changed figure); otherwise
    at its stored paragraph if the body still has it.
    """
    by_paragraph: dict[int, list] = {}
    general = []
    for finding in findings:
        at = [
            i for i, block in enumerate(blocks) if finding.words and contains(block, finding.words)
        ]
        if finding.detail.get("words_here_only"):  # a changed figure: its paragraph only
            at = [i for i in at if i == finding.paragraph]
        if not at and finding.paragraph is not None and finding.paragraph < len(blocks):
            at = [finding.paragraph]
        finding.paragraphs = [i + 1 for i in at]
        for index in at:
            by_paragraph.setdefault(index, []).append(finding)
        if not at:
            general.append(finding)
    return by_paragraph, general


def annotate(findings: list[Finding], *, user, article, languages: list[str]) -> list[Finding]:
    """Set what `user` may do with each finding: `can_apply`, `can_apply_everywhere`."""
    refused = set(roles.live_text_refused(user, article.pk, languages))
    may_change = user.has_perm(roles.CHANGE_TEXT)
    language_of = {v.pk: v.language for v in article.versions.all()}
    for finding in findings:
        language = language_of.get(finding.version_id)
        finding.can_apply = finding.kind in APPLICABLE and may_change and language not in refused
        finding.can_apply_everywhere = finding.can_apply and not refused and len(languages) > 1
    return findings


def derived_title_open(version_ids: Iterable[int]) -> set[int]:
    """The versions whose importer-made headline is still an open finding (the badge shows)."""
    return set(
        Finding.objects.open()
        .filter(version__in=list(version_ids), kind=DERIVED_TITLE)
        .values_list("version_id", flat=True)
    )
