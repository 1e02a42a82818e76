"""Planning an import: everything decided before the first write.

Read every file (the bad ones become skips), look up which SHA-256s the
database already holds, parse and detect the language of the new files in
one batch, then — under the importer lock, see `persisting` — look the
database up again (`refresh_plans`) and link the new files against an anchor
index of earlier imports loaded once (`link_plans`). Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from articles import language as lang_detect
from articles.importing.linking import (
    AnchorIndex,
    Cluster,
    Link,
    Node,
    extract_anchors,
    link_documents,
)
from articles.importing.parsing import ParsedDocument, parse_document
from articles.importing.reading import ReadFile, Skip, read_entry, walk_bundle
from articles.importing.report import DocumentResult
from articles.models import SourceDocument

Outcome = SourceDocument.Outcome
_CHUNK = 500  # ids per IN (…) query; SQLite limits bound parameters


@dataclass
class ImportOptions:
    paths: list[Path]
    dry_run: bool = False
    strict: bool = False
    progress: Callable[[int, int, str], None] | None = None


@dataclass
class Plan:
    """One file's planned import; `result` is filled in as it goes."""

    result: DocumentResult
    file: ReadFile | None = None
    parsed: ParsedDocument | None = None
    detection: lang_detect.Detection | None = None
    anchors: list[str] = field(default_factory=list)
    prior: dict | None = None  # the latest earlier document with this name, when changed
    slug: str | None = None  # chosen before the writes, for the files that create a version


def plan_bundle(
    options: ImportOptions, scores: lang_detect.PassageScores | None = None
) -> list[Plan]:
    """Every file read, parsed and language-detected (lingua's scores kept in `scores`)."""
    max_bytes = settings.NEWSROOM_IMPORT_MAX_BYTES
    plans: list[Plan] = []
    for entry in walk_bundle(options.paths):
        try:
            read = read_entry(entry, max_bytes=max_bytes)
        except OSError as exc:
            read = Skip(entry.name, f"unreadable: {exc.strerror or exc}")
        if isinstance(read, Skip):
            plans.append(Plan(DocumentResult(read.name, "skipped", warnings=[read.reason])))
        else:
            plans.append(Plan(DocumentResult(read.name, "created"), file=read))

    known = known_documents([p.file.sha256 for p in plans if p.file])
    seen: dict[str, str] = {}
    fresh: list[Plan] = []
    for plan in plans:
        if not plan.file:
            continue
        sha = plan.file.sha256
        if sha in known:
            mark_unchanged(plan, known[sha])
        elif sha in seen:
            plan.result.status = "skipped"
            plan.result.warnings.append(f"same bytes as {seen[sha]}; imported once")
            plan.file = None
        else:
            seen[sha] = plan.result.file
            fresh.append(plan)

    for plan in fresh:
        plan.parsed = parse_document(plan.file.text)
        plan.file.text = ""  # parsed now; only the raw text is stored
    detections = lang_detect.detect_documents([p.parsed.segments() for p in fresh], scores)
    if scores is not None:
        # The untranslated check also reads two passages that are not blocks: a derived
        # title and the key points as one text. Scored now, in one call for the bundle.
        lang_detect.score_samples(
            [sample for p in fresh for sample in _passages_not_blocks(p.parsed) if sample],
            scores,
        )
    for plan, detection in zip(fresh, detections, strict=True):
        plan.detection = detection
        plan.result.language = detection.language
        plan.result.confidence = detection.confidence
        plan.anchors = extract_anchors(plan.parsed.segments())
        plan.result.warnings.extend(plan.parsed.warnings)
        if detection.language and detection.confidence < lang_detect.LOW_CONFIDENCE:
            plan.result.warnings.append(
                f"language uncertain: {detection.language} at {detection.confidence:.2f}"
            )
    return plans


def _passages_not_blocks(parsed: ParsedDocument) -> list[str]:
    """The samples the untranslated check reads of a derived title and of the key points,
    as the article will hold them."""
    fields = parsed.article_fields()
    title = lang_detect.judgeable(fields["title"]) if parsed.title_derived else ""
    return [title, lang_detect.judgeable(fields["key_points"])]


def refresh_plans(plans: list[Plan]) -> None:
    """Under the lock: what other importers wrote since planning is now known."""
    fresh = [p for p in plans if p.file]
    known = known_documents([p.file.sha256 for p in fresh])
    for plan in fresh:
        if plan.file.sha256 in known:
            mark_unchanged(plan, known[plan.file.sha256])
    fresh = [p for p in fresh if p.file]
    priors = latest_by_name([p.result.file for p in fresh])
    for plan in fresh:
        prior = priors.get(plan.result.file)
        if prior and prior["article_id"] and prior["language"] == plan.detection.language:
            plan.prior = prior


def mark_unchanged(plan: Plan, known: dict) -> None:
    plan.result.status = "unchanged"
    plan.result.language = known["detected_language"]
    plan.result.confidence = known["confidence"]
    plan.result.article = known["article_id"]
    plan.result.outcome = known["outcome"]
    plan.file = None


def known_documents(shas: list[str]) -> dict[str, dict]:
    fields = ("sha256", "detected_language", "confidence", "article_id", "outcome")
    known = {}
    for start in range(0, len(shas), _CHUNK):
        rows = SourceDocument.objects.filter(sha256__in=shas[start : start + _CHUNK])
        known.update({row["sha256"]: row for row in rows.values(*fields)})
    return known


def latest_by_name(names: list[str]) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for start in range(0, len(names), _CHUNK):
        rows = (
            SourceDocument.objects.filter(name__in=names[start : start + _CHUNK])
            .exclude(outcome=Outcome.REPLACED)
            .order_by("name", "-imported_at", "-pk")
            .values("pk", "name", "article_id", "language", "outcome")
        )
        for row in rows:
            latest.setdefault(row["name"], row)
    return latest


class Linked(NamedTuple):
    """By index in the plans: each new file's story, its best link, and the strong
    match it was refused because that story already had its language."""

    clusters: dict[int, Cluster]
    links: dict[int, Link]
    blocked: dict[int, tuple[Hashable, Link]]


def link_plans(plans: list[Plan]) -> Linked:
    """Clusters for the new files of supported languages, against earlier imports."""
    nodes = [
        Node(
            ("db", row["pk"]),
            row["language"],
            frozenset(row["parsed__anchors"] or ()),
            row["article_id"],
            new=False,
        )
        for row in SourceDocument.objects.filter(outcome=Outcome.APPLIED, article__isnull=False)
        .exclude(language="")
        .values("pk", "language", "article_id", "parsed__anchors")
        .iterator(chunk_size=2000)
    ]
    for index, plan in enumerate(plans):
        if plan.file and plan.detection.supported and not plan.prior:
            nodes.append(Node(("file", index), plan.detection.language, frozenset(plan.anchors)))
    result = link_documents(AnchorIndex(nodes))
    clusters = {
        i: result.cluster_of[("file", i)]
        for i, p in enumerate(plans)
        if ("file", i) in result.cluster_of
    }
    links = {i: result.links[("file", i)] for i in clusters if ("file", i) in result.links}
    blocked = {i: result.blocked[("file", i)] for i in clusters if ("file", i) in result.blocked}
    return Linked(clusters, links, blocked)
