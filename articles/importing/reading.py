"""Walking a bundle and reading its files as text, refusing anything that is not.

A file that is not read is one of two kinds, each with a one-line reason:
a `Skip` is left out by design (not `.txt`, empty, only whitespace, a
symlink leaving the bundle); a `Rejected` file could not be read as text
(undecodable, binary, too large, not a regular file), which the operator must
hear about: the import then exits 1. Nothing of either reaches the database.
Decoding is deliberately narrow: UTF-8 (with or without BOM) and UTF-16/32
*with* a BOM (read with a warning saying so). Guessing legacy encodings would
turn a corrupt file into plausible-looking mojibake in an article, which is
worse than a clear refusal.

A document's identity is the SHA-256 of its normalised text (`text_sha256`),
not of its bytes: one article saved with LF, with CRLF, with a BOM or as
UTF-16 is one text, and its copies are duplicates. The bytes' SHA-256 is
still kept with the raw text, as received.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from articles.importing import reasons
from articles.importing.reasons import reason

TEXT_SUFFIX = ".txt"

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Whitespace that is not a line break: NBSP, thin and figure spaces, tabs, …
_ODD_SPACE_CHARS = r"\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Invisible characters that only get in the way of matching: soft hyphen, zero-width, BOM.
_INVISIBLE_CHARS = r"\u00ad\u200b-\u200d\u2060\ufeff"
# Control characters a text file never holds (tab, newline, CR, FF are allowed).
_CONTROL_CHARS = r"\x00-\x08\x0e-\x1f\x7f"
_ODD_SPACES = re.compile(f"[{_ODD_SPACE_CHARS}]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
# Any of them, in one class: a search for it is one fast scan.
_UNUSUAL = re.compile(f"[{_ODD_SPACE_CHARS}{_INVISIBLE_CHARS}{_CONTROL_CHARS}]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_SPACES_AROUND_LINE_ENDS = re.compile(r" *\n *")


class BundleError(Exception):
    """The bundle itself cannot be read (a path that does not exist)."""


@dataclass(frozen=True)
class Entry:
    """One file found in a bundle: its name inside the bundle and where it is."""

    name: str
    path: Path
    root: Path


@dataclass
class ReadFile:
    """A file read successfully: its text's identity, its bytes' and its text."""

    name: str
    size: int
    sha256: str  # of the bytes
    encoding: str
    raw_text: str  # decoded, otherwise exactly as received
    text: str  # normalised: \n line ends, plain spaces, NFC
    text_sha256: str = ""  # of `text`: the document's identity
    warnings: list[dict] = field(default_factory=list)  # `reasons.reason`s


@dataclass
class Skip:
    """A file left out by design, with the reason shown to the operator."""

    name: str
    reason: dict  # `reasons.reason`
    size: int = 0
    offset: int | None = None  # the byte at which reading failed, for a rejected file


@dataclass
class Rejected(Skip):
    """A file that could not be read as text: the import reports it and exits 1."""


def walk_bundle(paths: list[Path]) -> Iterator[Entry]:
    """The entries of each path (a directory walked in name order, or a single file)."""
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise BundleError(f"{given}: no such file or directory")
        if given.is_dir():
            root = given.resolve()
            for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
                dirnames.sort()
                here = Path(dirpath)
                # A symlinked directory is not walked (loops, duplicates); it is reported.
                for name in sorted([d for d in dirnames if (here / d).is_symlink()] + filenames):
                    path = here / name
                    name = _storable(path.relative_to(given).as_posix())
                    yield Entry(name=name, path=path, root=root)
        else:
            yield Entry(name=_storable(given.name), path=given, root=given.parent.resolve())


def _storable(name: str) -> str:
    """The name with bytes that are not UTF-8 (held as lone surrogates) written as \\xNN:
    neither the database nor a UTF-8 terminal accepts a lone surrogate."""
    if name.isprintable() or not any("\udc80" <= c <= "\udcff" for c in name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_entry(entry: Entry, *, max_bytes: int) -> ReadFile | Skip:
    """Read one entry, or say in one line why it is refused."""
    path = entry.path
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(entry.root):
            return Skip(entry.name, reason(reasons.SYMLINK_OUTSIDE))
        if target.is_dir():
            return Skip(entry.name, reason(reasons.SYMLINK_TO_FOLDER))
    if path.is_dir():
        return Skip(entry.name, reason(reasons.DIRECTORY))
    if path.suffix.lower() != TEXT_SUFFIX:
        return Skip(entry.name, reason(reasons.NOT_TEXT, suffix=TEXT_SUFFIX))
    if not path.is_file():
        return Rejected(entry.name, reason(reasons.NOT_REGULAR))
    size = path.stat().st_size
    if size > max_bytes:
        return Rejected(entry.name, reason(reasons.TOO_LARGE, size=size, limit=max_bytes), size)
    data = path.read_bytes()
    return read_bytes(entry.name, data)


def read_bytes(name: str, data: bytes) -> ReadFile | Skip:
    if not data:
        return Skip(name, reason(reasons.EMPTY))
    try:
        raw_text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            return _binary(name, data, data.index(b"\x00"), reasons.BINARY_NUL)
        offset = exc.start + _bom_length(data)
        return Rejected(
            name,
            reason(
                reasons.UNDECODABLE,
                encoding=exc.encoding.upper(),
                byte=data[offset],
                offset=offset,
            ),
            len(data),
            offset,
        )
    if _looks_binary(raw_text):
        at = _CONTROL.search(raw_text).start()
        offset = _bom_length(data) + len(raw_text[:at].encode(_codec(encoding)))
        what = reasons.BINARY_NUL if raw_text[at] == "\x00" else reasons.BINARY_CONTROL
        return _binary(name, data, offset, what)
    text = normalize(raw_text)
    if not text.strip():
        return Skip(name, reason(reasons.ONLY_WHITESPACE), len(data))
    warnings = []
    if encoding.startswith(("utf-16", "utf-32")):
        warnings.append(reason(reasons.DECODED_BOM, encoding=encoding.upper()))
    return ReadFile(
        name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        raw_text=raw_text,
        text=text,
        text_sha256=text_identity(text),
        warnings=warnings,
    )


def text_identity(text: str) -> str:
    """A document's identity: the SHA-256 of its normalised text (`normalize`)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _binary(name: str, data: bytes, offset: int, what: str) -> Rejected:
    return Rejected(name, reason(what, offset=offset), len(data), offset)


def _bom_length(data: bytes) -> int:
    return next((len(bom) for bom, _encoding in _BOMS if data.startswith(bom)), 0)


def _codec(encoding: str) -> str:
    return encoding.removesuffix("-sig")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in; raises UnicodeDecodeError when it is neither."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(_codec(encoding))
            return text, encoding
    return data.decode("utf-8"), "utf-8"


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = len(_CONTROL.findall(text[:8192]))
    return controls > max(2, len(text[:8192]) // 200)


def normalize(text: str) -> str:
    """Plain text: \\n line ends, NFC, odd spaces made plain, trailing spaces gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    if _UNUSUAL.search(text):  # one scan instead of three: most files hold none of these
        text = _INVISIBLE.sub("", text)
        text = _ODD_SPACES.sub(" ", text)
        text = _CONTROL.sub("", text)
    # Only plain spaces and line ends are left. Looked for first (as plain strings, which
    # is faster than any pattern): a clean file needs none of these.
    if "  " in text:
        text = _RUNS_OF_SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACES_AROUND_LINE_ENDS.sub("\n", text)
    return text.strip(" \n")
