"""Why a file was skipped, rejected or failed, and what an editor should know about it.

The importer records each file's reason and warnings as a code with its
parameters (`reason(DUPLICATE, file=…, …)` → `{"code": …, "params": {…}}`),
never as a sentence: the report's readers (the run's page and record, the
source document's page, the command's table and JSON) say it through gettext
in their own language when they show it (`render`), with language names from
`articles.language_names` ("le texte anglais", not "en"). A run stored before
reasons were codes holds English sentences: `render` shows them as they are.

The parameters are plain JSON values: file names already made printable,
language codes, numbers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from articles.language_names import name_in_sentence
from articles.models import STATE_LABELS
from articles.printable import printable

# Reading (`reading`, `planning.read_entries`).
SYMLINK_OUTSIDE = "symlink_outside"
SYMLINK_TO_FOLDER = "symlink_to_folder"
DIRECTORY = "directory"
NOT_TEXT = "not_text"
NOT_REGULAR = "not_regular"
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
EMPTY = "empty"
ONLY_WHITESPACE = "only_whitespace"
UNDECODABLE = "undecodable"
BINARY_NUL = "binary_nul"
BINARY_CONTROL = "binary_control"
DECODED_BOM = "decoded_bom"
# Planning (`planning`).
DUPLICATE = "duplicate"
LANGUAGE_UNCERTAIN = "language_uncertain"
# Parsing (`parsing`).
ONLY_TITLE = "only_title"
READ_ALSO_REMOVED = "read_also_removed"
NO_BODY = "no_body"
LONG_LINE_KEPT = "long_line_kept"
LONG_LINE_SPLIT = "long_line_split"
# Writing (`persisting`).
RESEMBLES = "resembles"
SLOT_TAKEN = "slot_taken"
UNSUPPORTED_LANGUAGE = "unsupported_language"
PENDING_STATE = "pending_state"
PENDING_EDITED = "pending_edited"
PENDING_REPLACED = "pending_replaced"
FAILED = "failed"


def reason(code: str, **params) -> dict:
    """A reason or warning as the importer records it."""
    return {"code": code, "params": params}


def render(item: dict | str) -> str:
    """One reason or warning in the active language."""
    if isinstance(item, str):  # recorded before reasons were codes: English, shown as it is
        return item
    code, params = item.get("code", ""), dict(item.get("params") or {})
    if params.get("language") is not None:
        params["language_name"] = name_in_sentence(params["language"])
    if params.get("file") is not None:  # another file of the bundle: any name is possible
        params["file"] = printable(params["file"])
    say = _MESSAGES.get(code)
    return say(params) if say else code


def render_all(items: list) -> list[str]:
    return [render(item) for item in items]


def _undecodable(params: dict) -> str:
    if str(params.get("encoding", "")).lower().startswith("utf-8"):
        return (
            _("undecodable: not UTF-8 (byte 0x%(byte)02x at offset %(offset)s); UTF-16 needs a BOM")
            % params
        )
    return (
        _(
            "undecodable: invalid %(encoding)s (byte 0x%(byte)02x at offset %(offset)s); "
            "UTF-16 needs a BOM"
        )
        % params
    )


def _duplicate(params: dict) -> str:
    if params.get("other_bytes"):
        if params.get("earlier"):
            text = _(
                "duplicate of %(file)s: the same text in other bytes (line ends, BOM or "
                "encoding), imported earlier"
            )
        else:
            text = _(
                "duplicate of %(file)s: the same text in other bytes (line ends, BOM or "
                "encoding), imported once"
            )
    elif params.get("earlier"):
        text = _("duplicate of %(file)s: the same text, imported earlier")
    else:
        text = _("duplicate of %(file)s: the same text, imported once")
    return text % params


def _resembles(params: dict) -> str:
    if params.get("file") is not None:
        text = _(
            "resembles %(file)s (score %(score).2f) whose %(language_name)s version exists; "
            "imported as a separate article"
        )
    else:
        text = _(
            "resembles source document #%(document)s (score %(score).2f) whose "
            "%(language_name)s version exists; imported as a separate article"
        )
    return text % params


def _pending_state(params: dict) -> str:
    state = STATE_LABELS.get(params.get("state", ""), params.get("state", ""))
    return _(
        "the %(language_name)s version of article #%(article)s is in the state “%(state)s”; "
        "the new text is kept for an editor to review (pending)"
    ) % {**params, "state": state}


_MESSAGES = {
    SYMLINK_OUTSIDE: lambda p: _("symlink leads outside the bundle"),
    SYMLINK_TO_FOLDER: lambda p: _("symlink to a directory inside the bundle; not followed"),
    DIRECTORY: lambda p: _("a directory, not a file"),
    NOT_TEXT: lambda p: _("not a %(suffix)s file") % p,
    NOT_REGULAR: lambda p: _("not a regular file"),
    TOO_LARGE: lambda p: _("too large: %(size)s bytes, the limit is %(limit)s") % p,
    UNREADABLE: lambda p: _("unreadable: %(error)s") % p,
    EMPTY: lambda p: _("empty file"),
    ONLY_WHITESPACE: lambda p: _("only whitespace"),
    UNDECODABLE: _undecodable,
    BINARY_NUL: lambda p: _("binary file (NUL byte at offset %(offset)s)") % p,
    BINARY_CONTROL: lambda p: _("binary file (control characters at offset %(offset)s)") % p,
    DECODED_BOM: lambda p: _("decoded as %(encoding)s through its byte-order mark") % p,
    DUPLICATE: _duplicate,
    LANGUAGE_UNCERTAIN: lambda p: (
        _("language uncertain: %(language_name)s at %(confidence).2f") % p
    ),
    ONLY_TITLE: lambda p: _("only a title line, no text: not a story to import"),
    READ_ALSO_REMOVED: lambda p: _("removed a “read also” insert: “%(text)s”") % p,
    NO_BODY: lambda p: _("no body, only a lede: it cannot be published until it has one"),
    LONG_LINE_KEPT: lambda p: (
        _("a line of %(length)d characters with no sentence boundary: kept whole, as body") % p
    ),
    LONG_LINE_SPLIT: lambda p: (
        _(
            "a line of %(length)d characters was split into %(parts)d paragraphs at sentence "
            "boundaries"
        )
        % p
    ),
    RESEMBLES: _resembles,
    SLOT_TAKEN: lambda p: (
        _(
            "article #%(article)s already has a %(language_name)s version; imported as a "
            "separate article"
        )
        % p
    ),
    UNSUPPORTED_LANGUAGE: lambda p: (
        _("the language is %(language_name)s, not a site language; kept unattached") % p
        if p.get("language")
        else _("the language is unknown, not a site language; kept unattached")
    ),
    PENDING_STATE: _pending_state,
    PENDING_EDITED: lambda p: (
        _(
            "the %(language_name)s version of article #%(article)s was edited by an editor "
            "since import; the new text is kept for an editor to review (pending)"
        )
        % p
    ),
    PENDING_REPLACED: lambda p: (
        _(
            "the %(language_name)s version of article #%(article)s holds another file's "
            "text, chosen by an editor; the new text is kept for an editor to review (pending)"
        )
        % p
    ),
    FAILED: lambda p: _("failed: %(error)s") % p,
}
