"""The import's report: one row per file, one entry per article, as a table or JSON.

Each file is of one kind: *imported* (created, updated or unchanged),
*skipped* by design (with its `reason`: not `.txt`, empty, a duplicate, …),
*rejected* because it could not be read as text (with its `reason` and, where
there is one, the byte `offset`), or *failed* while being written. A rejected
or failed file makes the import exit 1 (`import_seeds`).

A file's reason and warnings are codes with parameters (`reasons`), said in
the reader's language where they are shown: the table and the JSON's
`reason` and `warnings` in the command's, the run's page and record in the
editor's. The JSON also gives them as recorded (`reason_code`,
`warning_codes`), and the run stores them so (`warnings`).

File names are the operator's input: wherever they are printed (the table,
the run's warnings) their control characters are escaped (`printable`).

`article_entry` builds an article's JSON entry in one place so later features
(e.g. the editorial checks' findings count) add a key there and nowhere else.

The rows (files, articles, suggestions) are kept in temporary files as the run
adds them (`Rows`), not in memory: an import's memory is to depend on its
batch, not on its bundle.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property

from django.db.models import Prefetch

from articles.editorial_checks import open_finding_counts
from articles.importing import reasons
from articles.models import LANGUAGE_CODES, Article, LanguageVersion, localized
from articles.printable import printable

STATUSES = ("created", "updated", "unchanged", "skipped", "rejected", "failed")
#: The statuses of each kind of file.
KINDS = {
    "imported": ("created", "updated", "unchanged"),
    "skipped": ("skipped",),
    "rejected": ("rejected",),
    "failed": ("failed",),
}


@dataclass
class DocumentResult:
    """What happened to one file."""

    file: str
    status: str
    language: str = ""
    confidence: float = 0.0
    article: int | None = None
    warnings: list[dict] = field(default_factory=list)  # `reasons.reason`s
    outcome: str = ""  # the SourceDocument outcome (applied, pending, unsupported, …)
    reason: dict | None = None  # why it was skipped or rejected (`reasons.reason`)
    offset: int | None = None  # the byte at which a rejected file could not be read
    # A file of a language the site does not have: the article of the story it translates.
    related_article: int | None = None

    @property
    def reasons(self) -> list[dict]:
        """Its reason and warnings, as recorded."""
        return ([self.reason] if self.reason else []) + self.warnings

    def as_dict(self) -> dict:
        """For the JSON report: the reason and warnings in the active language, and as
        recorded."""
        data = asdict(self)
        data["reason"] = reasons.render(self.reason) if self.reason else ""
        data["reason_code"] = self.reason
        data["warnings"] = reasons.render_all(self.warnings)
        data["warning_codes"] = self.warnings
        return data


class Rows:
    """A report's rows in the order added, kept in a temporary file (deleted with it) and
    read back as often as asked: a list whose length is the run's, not the batch's.

    `kind`: the dataclass of the rows (stored as its fields), or None for plain dicts."""

    def __init__(self, rows: Iterable = (), kind: type | None = None):
        self.kind = kind
        # A row's fields one level deep: `asdict` copies every list and dict inside it first,
        # for the same JSON.
        self._fields = [f.name for f in fields(kind)] if kind else []
        # Open as long as the rows live; the file is deleted when they are.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._count = 0
        self.extend(rows)

    def extend(self, rows: Iterable) -> None:
        self._file.seek(0, 2)  # the end: a reading may have moved the position
        for row in rows:
            # ASCII: a file's name may hold the lone surrogates of bytes that were not UTF-8.
            data = {name: getattr(row, name) for name in self._fields} if self.kind else row
            self._file.write(json.dumps(data).encode() + b"\n")
            self._count += 1

    def __iter__(self) -> Iterator:
        # Its own position: two readings at once (a zip of two passes) do not mix.
        self._file.flush()
        position = 0
        while True:
            self._file.seek(position)
            line = self._file.readline()
            if not line:
                return
            position = self._file.tell()
            data = json.loads(line)
            yield self.kind(**data) if self.kind else data

    def __len__(self) -> int:
        return self._count


@dataclass
class ImportReport:
    run: int | None
    documents: Iterable[DocumentResult]  # a list, or the run's `Rows`
    articles: Iterable[dict] = field(default_factory=list)
    # Doubtful pairs stored for an editor: files, articles, languages, score, anchors.
    suggestions: Iterable[dict] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False
    rolled_back: bool = False
    cancelled: bool = False  # stopped between files; the files not started are not listed

    # Cached: each is a pass over the rows, asked by the run's record, its notes and the
    # command; the report is made once the run has ended.
    @cached_property
    def counts(self) -> dict[str, int]:
        counts = Counter(d.status for d in self.documents)
        return {status: counts.get(status, 0) for status in STATUSES}

    @property
    def kinds(self) -> dict[str, int]:
        counts = self.counts
        return {kind: sum(counts[s] for s in statuses) for kind, statuses in KINDS.items()}

    @cached_property
    def warnings(self) -> list[dict]:
        """Every file's reason and warnings, one each (`{"file": …, "reason": …}`): the run's
        log (`warning_lines`), what --strict fails on."""
        return [
            {"file": printable(d.file), "reason": item}
            for d in self.documents
            for item in d.reasons
        ]

    @property
    def failed(self) -> bool:
        return self.counts["failed"] > 0

    @property
    def rejected(self) -> bool:
        return self.counts["rejected"] > 0

    def as_dict(self) -> dict:
        return {
            "run": self.run,
            "dry_run": self.dry_run,
            "strict": self.strict,
            "rolled_back": self.rolled_back,
            "cancelled": self.cancelled,
            "counts": self.counts,
            "kinds": self.kinds,
            "documents": [d.as_dict() for d in self.documents],
            "articles": list(self.articles),
            "suggestions": list(self.suggestions),
        }


def article_entry(article: Article, versions: list[LanguageVersion], findings: dict) -> dict:
    """One article in the report: its languages, how each version was linked, its findings."""
    return {
        "id": article.pk,
        "title": str(article),
        "languages": [v.language for v in versions],
        "links": [
            {"language": v.language, "score": v.link_score, "anchors": v.link_anchors}
            for v in versions
        ],
        "findings": findings.get(article.pk, {"open": 0, "blocking": 0}),
    }


def article_entries(article_ids: set[int]) -> Iterator[dict]:
    # Only the titles (`str(article)`) and what a link shows, a chunk of articles at a time:
    # a large run's texts and model instances would be held for nothing.
    titles = [localized("title", code) for code in LANGUAGE_CODES]
    shown = LanguageVersion.objects.only("article_id", "language", "link_score", "link_anchors")
    ordered = sorted(article_ids)
    for start in range(0, len(ordered), ENTRIES_CHUNK):
        chunk = ordered[start : start + ENTRIES_CHUNK]
        articles = Article.objects.filter(pk__in=chunk).only(*titles).order_by("pk")
        findings = open_finding_counts(chunk)
        yield from [
            article_entry(article, list(article.versions.all()), findings)
            for article in articles.prefetch_related(Prefetch("versions", queryset=shown))
        ]


#: Articles read at once for the report's entries.
ENTRIES_CHUNK = 500


def render_json(report: ImportReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def render_table(report: ImportReport) -> Iterator[str]:
    """The summary as plain text lines, made as they are printed: files, then articles,
    then totals."""
    width = max((len(printable(d.file)) for d in report.documents), default=0)
    width = max(width, 4)
    yield f"{'file':<{width}}  lang  conf  article  status     warnings"
    for d in report.documents:
        name = printable(d.file)
        article = "" if d.article is None else f"#{d.article}"
        if d.related_article is not None:
            article = f"(#{d.related_article})"  # matches that story; cannot be a version
        confidence = f"{d.confidence:.2f}" if d.language else ""
        warnings = printable("; ".join(reasons.render_all(d.reasons)))
        yield (
            f"{name:<{width}}  {d.language:<4}  {confidence:<4}  {article:<7}  "
            f"{d.status:<9}  {warnings}".rstrip()
        )
    if report.articles:
        yield ""
        yield "article  languages       title / links (score: strongest shared anchors)"
        for entry in report.articles:
            title = printable(entry["title"])
            title = title if len(title) <= 60 else title[:59] + "…"
            found = entry["findings"]
            checks = (
                f"  [{found['open']} findings, {found['blocking']} blocking]"
                if found["open"]
                else ""
            )
            yield f"#{entry['id']:<7} {','.join(entry['languages']):<15} {title}{checks}"
            for link in entry["links"]:
                if link["score"] is not None:
                    anchors = printable(", ".join(link["anchors"][:6]))
                    yield f"{'':<24} {link['language']} {link['score']:.2f}: {anchors}"
    if report.suggestions:
        yield ""
        yield "suggested links (below the link score; an editor links or rejects them)"
        for entry in report.suggestions:
            (a, b), (la, lb) = entry["articles"], entry["languages"]
            anchors = ", ".join(entry["anchors"][:6])
            yield (
                f"#{a} {la} ~ #{b} {lb}  {entry['score']:.2f}: {anchors}  "
                f"({entry['files'][0]}, {entry['files'][1]})"
            )
    yield ""
    yield summary_line(report)
    if report.rolled_back:
        yield "Rolled back: nothing was written."
    if report.cancelled:
        yield "Cancelled: the files after the last one listed were not imported."


def warning_lines(warnings: list) -> list[str]:
    """A run's stored warnings (`ImportReport.warnings`), one line each in the active
    language; a line stored before they were codes is shown as it is."""
    return [
        f"{item['file']}: {reasons.render(item['reason'])}" if isinstance(item, dict) else item
        for item in warnings
    ]


def summary_line(report: ImportReport) -> str:
    """ "5 imported (4 created, 0 updated, 1 unchanged), 2 skipped, 1 rejected, 0 failed"."""
    counts, kinds = report.counts, report.kinds
    imported = ", ".join(f"{counts[status]} {status}" for status in KINDS["imported"])
    return (
        f"{kinds['imported']} imported ({imported}), {kinds['skipped']} skipped, "
        f"{kinds['rejected']} rejected, {kinds['failed']} failed"
    )
