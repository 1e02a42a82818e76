"""XLIFF 2.1 for translation agencies: a story's source text out, its translation back in.

Pure functions from plain data to bytes and back (no database): `units_of` cuts one
language's text into units, `build` writes them as an XLIFF 2.1 document for one target
language, `parse` reads a returned document, `texts_of` puts translated units back
together as a language's fields. The services (`articles/translation_drafts.py`) compare
and write.

The document is XLIFF 2.1 core only, which every CAT tool opens (Trados, memoQ,
OmegaT, Phrase): one `<file>` per story, one `<unit>` per field and per paragraph
(`title`, `lede`, `body-1` …, `key-point-1` …, `attribution`), a `<note>` on each saying
what it is ("Paragraph 3 of 12", "Subheading"), and the story's title and languages in
the file's notes. No skeleton, no inline codes: the text is plain (articles/models.py).
The slug is not sent: it is made from the translated title.

A returned file is matched to the story by the `original` of its `<file>`
(`newsroom:article:<id>`), and each unit's `<source>` is compared with the story's
source as it is now, so a source changed since the export is named unit by unit.

Reading is safe with the standard library: a document with a DOCTYPE (the door to
entity expansion and external entities) is refused before it is parsed; expat never
fetches anything.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.blocks import SUBHEADING_PREFIX, split_body

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
VERSION = "2.1"
_Q = f"{{{XLIFF_NS}}}"
_ORIGINAL = re.compile(r"^newsroom:article:(\d+)$")

ET.register_namespace("", XLIFF_NS)


class XliffError(ValueError):
    """The file is not an XLIFF document this site can read; the message says why."""


@dataclass(frozen=True)
class Unit:
    """One translatable piece: a field, a paragraph or a key point."""

    id: str
    source: str
    note: str
    subheading: bool = False


@dataclass
class ReturnedFile:
    """One story's `<file>` read back from an agency's document."""

    article_id: int
    source_language: str
    target_language: str
    sources: dict[str, str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)


#: The unit notes, in English (agencies' lingua franca; the lead may route them through gettext).
_NOTES = {
    "title": "Headline of the story",
    "lede": "Standfirst: the paragraph under the headline",
    "paragraph": "Paragraph {n} of {total}",
    "subheading": "Subheading (paragraph {n} of {total})",
    "key_point": "Key point {n} of {total}: one line",
    "attribution": "Source attribution: usually a name, translate only if needed",
}


def units_of(texts: dict[str, str]) -> list[Unit]:
    """The units of one language's text (`CONTENT_FIELDS` → text), in reading order."""
    units: list[Unit] = []
    if texts.get("title", "").strip():
        units.append(Unit("title", texts["title"].strip(), _NOTES["title"]))
    if texts.get("lede", "").strip():
        units.append(Unit("lede", texts["lede"].strip(), _NOTES["lede"]))
    blocks = split_body(texts.get("body", ""))
    for n, block in enumerate(blocks, start=1):
        subheading = block.startswith(SUBHEADING_PREFIX)
        text = block[len(SUBHEADING_PREFIX) :].strip() if subheading else block
        note = _NOTES["subheading" if subheading else "paragraph"].format(n=n, total=len(blocks))
        units.append(Unit(f"body-{n}", text, note, subheading))
    points = [p.strip() for p in texts.get("key_points", "").splitlines() if p.strip()]
    for n, point in enumerate(points, start=1):
        units.append(
            Unit(f"key-point-{n}", point, _NOTES["key_point"].format(n=n, total=len(points)))
        )
    if texts.get("source_attribution", "").strip():
        units.append(
            Unit("attribution", texts["source_attribution"].strip(), _NOTES["attribution"])
        )
    return units


def texts_of(units: list[Unit], translated: dict[str, str]) -> dict[str, str]:
    """The fields a language's version gets from `translated` ({unit id: text})."""
    texts = {"title": "", "lede": "", "body": "", "key_points": "", "source_attribution": ""}
    blocks, points = [], []
    for unit in units:
        text = translated.get(unit.id, "").strip()
        if unit.id.startswith("body-"):
            blocks.append(SUBHEADING_PREFIX + text if unit.subheading else text)
        elif unit.id.startswith("key-point-"):
            points.append(" ".join(text.split()))
        else:
            texts["source_attribution" if unit.id == "attribution" else unit.id] = text
    texts["body"] = "\n\n".join(b for b in blocks if b.strip())
    texts["key_points"] = "\n".join(p for p in points if p)
    return texts


def build(
    *,
    article_id: int,
    title: str,
    source_language: str,
    target_language: str,
    units: list[Unit],
    exported_at: str,
) -> bytes:
    """An XLIFF 2.1 document asking for `units` in `target_language` (UTF-8 bytes)."""
    root = ET.Element(
        f"{_Q}xliff", {"version": VERSION, "srcLang": source_language, "trgLang": target_language}
    )
    file = ET.SubElement(
        root,
        f"{_Q}file",
        {"id": f"article-{article_id}", "original": f"newsroom:article:{article_id}"},
    )
    notes = ET.SubElement(file, f"{_Q}notes")
    for category, text in (
        ("title", title),
        ("languages", f"{source_language} to {target_language}"),
        ("exported", exported_at),
        (
            "instructions",
            "Translate every unit; keep names and figures as they are unless the target "
            "language spells them otherwise. Send this file back as it is, with the targets.",
        ),
    ):
        note = ET.SubElement(notes, f"{_Q}note", {"category": category})
        note.text = text
    for unit in units:
        element = ET.SubElement(file, f"{_Q}unit", {"id": unit.id, "name": unit.id})
        unit_notes = ET.SubElement(element, f"{_Q}notes")
        ET.SubElement(unit_notes, f"{_Q}note", {"category": "context"}).text = unit.note
        segment = ET.SubElement(element, f"{_Q}segment", {"state": "initial"})
        ET.SubElement(segment, f"{_Q}source").text = unit.source
        ET.SubElement(segment, f"{_Q}target")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def parse(data: bytes) -> list[ReturnedFile]:
    """The stories in a returned document; XliffError when it is not one we can read."""
    text = _decode(data)
    if re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise XliffError(_("The file declares a DOCTYPE or entities, which XLIFF never needs."))
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise XliffError(
            _("The file is not well-formed XML (%(error)s).") % {"error": exc}
        ) from None
    if root.tag != f"{_Q}xliff":
        raise XliffError(
            _("The file is not an XLIFF 2 document (its root is not <xliff> in the 2.0 namespace).")
        )
    if not root.get("version", "").startswith("2."):
        raise XliffError(
            _("The file is XLIFF %(version)s; this site reads XLIFF 2.x.")
            % {"version": root.get("version") or "?"}
        )
    source, target = root.get("srcLang", ""), root.get("trgLang", "")
    if not target:
        raise XliffError(_("The file names no target language (trgLang)."))
    files = []
    for file in root.iter(f"{_Q}file"):
        match = _ORIGINAL.match(file.get("original", ""))
        if match is None:
            raise XliffError(
                _(
                    'The <file id="%(id)s"> was not exported by this site '
                    "(its original is not newsroom:article:<number>)."
                )
                % {"id": file.get("id", "")}
            )
        returned = ReturnedFile(int(match.group(1)), source.lower(), target.lower())
        for unit in file.iter(f"{_Q}unit"):
            unit_id = unit.get("id", "")
            segments = [s for s in unit if s.tag in (f"{_Q}segment", f"{_Q}ignorable")]
            returned.sources[unit_id] = "".join(_text(s.find(f"{_Q}source")) for s in segments)
            returned.targets[unit_id] = "".join(_text(s.find(f"{_Q}target")) for s in segments)
        files.append(returned)
    if not files:
        raise XliffError(_("The file holds no <file> element."))
    return files


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise XliffError(_("The file is not valid UTF-16 text.")) from None
        # The declaration's encoding no longer applies to the decoded text.
        return re.sub(r"^<\?xml[^>]*\?>", "", text.lstrip())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise XliffError(_("The file is not UTF-8 text.")) from None
    return re.sub(r"^<\?xml[^>]*\?>", "", text.lstrip())


def _text(element) -> str:
    """The text of a <source> or <target>, inline codes and marks included as their text."""
    return "" if element is None else "".join(element.itertext())
