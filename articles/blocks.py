"""A body's blocks, as every reader of a text counts them: the site, the checks, the review
page, the importer and the XLIFF round trip. Plain text in, plain text out (no models), so
the lowest modules can use it too.
"""

from __future__ import annotations

import re

#: A block that starts with this is a subheading.
SUBHEADING_PREFIX = "## "

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_body(body: str) -> list[str]:
    """The blocks of a body: separated by a blank line; line endings from a browser (\\r\\n)
    count the same as the importer's; empty blocks are dropped.
    """
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip() for block in _BLANK_LINE.split(text) if block.strip()]
