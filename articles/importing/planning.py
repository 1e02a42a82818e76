"""Planning an import: everything decided before the first write.

Read every file (the bad ones become skips or rejections), look up which
texts the database already holds (by `text_sha256`: a copy of a text in other
bytes is a duplicate, see `reading`), parse and detect the language of the
new files in one batch, then — under the importer lock, see `pipeline` — look the
database up again (`refresh_plans`) and link the new files against the documents
stored so far (`link_plans`), earlier batches of the run included, read through
the anchor table as linking reaches them (`StoredDocuments`). Nothing here writes
but that table, with the documents stored since (`StoredDocuments.take_in`).
Each function takes one batch of files.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Q

from articles import language as lang_detect
from articles.importing import linking, reasons
from articles.importing.anchors import MAX_LENGTH, extract_anchors
from articles.importing.linking import (
    AnchorIndex,
    Cluster,
    Link,
    Node,
    Suggestion,
    link_documents,
    node,
)
from articles.importing.parsing import ParsedDocument, parse_document
from articles.importing.reading import Entry, ReadFile, Rejected, Skip, read_entry
from articles.importing.report import DocumentResult
from articles.importing.splits import story_suggestions
from articles.models import AnchorCount, DocumentAnchor, SourceDocument
from articles.printable import printable

Outcome = SourceDocument.Outcome


#: The stored documents linking compares new files with: applied to an article, in a site language.
def _linkable(via: str = "") -> Q:
    """Linkable: applied to an article, in a site language (`via`: the path to the document)."""
    applied = Q(**{f"{via}outcome": Outcome.APPLIED, f"{via}article__isnull": False})
    return applied & ~Q(**{f"{via}language": ""})


LINKABLE = _linkable()
_CHUNK = 500  # ids per IN (…) query; SQLite limits bound parameters
_ROWS_AT_ONCE = 2000  # rows fetched at a time where a query's rows are streamed


def _linkable_rows():
    """The anchor table's rows of the documents linkable now (`LINKABLE`, through the join)."""
    return DocumentAnchor.objects.filter(_linkable(via="document__"))


@dataclass
class ImportOptions:
    paths: list[Path]
    dry_run: bool = False
    strict: bool = False
    #: Called for each file before its story is written: (files done, files in all, its name).
    progress: Callable[[int, int, str], None] | None = None
    #: Asked before each story is written: True stops the run there (`background`: Cancel).
    stop: Callable[[], bool] | None = None
    #: The checks after the last batch's writes as background tasks (`articles.tasks`), not
    #: inline: the import then ends once its texts are stored, and findings follow.
    checks_in_background: bool = False


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
    document: int | None = None  # its SourceDocument, once written
    #: lingua's scores of the passages the untranslated check reads, kept on the document
    #: (`PassageScores.stored`), so the checks run later as a task detect nothing again.
    scores: dict = field(default_factory=dict)


def read_entries(entries: list[Entry]) -> list[Plan]:
    """A plan for each of these files of the bundle, read (the bad ones rejected or skipped)."""
    max_bytes = settings.NEWSROOM_IMPORT_MAX_BYTES
    plans: list[Plan] = []
    for entry in entries:
        try:
            read = read_entry(entry, max_bytes=max_bytes)
        except OSError as exc:
            read = Rejected(
                entry.name, reasons.reason(reasons.UNREADABLE, error=exc.strerror or str(exc))
            )
        if isinstance(read, Skip):
            status = "rejected" if isinstance(read, Rejected) else "skipped"
            result = DocumentResult(read.name, status, reason=read.reason, offset=read.offset)
            plans.append(Plan(result))
        else:
            plans.append(Plan(DocumentResult(read.name, "created", warnings=read.warnings), read))
    return plans


def new_texts(plans: list[Plan]) -> list[Plan]:
    """The plans of texts neither the database nor an earlier file of the bundle holds;
    the others are marked unchanged or duplicates."""
    known = known_documents([p.file.text_sha256 for p in plans if p.file])
    seen: dict[str, Plan] = {}
    fresh: list[Plan] = []
    for plan in plans:
        if not plan.file:
            continue
        identity = plan.file.text_sha256
        if identity in known:
            mark_known(plan, known[identity])
        elif identity in seen:
            first = seen[identity]
            mark_duplicate(plan, first.result.file, first.file.sha256, earlier=False)
        else:
            seen[identity] = plan
            fresh.append(plan)
    return fresh


def parse_plans(fresh: list[Plan]) -> list[Plan]:
    """Parse each new text; those with no story to import are skipped, the rest returned."""
    for plan in fresh:
        plan.parsed = parse_document(plan.file.text)
        plan.file.text = ""  # parsed now; only the raw text is stored
        if plan.parsed.skip_reason:  # e.g. only a title: no story to import
            plan.result.status, plan.result.reason = "skipped", plan.parsed.skip_reason
            plan.file = plan.parsed = None
    return [p for p in fresh if p.file]


def detect_plans(parsed: list[Plan], scores: lang_detect.PassageScores | None = None) -> None:
    """Detect the language of each parsed text and of its blocks, in one batch (lingua's
    scores kept in `scores` and on each plan, for the checks after the import), and
    extract its anchors for linking."""
    detections = lang_detect.detect_documents([p.parsed.segments() for p in parsed], scores)
    others = [[]] * len(parsed)
    if scores is not None:
        # The untranslated check also reads two passages that are not blocks: a derived
        # title and the key points as one text. Scored now, in one call for the batch.
        others = [_passages_not_blocks(p.parsed) for p in parsed]
        lang_detect.score_samples([s for passages in others for s in passages if s], scores)
    for plan, detection, passages in zip(parsed, detections, others, strict=True):
        plan.detection = detection
        if scores is not None:
            samples = map(lang_detect.passage_sample, plan.parsed.segments())
            plan.scores = scores.stored([*samples, *passages])
        plan.result.language = detection.language
        plan.result.confidence = detection.confidence
        plan.anchors = extract_anchors(plan.parsed.segments())
        plan.result.warnings.extend(plan.parsed.warnings)
        if detection.language and detection.confidence < lang_detect.LOW_CONFIDENCE:
            plan.result.warnings.append(
                reasons.reason(
                    reasons.LANGUAGE_UNCERTAIN,
                    language=detection.language,
                    confidence=detection.confidence,
                )
            )


def _passages_not_blocks(parsed: ParsedDocument) -> list[str]:
    """The samples the untranslated check reads of a derived title and of the key points,
    as the article will hold them."""
    fields = parsed.article_fields()
    title = lang_detect.judgeable(fields["title"]) if parsed.title_derived else ""
    return [title, lang_detect.judgeable(fields["key_points"])]


def refresh_plans(plans: list[Plan]) -> None:
    """Under the lock: what other importers wrote since planning is now known."""
    fresh = [p for p in plans if p.file]
    known = known_documents([p.file.text_sha256 for p in fresh])
    for plan in fresh:
        if plan.file.text_sha256 in known:
            mark_known(plan, known[plan.file.text_sha256])
    fresh = [p for p in fresh if p.file]
    priors = latest_by_name([p.result.file for p in fresh])
    for plan in fresh:
        prior = priors.get(plan.result.file)
        if prior and prior["article_id"] and prior["language"] == plan.detection.language:
            plan.prior = prior


def mark_known(plan: Plan, known: dict) -> None:
    """The database holds this text: under this name it is unchanged, under another a copy."""
    if known["name"] != plan.result.file:
        mark_duplicate(plan, known["name"], known["sha256"], earlier=True)
    else:
        plan.result.status = "unchanged"
        plan.result.outcome = known["outcome"]
        plan.result.warnings = []  # e.g. its encoding: said when it was imported
        plan.file = None
    plan.result.language = known["detected_language"]
    plan.result.confidence = known["confidence"]
    plan.result.article = known["article_id"]


def mark_duplicate(plan: Plan, original: str, original_sha256: str, *, earlier: bool) -> None:
    """Skip a second copy of a text, saying which file it copies (every run says it again)."""
    bytes_differ = plan.file.sha256 != original_sha256
    plan.result.status = "skipped"
    plan.result.reason = reasons.reason(
        reasons.DUPLICATE, file=printable(original), other_bytes=bytes_differ, earlier=earlier
    )
    plan.result.warnings = []  # e.g. its encoding: it is not imported
    plan.file = None


def known_documents(identities: list[str]) -> dict[str, dict]:
    """The stored documents with these text identities (`text_sha256`), by identity."""
    fields = (
        *("text_sha256", "sha256", "name"),
        *("detected_language", "confidence", "article_id", "outcome"),
    )
    known = {}
    for start in range(0, len(identities), _CHUNK):
        rows = SourceDocument.objects.filter(text_sha256__in=identities[start : start + _CHUNK])
        # Said as the unique index's condition, and unordered, so the index answers: without
        # them SQLite read every stored document (by name, the model's ordering) each time.
        rows = rows.exclude(text_sha256="").order_by()
        known.update({row["text_sha256"]: row for row in rows.values(*fields)})
    return known


def latest_by_name(names: list[str]) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for start in range(0, len(names), _CHUNK):
        rows = (
            SourceDocument.objects.filter(name__in=names[start : start + _CHUNK])
            .order_by("name", "-imported_at", "-pk")
            .values("pk", "name", "article_id", "language", "outcome")
        )
        for row in rows:
            latest.setdefault(row["name"], row)
    return latest


class Linked(NamedTuple):
    """By index in the plans: each new file's story, its best link, the strong match it
    was refused because that story already had its language, the doubtful pairs to
    suggest to an editor, and for a file of a language the site does not have, the
    document of its story. Other documents are keys `("db", source document pk)`."""

    clusters: dict[int, Cluster]
    links: dict[int, Link]
    blocked: dict[int, tuple[Hashable, Link]]
    suggestions: list[Suggestion]  # between keys ("file", index) and ("db", document pk)
    related: dict[int, tuple[Hashable, Link]]


class StoredDocuments:
    """The linkable documents stored so far (earlier imports, earlier batches of this one),
    read through the anchor table as linking asks for them (`linking.AnchorIndex` with a
    store): how many there are, how many hold each anchor (and, for the rare ones, in which
    languages), which hold an anchor, some documents' anchors, and which versions their
    articles have. Linkable: applied to an article, in a site language.

    `take_in` (under the importer lock, before each batch links) adds the documents stored
    since the last one: a row per anchor linking may walk (`DocumentAnchor`), whatever the
    document's state, and a count of the linkable holders of each anchor too common to
    walk (`AnchorCount`, no more rows). Rows are read joined to their documents and kept
    while linkable now, so what an editor changed since the last batch is what is read
    (a file unlinked or moved, one linked by hand); only the counts of the common anchors
    stay as taken in (their docstring says why that is enough). So each batch reads and
    writes in proportion to itself and to what its files reach, not to what is stored.
    """

    def __init__(self):
        # Unordered: the model orders by name and import time, columns SQLite reads from the
        # row behind its text; every read here that needs an order says its own.
        self.linkable = SourceDocument.objects.filter(LINKABLE).order_by()
        # One key object per document: a batch's postings name the same documents
        # hundreds of thousands of times.
        self._keys: dict[int, tuple[str, int]] = {}

    def _key(self, pk: int) -> tuple[str, int]:
        key = self._keys.get(pk)
        if key is None:
            key = self._keys[pk] = ("db", pk)
        return key

    def take_in(self) -> None:
        """Put the documents not yet taken in (the last batch's, a killed run's, those stored
        before the table) in the anchor table, a chunk at a time."""
        waiting = SourceDocument.objects.filter(anchors_taken_in=False).order_by("pk")
        while chunk := dict(waiting.values_list("pk", "parsed__anchors")[:_CHUNK]):
            self._take_in(chunk)  # and marks them taken in: the next chunk follows

    def _take_in(self, documents: dict[int, list[str] | None]) -> None:
        anchors = {
            pk: [a for a in dict.fromkeys(held or ()) if len(a) <= MAX_LENGTH]
            for pk, held in documents.items()
        }
        linkable = self.linkable.filter(pk__in=list(documents)).values_list("pk", flat=True)
        added = Counter(anchor for pk in linkable for anchor in anchors[pk])
        common = self._common(list({a: None for held in anchors.values() for a in held}))
        # The index counts an anchor's rows alone, cheaply; only the few whose rows (of
        # unlinkable documents too) come near `MAX_POSTINGS` are counted through the join.
        rows = self._rows([a for a in added if a not in common])
        near = [a for a, n in rows.items() if n + added[a] > linking.MAX_POSTINGS]
        walked = self._holders_by_language(near)
        changed: dict[str, int] = {}
        for anchor, n in added.items():
            total = common.get(anchor, walked[anchor].total()) + n
            if anchor in common or total > linking.MAX_POSTINGS:  # common now: counted only
                common[anchor] = changed[anchor] = total
        AnchorCount.objects.bulk_create(
            [AnchorCount(anchor=anchor, documents=n) for anchor, n in changed.items()],
            update_conflicts=True,
            unique_fields=["anchor"],
            update_fields=["documents"],
        )
        DocumentAnchor.objects.bulk_create(
            DocumentAnchor(document_id=pk, anchor=anchor)
            for pk, held in anchors.items()
            for anchor in held
            if anchor not in common
        )
        SourceDocument.objects.filter(pk__in=list(documents)).update(anchors_taken_in=True)

    def _common(self, anchors: list[str]) -> dict[str, int]:
        """The counted anchors among these (`AnchorCount`): how many documents hold each."""
        counts: dict[str, int] = {}
        for start in range(0, len(anchors), _CHUNK):
            rows = AnchorCount.objects.filter(anchor__in=anchors[start : start + _CHUNK])
            counts.update(rows.values_list("anchor", "documents"))
        return counts

    def _rows(self, anchors: list[str]) -> dict[str, int]:
        """How many rows each of these anchors has, whatever their documents' state now."""
        counts: dict[str, int] = {}
        for start in range(0, len(anchors), _CHUNK):
            rows = DocumentAnchor.objects.filter(anchor__in=anchors[start : start + _CHUNK])
            counts.update(rows.values_list("anchor").annotate(n=Count("pk")).order_by())
        return counts

    def _holders_by_language(self, anchors: list[str]) -> defaultdict[str, Counter[str]]:
        """How many linkable documents hold each of these anchors by their rows, by language."""
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for start in range(0, len(anchors), _CHUNK):
            rows = _linkable_rows().filter(anchor__in=anchors[start : start + _CHUNK])
            grouped = rows.values_list("anchor", "document__language").annotate(n=Count("pk"))
            for anchor, language, n in grouped.order_by():
                counts[anchor][language] = n
        return counts

    def count(self) -> Counter[str]:
        """How many documents there are, by language."""
        return Counter(dict(self.linkable.values_list("language").annotate(n=Count("pk"))))

    def frequencies(self, anchors: list[str], rare: int) -> dict[str, tuple[int, Counter[str]]]:
        """How many documents hold each of `anchors` and, for those held by at most `rare`,
        how many by language (the anchors none holds are left out). The common ones are
        counted (`AnchorCount`), the others counted by their rows."""
        counted = self._common(anchors)
        found = {anchor: (n, Counter()) for anchor, n in counted.items() if n > rare}
        walked = self._holders_by_language([a for a in anchors if a not in found])
        for anchor, by_language in walked.items():
            total = by_language.total()
            found[anchor] = (total, by_language if total <= rare else Counter())
        return found

    def holders(self, anchors: list[str]) -> Iterator[tuple[str, tuple[str, int], str]]:
        """(anchor, key, language) of the documents holding each of `anchors`, by key.

        Streamed (`iterator()`): a late batch of a large import reads hundreds of thousands
        of rows, which as a list were the largest thing the batch held."""
        for start in range(0, len(anchors), _CHUNK):
            rows = _linkable_rows().filter(anchor__in=anchors[start : start + _CHUNK])
            ordered = rows.order_by("document_id")
            for anchor, pk, language in ordered.values_list(
                "anchor", "document_id", "document__language"
            ).iterator(chunk_size=_ROWS_AT_ONCE):
                yield anchor, self._key(pk), language

    def documents(self, keys: list[tuple[str, int]]) -> list[Node]:
        """The nodes of these documents (those still linkable), by key."""
        pks = sorted(pk for _, pk in keys)
        nodes = []
        for start in range(0, len(pks), _CHUNK):
            rows = self.linkable.filter(pk__in=pks[start : start + _CHUNK]).order_by("pk")
            nodes += [
                node(
                    self._key(row["pk"]),
                    row["language"],
                    map(sys.intern, row["parsed__anchors"] or ()),
                    article_id=row["article_id"],
                    new=False,
                )
                for row in rows.values("pk", "language", "article_id", "parsed__anchors")
            ]
        return nodes

    def versions(self, articles: list[int]) -> list[tuple[tuple[str, int], str, int]]:
        """(key, language, article) of the linkable documents of these articles: a story's
        versions, without their anchors (which languages a story has is what linking asks)."""
        ordered, found = sorted(articles), []
        for start in range(0, len(ordered), _CHUNK):
            rows = self.linkable.filter(article_id__in=ordered[start : start + _CHUNK])
            for pk, language, article in rows.order_by("pk").values_list(
                "pk", "language", "article_id"
            ):
                found.append((self._key(pk), language, article))
        return found


def link_plans(plans: list[Plan]) -> Linked:
    """Clusters for the new files of supported languages, against the stored documents
    (earlier imports and earlier batches), read as linking reaches them
    (`StoredDocuments`): memory holds what one batch reaches, not what is stored."""
    stored = StoredDocuments()
    stored.take_in()
    nodes = [
        node(("file", i), plan.detection.language, plan.anchors, site=plan.detection.supported)
        for i, plan in enumerate(plans)
        if plan.file and plan.detection.language and not plan.prior
    ]
    index = AnchorIndex(nodes, store=stored)
    result = link_documents(index)
    suggestions = [*result.suggestions, *story_suggestions(index, result)]
    clusters = {
        i: result.cluster_of[("file", i)]
        for i, p in enumerate(plans)
        if ("file", i) in result.cluster_of
    }
    links = {i: result.links[("file", i)] for i in clusters if ("file", i) in result.links}
    blocked = {i: result.blocked[("file", i)] for i in clusters if ("file", i) in result.blocked}
    related = {key[1]: match for key, match in result.related.items()}
    return Linked(clusters, links, blocked, suggestions, related)
