"""Names from outside (a bundle's file names) made safe to print.

A file name may hold any character but "/" and NUL: an ANSI/OSC escape
sequence or a line break in it would reach the operator's terminal as
colours, a retitled window or a forged report line ("FAKE 0 created, 0
failed.txt"). Wherever a name is shown (the import's table, its progress bar
and log, the admin) its control and format characters are written as
escapes, the way the JSON report already writes them.
"""

from __future__ import annotations

import unicodedata

# Controls (C0, C1), format characters (bidi overrides, zero-width), lone surrogates
# (undecodable bytes of a name) and line/paragraph separators.
_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def printable(text: str) -> str:
    """`text` with every control, format or lone-surrogate character as \\xNN/\\uNNNN."""
    if text.isprintable():
        return text  # the usual case, in one scan
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
