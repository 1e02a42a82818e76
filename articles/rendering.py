"""The body and key points as structure for templates: plain text in, plain data out.

Stored text is never HTML. The body is blocks separated by a blank line; a
block starting with "## " is a subheading. Key points are one per line.
Templates get lists of `Block`s and strings and escape every one of them
(autoescaping; never `|safe`), so nothing stored can become markup.

`passage_languages` marks passages in another language than the version's
(an untranslated paragraph an editor chose to publish): it maps a passage's
text to its language code (`SourceDocument.objects.passage_languages`, from
the importer's detection), and the template puts that code in the passage's
`lang` attribute. Nothing is detected here, so rendering stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from articles.models import SUBHEADING_PREFIX, split_body

_MARKER = re.compile(r"^[-•*]\s+")  # "- point", "• point"; not "-5% growth"


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "subheading" or "point"
    text: str
    lang: str = ""  # set only when the passage is in another language than the page


def body_blocks(
    body: str, page_language: str = "", passage_languages: Mapping[str, str] | None = None
) -> list[Block]:
    """The body's blocks, in order; `lang` set where a passage's language differs from the page's."""
    blocks = []
    for raw in split_body(body):
        if raw.startswith(SUBHEADING_PREFIX):
            text = raw.removeprefix(SUBHEADING_PREFIX).strip()
            blocks.append(Block("subheading", text, _lang(text, page_language, passage_languages)))
        else:
            blocks.append(Block("paragraph", raw, _lang(raw, page_language, passage_languages)))
    return blocks


def key_point_lines(
    key_points: str, page_language: str = "", passage_languages: Mapping[str, str] | None = None
) -> list[Block]:
    """The key points, one per non-blank line, without list markers a writer typed."""
    lines = (_MARKER.sub("", line.strip()) for line in (key_points or "").splitlines())
    return [
        Block("point", line, _lang(line, page_language, passage_languages))
        for line in lines
        if line
    ]


def passage_lang(text: str, page_language: str, passage_languages: Mapping[str, str] | None) -> str:
    """The `lang` a passage needs: its own language when that is not the page's, else ""."""
    return _lang((text or "").strip(), page_language, passage_languages)


def _lang(text: str, page_language: str, passage_languages: Mapping[str, str] | None) -> str:
    lang = (passage_languages or {}).get(text, "")
    return "" if lang == page_language else lang
