"""The body and key points as structure for templates: plain text in, plain data out.

Stored text is never HTML. The body is blocks separated by a blank line; a
block starting with "## " is a subheading. Key points are one per line.
Templates get lists of `Block`s and strings and escape every one of them
(autoescaping; never `|safe`), so nothing stored can become markup.

`passage_languages` is the hook for passages in another language than the
version's (an untranslated paragraph an editor chose to publish): it maps a
block's index (as `Finding.paragraph` counts them) to its language code, and
the template puts that code in the block's `lang` attribute. Nothing is
detected here: rendering stays cheap; the importer records the languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from articles.models import SUBHEADING_PREFIX

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKER = re.compile(r"^[-•*]\s+")  # "- point", "• point"; not "-5% growth"


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" or "subheading"
    text: str
    lang: str = ""  # set only when the passage is in another language than the page


def body_blocks(
    body: str, page_language: str = "", passage_languages: Mapping[int, str] | None = None
) -> list[Block]:
    """The body's blocks, in order; `lang` set where a passage's language differs from the page's."""
    passage_languages = passage_languages or {}
    blocks = []
    for index, raw in enumerate(_split_blocks(body)):
        lang = passage_languages.get(index, "")
        lang = "" if lang == page_language else lang
        if raw.startswith(SUBHEADING_PREFIX):
            blocks.append(Block("subheading", raw.removeprefix(SUBHEADING_PREFIX).strip(), lang))
        else:
            blocks.append(Block("paragraph", raw, lang))
    return blocks


def key_point_lines(key_points: str) -> list[str]:
    """The key points, one per non-blank line, without list markers a writer typed."""
    lines = (_MARKER.sub("", line.strip()) for line in (key_points or "").splitlines())
    return [line for line in lines if line]


def _split_blocks(body: str) -> list[str]:
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip() for block in _BLANK_LINE.split(text) if block.strip()]
