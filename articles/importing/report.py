"""The import's report: one row per file, one entry per article, as a table or JSON.

`article_entry` builds an article's JSON entry in one place so later features
(e.g. the editorial checks' findings count) add a key there and nowhere else.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from articles.checks import open_finding_counts
from articles.models import LANGUAGE_CODES, Article, LanguageVersion, localized

STATUSES = ("created", "updated", "unchanged", "skipped", "failed")


@dataclass
class DocumentResult:
    """What happened to one file."""

    file: str
    status: str
    language: str = ""
    confidence: float = 0.0
    article: int | None = None
    warnings: list[str] = field(default_factory=list)
    outcome: str = ""  # the SourceDocument outcome (applied, pending, unsupported, …)
    # A file of a language the site does not have: the article of the story it translates.
    related_article: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportReport:
    run: int | None
    documents: list[DocumentResult]
    articles: list[dict] = field(default_factory=list)
    # Doubtful pairs stored for an editor: files, articles, languages, score, anchors.
    suggestions: list[dict] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False
    rolled_back: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(d.status for d in self.documents)
        return {status: counts.get(status, 0) for status in STATUSES}

    @property
    def warnings(self) -> list[str]:
        return [f"{d.file}: {w}" for d in self.documents for w in d.warnings]

    @property
    def failed(self) -> bool:
        return any(d.status == "failed" for d in self.documents)

    def as_dict(self) -> dict:
        return {
            "run": self.run,
            "dry_run": self.dry_run,
            "strict": self.strict,
            "rolled_back": self.rolled_back,
            "counts": self.counts,
            "documents": [d.as_dict() for d in self.documents],
            "articles": self.articles,
            "suggestions": self.suggestions,
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


def article_entries(article_ids: set[int]) -> list[dict]:
    # Only the titles (`str(article)`): a large run's texts would be read for nothing.
    titles = [localized("title", code) for code in LANGUAGE_CODES]
    articles = Article.objects.filter(pk__in=article_ids).only(*titles).prefetch_related("versions")
    findings = open_finding_counts(article_ids)
    return [
        article_entry(article, list(article.versions.all()), findings)
        for article in sorted(articles, key=lambda a: a.pk)
    ]


def render_json(report: ImportReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def render_table(report: ImportReport) -> list[str]:
    """The summary as plain text lines: files, then articles, then totals."""
    width = max([len(d.file) for d in report.documents] + [4])
    lines = [f"{'file':<{width}}  lang  conf  article  status     warnings"]
    for d in report.documents:
        article = "" if d.article is None else f"#{d.article}"
        if d.related_article is not None:
            article = f"(#{d.related_article})"  # matches that story; cannot be a version
        confidence = f"{d.confidence:.2f}" if d.language else ""
        warnings = "; ".join(d.warnings)
        lines.append(
            f"{d.file:<{width}}  {d.language:<4}  {confidence:<4}  {article:<7}  "
            f"{d.status:<9}  {warnings}".rstrip()
        )
    if report.articles:
        lines.append("")
        lines.append("article  languages       title / links (score: strongest shared anchors)")
        for entry in report.articles:
            title = entry["title"] if len(entry["title"]) <= 60 else entry["title"][:59] + "…"
            found = entry["findings"]
            checks = (
                f"  [{found['open']} findings, {found['blocking']} blocking]"
                if found["open"]
                else ""
            )
            lines.append(f"#{entry['id']:<7} {','.join(entry['languages']):<15} {title}{checks}")
            for link in entry["links"]:
                if link["score"] is not None:
                    anchors = ", ".join(link["anchors"][:6])
                    lines.append(f"{'':<24} {link['language']} {link['score']:.2f}: {anchors}")
    if report.suggestions:
        lines.append("")
        lines.append("suggested links (below the link score; an editor links or rejects them)")
        for entry in report.suggestions:
            (a, b), (la, lb) = entry["articles"], entry["languages"]
            anchors = ", ".join(entry["anchors"][:6])
            lines.append(
                f"#{a} {la} ~ #{b} {lb}  {entry['score']:.2f}: {anchors}  "
                f"({entry['files'][0]}, {entry['files'][1]})"
            )
    lines.append("")
    lines.append(", ".join(f"{n} {status}" for status, n in report.counts.items()))
    if report.rolled_back:
        lines.append("Rolled back: nothing was written.")
    return lines
