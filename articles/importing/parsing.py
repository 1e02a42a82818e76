"""Pure functions from a file's normalised text to a `ParsedDocument`.

No database and no language detection here: the rules are about layout, so
they hold for any language and are tested on plain strings.

The rules, in the order they apply:

* **Paragraphs.** Blank lines separate chunks; inside a chunk each line is a
  paragraph (machine-translated bundles put one paragraph per line), except a
  line that stops mid-sentence and continues in lower case on the next line,
  which is hard-wrapped text and is joined.
* **Title.** The first chunk is a title when it is one short line (at most
  200 characters and 30 words) without a final full stop, followed by a blank
  line. A first line followed directly by the first paragraph (no blank line)
  is a title too when it is shorter still (at most 120 characters and 20
  words), has no closing punctuation at all, and the next line does not
  continue its sentence in lower case; otherwise the lede would repeat it.
  Without a title the headline is *derived*: the lede's first sentence, cut at
  a word boundary to `HEADLINE_MAX` characters, and marked so editors review it.
* **Only a title.** A file that is nothing but a title line is not a story:
  it is skipped with that reason (`skip_reason`) rather than imported as a
  draft with no body, which could never be published.
* **Very long lines.** A paragraph longer than `LONG_PARAGRAPH_CHARS` (a whole
  article saved as one line) is split into paragraphs at sentence boundaries,
  of about `PARAGRAPH_TARGET_CHARS` each, with a warning; one with no sentence
  boundary to split at is kept whole as the body, never all in the lede.
* **No body.** A story left with a lede and no body paragraph imports with a
  warning: it cannot be published until an editor adds one.
* **Key points.** A line starting with a key-points label of a site language
  ("Key points:", "Poin-Poin Kunci:", "Points clés:", "Puntos clave:",
  "Wichtigste Punkte:", …) opens the block. Text on the label's own line is
  split into sentences, one item each; bullet lines that follow (any symbol or
  emoji, "-", "1." …) are items too. The block leaves the body.
* **Read-also inserts.** A short paragraph opening with a "read also" label
  ("BACA JUGA", "MEMBACA", "Lire aussi :", "Lea también", "Lesen Sie auch" …),
  in capitals or followed by a colon/dash, is a related-story link dropped into
  the text: removed from the body, reported as a warning. Requiring capitals or
  punctuation keeps an ordinary sentence that starts "Membaca …" in the body.
* **Attribution.** The last paragraph, when short and phrased as "originally
  appeared in …" / "Cerita ini awalnya ditampilkan di …" / "Source: …" in a
  site language, becomes the source attribution.
* **Subheadings.** A short paragraph (≤ 80 characters, ≤ 10 words) with no
  closing punctuation, between two other paragraphs, is a subheading.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from articles.importing import reasons
from articles.models import SUBHEADING_PREFIX, Article

_TITLE_LENGTH = Article._meta.get_field("title").max_length
_ATTRIBUTION_LENGTH = Article._meta.get_field("source_attribution").max_length

HEADLINE_MAX = 100
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30
DIRECT_TITLE_MAX_CHARS = 120
DIRECT_TITLE_MAX_WORDS = 20
#: Longer than any paragraph a writer makes (the seeds' longest is 700): a whole story on a line.
LONG_PARAGRAPH_CHARS = 2000
PARAGRAPH_TARGET_CHARS = 700
SUBHEADING_MAX_CHARS = 80
SUBHEADING_MAX_WORDS = 10
INSERT_MAX_CHARS = 300
ATTRIBUTION_MAX_CHARS = 300

_KEY_POINTS_LABEL = re.compile(
    r"^(?:"
    r"key\s+(?:points|takeaways)|main\s+points|takeaways|highlights"  # en
    r"|poin\s*-?\s*poin\s+(?:kunci|penting|utama)|poin\s+(?:kunci|penting|utama)|intisari"  # id
    r"|points?\s+cl[ée]s?|points\s+essentiels|[àa]\s+retenir|l[\u2019']essentiel"  # fr
    r"|puntos\s+(?:clave|principales)|claves|lo\s+m[áa]s\s+importante"  # es
    r"|(?:die\s+)?wichtigsten?\s+punkte|kernpunkte|kernaussagen|das\s+wichtigste"  # de
    r"|auf\s+einen\s+blick"
    r")\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_READ_ALSO_WORDS = (
    r"read\s+(?:also|more)|see\s+also|related|baca\s+juga|membaca|simak\s+juga|lihat\s+juga"
    r"|(?:[àa]\s+)?lire\s+aussi|voir\s+aussi|lea\s+tambi[ée]n|lee\s+tambi[ée]n|ver\s+tambi[ée]n"
    r"|te\s+puede\s+interesar|lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant"
)
# In capitals anywhere (MEMBACA …), or any case when punctuation marks it as a label.
_READ_ALSO_CAPS = re.compile(rf"^(?:{_READ_ALSO_WORDS})\b(?=\s*\S)", re.IGNORECASE)
_READ_ALSO_MARKED = re.compile(rf"^(?:{_READ_ALSO_WORDS})\s*[:|»>\u2013—-]", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"originally\s+(?:appeared|published|ran)|first\s+(?:appeared|published)"
    r"|^(?:source|sumber|quelle|fuente|via)\s*:"
    r"|(?:awalnya|pertama\s+kali|semula)\s+(?:ditampilkan|diterbitkan|dimuat|muncul|tayang)"
    r"|(?:publi[ée]e?|parue?)\s+(?:initialement|[àa]\s+l[\u2019']origine|originellement|d[\u2019']abord)"
    r"|initialement\s+(?:publi[ée]e?|parue?)"
    r"|(?:publicad[oa]|apareci[óo])\s+originalmente|originalmente\s+(?:publicad[oa]|en)"
    r"|(?:erschien|erschienen|ver[öo]ffentlicht)\s+(?:zuerst|urspr[üu]nglich)"
    r"|(?:zuerst|urspr[üu]nglich)\s+(?:erschienen|ver[öo]ffentlicht)",
    re.IGNORECASE,
)
# A bullet: a run of symbols (emoji, •, -, *, →) or "1." / "1)" then a space.
_BULLET = re.compile(r"^(?:\d{1,2}[.)]|[^\w\s\"'“”„«»\u2018\u2019(\[¿¡]+)\s+(?P<item>\S.*)$")
_TERMINAL = ".!?…:;,"
_SENTENCE_END = re.compile(r"[.!?…]+[\"”»\u2019)\]]*\s+")
#: Words written with a full stop that does not end a sentence, in the site languages.
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "jr", "sr", "sra", "srta", "inc", "ltd", "co", "corp",
    "no", "nr", "vs", "etc", "bzw", "usw", "vgl", "ca", "ggf", "evtl", "inkl", "prof", "gen",
    "gov", "sen", "rep", "lt", "col", "capt", "sgt", "mt", "ft", "jan", "feb", "aug", "sep",
    "sept", "oct", "nov", "dec", "mme", "mlle", "mgr", "av", "dña", "dll", "dsb", "tsb", "jl",
    "hlm", "bpk", "sdr", "ir", "drs",
}  # fmt: skip
#: A part of a spaced abbreviation ("EE. UU.", "z. B.", "d. h.", "a. m."): one or two
#: letters and a full stop.
_ABBREVIATION_PART = re.compile(r"[^\W\d_]{1,2}\.")


@dataclass
class Block:
    kind: str  # "paragraph" or "subheading"
    text: str


@dataclass
class ParsedDocument:
    title: str
    title_derived: bool
    lede: str
    blocks: list[Block] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    attribution: str = ""
    removed: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)  # `reasons.reason`s
    skip_reason: dict | None = None  # set when the text is no story to import (only a title)

    @property
    def body(self) -> str:
        """The body field: blocks separated by a blank line, subheadings marked."""
        return "\n\n".join(
            SUBHEADING_PREFIX + b.text if b.kind == "subheading" else b.text for b in self.blocks
        )

    def segments(self) -> list[str]:
        """Every piece of text an editor will see, for language detection and anchors."""
        head = [] if self.title_derived else [self.title]
        return [*head, self.lede, *(b.text for b in self.blocks), *self.key_points]

    def as_dict(self) -> dict:
        return asdict(self)

    def article_fields(self, slug: str | None = None) -> dict[str, str]:
        """The text by `Article` field (`CONTENT_FIELDS`); the slug only when given."""
        values = {
            "title": self.title[:_TITLE_LENGTH],
            "lede": self.lede,
            "body": self.body,
            "key_points": "\n".join(self.key_points),
            "source_attribution": self.attribution[:_ATTRIBUTION_LENGTH],
        }
        if slug is not None:
            values["slug"] = slug
        return values


@dataclass
class _Paragraph:
    text: str
    chunk: int


def parse_document(text: str) -> ParsedDocument:
    """The structure of a normalised text (see the module docstring for the rules)."""
    chunks = [c.split("\n") for c in re.split(r"\n\s*\n", text.strip()) if c.strip()]
    title = ""
    following = chunks[1][0] if len(chunks) > 1 else ""
    if chunks and len(chunks[0]) == 1 and _looks_like_title(chunks[0][0], following):
        title = chunks.pop(0)[0]
        if not chunks:
            return ParsedDocument(
                title=title,
                title_derived=False,
                lede="",
                skip_reason=reasons.reason(reasons.ONLY_TITLE),
            )
    elif chunks and len(chunks[0]) > 1 and _looks_like_direct_title(*chunks[0][:2]):
        title = chunks[0].pop(0)
    paragraphs = [
        _Paragraph(line, index) for index, chunk in enumerate(chunks) for line in _unwrap(chunk)
    ]
    key_points, paragraphs = _take_key_points(paragraphs)
    warnings: list[dict] = []
    removed: list[str] = []
    kept = []
    for paragraph in paragraphs:
        if _is_read_also(paragraph.text):
            removed.append(paragraph.text)
            warnings.append(
                reasons.reason(reasons.READ_ALSO_REMOVED, text=_shorten(paragraph.text, 60))
            )
        else:
            kept.append(paragraph)
    attribution = ""
    if len(kept) > 1 and _is_attribution(kept[-1].text):
        attribution = kept.pop().text
    texts, unsplit = _split_long_paragraphs([p.text for p in kept], warnings)
    lede = texts[0] if texts and texts[0] not in unsplit else ""
    blocks = [
        Block("subheading" if _is_subheading(t, i, len(texts)) else "paragraph", t)
        for i, t in enumerate(texts)
        if i > 0 or not lede
    ]
    if lede and not blocks:
        warnings.append(reasons.reason(reasons.NO_BODY))
    title_derived = not title
    if title_derived:
        opening = lede or (blocks[0].text if blocks else "")
        title = derive_headline(opening or (key_points[0] if key_points else ""))
    return ParsedDocument(
        title=title,
        title_derived=title_derived,
        lede=lede,
        blocks=blocks,
        key_points=key_points,
        attribution=attribution,
        removed=removed,
        warnings=warnings,
    )


def derive_headline(text: str, limit: int = HEADLINE_MAX) -> str:
    """The first sentence, cut at a word boundary to `limit` characters."""
    sentences = split_sentences(text)
    first = sentences[0] if sentences else text
    first = first.rstrip(" .")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:\u2013—-") + "…"


def split_sentences(text: str) -> list[str]:
    """Sentences, split after . ! ? … when the next one starts with a capital."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 2].lstrip('"“„«¿¡(')
        if not following or not (following[0].isupper() or following[0].isdigit()):
            continue
        if match.group().strip() == "." and _abbreviation(text, start, match):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def _abbreviation(text: str, start: int, match: re.Match) -> bool:
    """Whether the full stop `match` ends an abbreviation, not a sentence ("Dr.", "etc.",
    "U.S.", "EE. UU.", "z. B.", an initial "F.")."""
    word = (
        text[start : match.start()].rsplit(None, 1)[-1]
        if text[start : match.start()].strip()
        else ""
    )
    bare = word.lstrip('"“„«¿¡(')
    if bare.lower() in _ABBREVIATIONS or "." in bare or len(bare) == 1:
        return True
    if len(bare) == 2 and bare.isalpha():  # one part of "EE. UU.", "z. B.": the other is next to it
        before = text[start : match.start() - 2].rsplit(None, 1)[-1:] or [""]
        after = text[match.end() :].split(None, 1)[:1] or [""]
        return bool(
            _ABBREVIATION_PART.fullmatch(before[0]) or _ABBREVIATION_PART.fullmatch(after[0])
        )
    return False


def _looks_like_title(line: str, following: str = "") -> bool:
    """A headline: one short line, not a label; if it ends with a full stop (or "?", "!"),
    one sentence, and the paragraph under it at least twice as long (a headline sits over a
    paragraph; a lede of one short sentence over another short one stays the lede)."""
    if (
        len(line) > TITLE_MAX_CHARS
        or len(line.split()) > TITLE_MAX_WORDS
        or line[-1] in ":;,"
        or _KEY_POINTS_LABEL.match(line)
    ):
        return False
    if line[-1] not in ".!?…":
        return True
    return len(following) >= 2 * len(line) and len(split_sentences(line)) == 1


def _looks_like_direct_title(line: str, following: str) -> bool:
    """A title with the first paragraph on the very next line: not the start of a sentence
    the next line continues, not a bullet; short with no closing punctuation, or one
    sentence under which a longer paragraph follows."""
    if following[:1].islower() or _BULLET.match(line):
        return False
    if (
        len(line) <= DIRECT_TITLE_MAX_CHARS
        and len(line.split()) <= DIRECT_TITLE_MAX_WORDS
        and line[-1] not in _TERMINAL
    ):
        return _looks_like_title(line)
    return len(following) > len(line) and _looks_like_title(line, following)


def _split_long_paragraphs(texts: list[str], warnings: list[dict]) -> tuple[list[str], set[str]]:
    """Paragraphs with every over-long one split at sentence boundaries; also the
    over-long ones that have no boundary to split at (kept whole)."""
    out: list[str] = []
    unsplit: set[str] = set()
    for text in texts:
        if len(text) <= LONG_PARAGRAPH_CHARS:
            out.append(text)
            continue
        parts = _group_sentences(split_sentences(text))
        if len(parts) == 1:
            unsplit.add(text)
            warnings.append(reasons.reason(reasons.LONG_LINE_KEPT, length=len(text)))
        else:
            warnings.append(
                reasons.reason(reasons.LONG_LINE_SPLIT, length=len(text), parts=len(parts))
            )
        out.extend(parts)
    return out, unsplit


def _group_sentences(sentences: list[str]) -> list[str]:
    """Consecutive sentences joined into paragraphs of about `PARAGRAPH_TARGET_CHARS`."""
    groups: list[str] = []
    for sentence in sentences:
        if groups and len(groups[-1]) + 1 + len(sentence) <= PARAGRAPH_TARGET_CHARS:
            groups[-1] = f"{groups[-1]} {sentence}"
        else:
            groups.append(sentence)
    return groups


def _unwrap(lines: list[str]) -> list[str]:
    """Lines of one chunk as paragraphs, joining hard-wrapped continuation lines."""
    out: list[str] = []
    for line in lines:
        if out and out[-1][-1] not in _TERMINAL + '"”»)' and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _take_key_points(paragraphs: list[_Paragraph]) -> tuple[list[str], list[_Paragraph]]:
    for index, paragraph in enumerate(paragraphs):
        match = _KEY_POINTS_LABEL.match(paragraph.text)
        if not match:
            continue
        rest = match["rest"].strip()
        items = split_sentences(rest) if rest else []
        end = index + 1
        while end < len(paragraphs) and (bullet := _BULLET.match(paragraphs[end].text)):
            items.append(bullet["item"].strip())
            end += 1
        if not items:
            # Plain lines under the label: the rest of its chunk, else the next chunk.
            following = [p for p in paragraphs[index + 1 :] if p.chunk == paragraph.chunk]
            if not following and index + 1 < len(paragraphs):
                next_chunk = paragraphs[index + 1].chunk
                following = [p for p in paragraphs[index + 1 :] if p.chunk == next_chunk]
            items = [p.text for p in following]
            end = index + 1 + len(following)
        items = [item[:1].upper() + item[1:] for item in items if item]
        return items, paragraphs[:index] + paragraphs[end:]
    return [], paragraphs


def _is_read_also(text: str) -> bool:
    if len(text) > INSERT_MAX_CHARS:
        return False
    if _READ_ALSO_MARKED.match(text):
        return True
    match = _READ_ALSO_CAPS.match(text)
    return bool(match) and match.group(0).isupper()


def _is_attribution(text: str) -> bool:
    return len(text) <= ATTRIBUTION_MAX_CHARS and bool(_ATTRIBUTION.search(text))


def _is_subheading(text: str, index: int, count: int) -> bool:
    return (
        0 < index < count - 1
        and len(text) <= SUBHEADING_MAX_CHARS
        and len(text.split()) <= SUBHEADING_MAX_WORDS
        and text[-1] not in _TERMINAL + '"”»'
        and (text[0].isupper() or text[0].isdigit())
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
