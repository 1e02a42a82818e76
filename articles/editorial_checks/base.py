"""The plain data the checks read and produce: no database, no Django models.

A check is a function `check(story) -> Iterable[FindingData]`. It sees a
`Story`, an immutable snapshot of every language version's text, so the same
code serves the database service, the management command, the benchmark and
unit tests, and can run on every save without touching the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_noop

from articles import finding_labels
from articles.models import SUBHEADING_PREFIX, split_body

BLOCKING = "blocking"
ADVISORY = "advisory"


@dataclass(frozen=True)
class VersionText:
    """One language version's text, split the way editors see it."""

    language: str
    title: str = ""
    slug: str = ""
    lede: str = ""
    body: str = ""
    key_points: str = ""
    source_attribution: str = ""
    title_derived: bool = False

    @cached_property
    def blocks(self) -> tuple[str, ...]:
        """Body blocks (paragraphs and subheadings), in order; `Finding.paragraph` indexes these."""
        # one rule for what a paragraph is, shared with the site
        return tuple(split_body(self.body))

    @cached_property
    def points(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.key_points.splitlines() if line.strip())


@dataclass(frozen=True)
class Story:
    """Every version of one article, plus what the slug check must know about other articles."""

    versions: tuple[VersionText, ...]
    article_id: int | None = None
    #: language -> slugs other articles already use in that language.
    taken_slugs: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Slugs the site's own pages use ("feed"): an article there would be shadowed.
    reserved_slugs: frozenset[str] = frozenset()

    def version(self, language: str) -> VersionText | None:
        return next((v for v in self.versions if v.language == language), None)


@dataclass(frozen=True)
class Msg:
    """A finding's text: its msgid (marked with `gettext_noop`) and named placeholders.

    Stored twice over: rendered in English in `Finding.message` (stable whatever
    language the importer ran in, searchable) and as (msgid, params) in
    `Finding.detail`, which `Finding.text()` translates when an editor
    reads it. Placeholders whose name ends in "language" hold a language code,
    shown as the language's name.
    """

    msgid: str
    params: Mapping = field(default_factory=dict)

    def __str__(self) -> str:
        """The English text, as stored in `Finding.message`."""
        if not self.params:
            return self.msgid
        return finding_labels.render(self.as_json(), self.msgid, english=True)

    def as_json(self) -> list:
        """[msgid, params]; a placeholder may itself be a Msg ("Paragraph 3" in a sentence)."""
        return [
            self.msgid,
            {k: v.as_json() if isinstance(v, Msg) else v for k, v in self.params.items()},
        ]


#: Where in a version a passage is, as the start of a finding's sentence.
THE_TITLE = Msg(gettext_noop("The title"))
THE_LEDE = Msg(gettext_noop("The lede"))
THE_KEY_POINTS = Msg(gettext_noop("The key points"))
THE_SOURCE_ATTRIBUTION = Msg(gettext_noop("The source attribution"))


def paragraph_place(index: int) -> Msg:
    return Msg(gettext_noop("Paragraph %(number)d"), {"number": index + 1})


@dataclass(frozen=True)
class FindingData:
    """What a check observed about one version; the service stores it as a `Finding`."""

    language: str
    kind: str
    severity: str
    paragraph: int | None
    message: str
    suggestion: str = ""
    fingerprint: str = ""
    #: Structured detail for applying a fix (e.g. the spellings to replace); not stored.
    data: Mapping = field(default_factory=dict, compare=False, repr=False)
    #: Stored as `Finding.detail`: the texts as (msgid, params) and the words concerned.
    detail: Mapping = field(default_factory=dict, compare=False, repr=False)

    def as_dict(self) -> dict:
        return {
            "language": self.language,
            "kind": self.kind,
            "severity": self.severity,
            "paragraph": self.paragraph,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def is_subheading(block: str) -> bool:
    return block.startswith(SUBHEADING_PREFIX.strip())


def fingerprint(kind: str, *concerned: object) -> str:
    """SHA-256 of the kind and the text or values a finding is about — never of its position,
    so a dismissal survives edits elsewhere and lapses when that text changes."""
    digest = hashlib.sha256(kind.encode())
    for part in concerned:
        digest.update(b"\x00")
        digest.update(str(part).encode())
    return digest.hexdigest()


def finding(
    version: VersionText,
    kind: str,
    severity: str,
    paragraph: int | None,
    message: Msg | str,
    *,
    concerns: Iterable[object],
    suggestion: Msg | str = "",
    data: Mapping | None = None,
    words: Iterable[str] = (),
    words_here_only: bool = False,
) -> FindingData:
    """One finding; `words` are the words of the text it is about (marked where shown):
    wherever they occur, or only in its `paragraph` if `words_here_only` (a changed "12"
    is about one paragraph; another "12" elsewhere is right)."""
    detail: dict = {}
    for name, text in (("message", message), ("suggestion", suggestion)):
        if isinstance(text, Msg):
            detail[name] = text.as_json()
    if words:
        detail["words"] = list(dict.fromkeys(words))
        if words_here_only:  # in its paragraph, or (None) in the title or lede only
            detail["words_here_only"] = True
    return FindingData(
        language=version.language,
        kind=kind,
        severity=severity,
        paragraph=paragraph,
        message=str(message),
        suggestion=str(suggestion),
        fingerprint=fingerprint(kind, *concerns),
        data=data or {},
        detail=detail,
    )
