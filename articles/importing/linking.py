"""Linking translations: which files are versions of one story.

The signal is the documents' *anchors* (`articles.importing.anchors`): numbers,
model and product names and names, case- and accent-folded.

Score of a pair (`AnchorIndex._score`), two signals multiplied:

* *overlap*: the IDF weight of the shared anchors over the IDF weight of the
  smaller anchor set (a weighted overlap coefficient), IDF = ln(1 + N/df) over
  every document the run knows (this bundle and earlier imports). Rare shared
  names and figures are the evidence; everyday ones (`Trump`, `EU`) are light.
  N and df count *stories*, not files: df is the most documents of any one
  language holding the anchor and N the most documents of any one language (a
  story has one version per language). Counted by files, the five translations
  of one story uploaded alone made every anchor they share the commonest of the
  upload, and a fifth of such pairs stayed apart; counted by stories, a story
  weighs its anchors as it would among thousands (bench/link_eval.py, small
  uploads). An anchor held by more than `MAX_POSTINGS` documents is counted in
  files, scaled by stories per file: counting its holders by language would read
  all of them, and over that many the ratio is the same.
* *order*: the share of the shared anchors that appear in the same order in
  both files (their longest common ordered run). A translation keeps the order
  of names and figures paragraph by paragraph; two different reports of one
  event share the names but tell them in another order. On the real bundle it
  raises recall of the automatic links from 0.96 to 0.98 and lowers the best
  score of two different stories. Documents stored before the order was kept
  (their anchors in alphabetical order) skip it.

A pair links (`link_documents`) when it shares at least `MIN_SHARED` anchors
and either
* scores at least `LINK_THRESHOLD` (0.5, *strong*): a translation keeps nearly
  all of its counterpart's anchors (the seed translations score 0.75 to 0.9),
  while two different stories about one company share only the company's
  everyday names (seed 003 against the others scores below 0.3); or
* scores at least `MUTUAL_THRESHOLD` (0.3) and is a *mutual best match with a
  margin*: each file is the other's best candidate in the other's language,
  by at least `MARGIN` (1.5 times) over the runner-up in that language. A story
  has one version per language, so a real translation has no rival there;
  a doubtful pair links only when nothing else competes for either side.
  This is what real (human) translations need: institutions and places are
  translated ("Supreme Court" / "Mahkamah Agung"), so a true pair often shares
  only a third of its anchors, as much as two stories on one topic — but the
  other story then competes. On the real bundle, recall without it is 0.71
  (0.73 before this rule and the order signal), with it 0.98, no wrong link:
  no threshold on the score alone can do that.

The doubtful band becomes *suggestions* (`_suggestions`), not silence: a pair
left apart that scores at least `SUGGEST_THRESHOLD` (0.15; two unrelated
stories rarely share three rare anchors), is the best match of one of its files
in the other's language, and whose stories could be one. One per pair of
stories; an editor links it or rejects it (`articles.importing.suggesting`).

Files of languages the site does not have (Italian, Portuguese) take no part
in the stories but are matched to one by the same rule, one-sided (`_related`).

Measured and dropped: matching anchors by a shared prefix across languages
("Virginia" / "Virginie", "Singapur" / "Singapore") raised the scores of
different stories more than those of translations; stripping a German
genitive "-s" and the ratio of the two texts' lengths changed nothing or made
the separation worse.

Candidates come from an inverted index (anchor → documents), skipping anchors
held by more than `MAX_POSTINGS` documents: those are too common to tell
stories apart, and walking them would make linking quadratic. The mutual rule
only compares the candidates the index already found.

Clustering is greedy on edges in descending score: two clusters merge when
their languages do not overlap (at most one version per language, never two
files of one language) and at most one of them is an existing article.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from articles.importing.anchors import has_digit

LINK_THRESHOLD = 0.5
MUTUAL_THRESHOLD = 0.3
MARGIN = 1.5
SUGGEST_THRESHOLD = 0.15
MIN_SHARED = 3
MAX_POSTINGS = 200
MAX_CANDIDATES = 12
#: Stored stories whose versions `AnchorIndex.stories` reads at a time.
STORIES_READ = 500
#: Anchors kept on a version to show the editor why it was linked.
SHOWN_ANCHORS = 12


@dataclass(slots=True)
class Node:
    """A document taking part in linking: a new file, or an existing version.

    `anchors` are distinct: a set for a new file, a tuple for a stored document (a batch
    reads tens of thousands of them, and a tuple is a fifth of a set's size; pairs meet
    through `common_anchors`).
    `order` is its anchors in the order they first occur (empty when unknown:
    documents imported before the order was kept). `site` is false for a file in a language the site does
    not have: it is matched to a story (`LinkResult.related`), never linked.
    """

    key: Hashable
    language: str
    anchors: frozenset[str] | tuple[str, ...]
    article_id: int | None = None  # set for versions already in the database
    new: bool = True
    order: tuple[str, ...] = ()
    site: bool = True


def node(key: Hashable, language: str, anchors: Iterable[str], **kwargs) -> Node:
    """A node from the anchors as `extract_anchors` lists them (in order of first occurrence).

    A stored list in alphabetical order comes from an import that did not keep the order:
    it says nothing about order, so none is kept.
    """
    anchors = tuple(dict.fromkeys(anchors))
    order = () if list(anchors) == sorted(anchors) else anchors
    if kwargs.get("new", True):
        return Node(key, language, frozenset(anchors), order=order, **kwargs)
    return Node(key, language, anchors, order=order, **kwargs)


def common_anchors(a: Node, b: Node) -> frozenset[str]:
    """The anchors two documents share (see `Node.anchors`)."""
    if isinstance(a.anchors, frozenset):
        return a.anchors.intersection(b.anchors)
    if isinstance(b.anchors, frozenset):
        return b.anchors.intersection(a.anchors)
    return frozenset(a.anchors).intersection(b.anchors)


@dataclass
class Link:
    score: float
    anchors: list[str]
    rule: str = "strong"  # or "mutual": the best match both ways, with a margin


@dataclass
class Suggestion:
    """Two documents of different stories that may be translations: shown to an editor."""

    a: Hashable  # a new file
    b: Hashable
    link: Link


@dataclass
class Cluster:
    """One story: its nodes, by language."""

    members: dict[str, Node] = field(default_factory=dict)
    article_id: int | None = None


@dataclass
class LinkResult:
    clusters: list[Cluster]
    cluster_of: dict[Hashable, Cluster]
    links: dict[Hashable, Link]  # the best link of each node within its cluster
    blocked: dict[Hashable, tuple[Hashable, Link]]  # a strong match refused: slot taken
    suggestions: list[Suggestion] = field(default_factory=list)
    # a new file of a language the site does not have → the node of its story it matches
    related: dict[Hashable, tuple[Hashable, Link]] = field(default_factory=dict)


class AnchorIndex:
    """Document frequencies and postings of the documents linking compares.

    In memory (`AnchorIndex(nodes)`): the documents given are all there is. With a
    `store` (the stored documents, `planning.StoredDocuments`) it holds the new files
    and reads from the store only what linking reaches: an anchor's frequency and
    languages once a document holding it is weighed, the stored holders of a
    not-too-common anchor (keys and languages, at most `MAX_POSTINGS`) once a document
    holding it looks for candidates, a candidate's anchors once it is one, and which
    languages its story has (`versions`: the other documents of its article, without
    their anchors, which only a story's union in `splits` reads, through `stories`). So it
    links exactly as an index of every stored document would, and holds what one batch
    reaches, not what the database holds: a story's versions read with their anchors
    made a batch at 25,000 stored files load nine in ten of them.
    """

    def __init__(self, nodes: Iterable[Node] = (), store=None):
        self.nodes: dict[Hashable, Node] = {}
        self.postings: dict[str, list[Hashable]] = defaultdict(list)
        # Documents holding each anchor, by language (in memory every document's; with a
        # store the new ones'): the document frequency in stories (see the module
        # docstring), and an anchor held in a single language (a German noun) can never
        # lead to a translation, so candidates() does not walk its postings.
        self.df: dict[str, Counter[str]] = defaultdict(Counter)
        self.outside: list[Node] = []  # files of languages the site does not have
        self._language_of: dict[Hashable, str] = {}
        self.store = store
        self._counted: Counter[str] = Counter()  # documents counted in `df`, by language
        self._stored_count: Counter[str] = store.count() if store is not None else Counter()
        self._reached: set[str] = set()  # anchors whose stored holders are in `postings`
        self._idf: dict[str, float] = {}
        self._walkable: set[str] = set()  # not too common: see MAX_POSTINGS
        self._telling: set[str] = set()  # walkable, and in two languages or more
        self._weights: dict[Hashable, float] = {}
        self._ranks: dict[str, tuple] = {}  # how link() orders shared anchors
        self._candidates: dict[Hashable, list[Hashable]] = {}
        # With a store: the stored articles reached, each version's key by language.
        self.versions: dict[int, dict[str, Hashable]] = {}
        self.add(nodes)
        self.refresh()

    def add(self, nodes: Iterable[Node]) -> None:
        """Add documents (one already held is skipped); `refresh()` before linking."""
        for node in nodes:
            if not node.site:
                self.outside.append(node)
                continue
            if node.key in self.nodes:
                continue
            self.nodes[node.key] = node
            self._language_of[node.key] = node.language
            if self.store is None or node.new:  # a stored one's are the store's
                self._counted[node.language] += 1
                for anchor in node.anchors:
                    self.postings[anchor].append(node.key)
                    self.df[anchor][node.language] += 1

    def refresh(self) -> None:
        """Recompute what depends on every document: IDF and the anchors worth walking."""
        for cached in (self._idf, self._walkable, self._telling, self._weights, self._ranks):
            cached.clear()
        self._candidates.clear()
        held = (anchor for node in [*self.nodes.values(), *self.outside] for anchor in node.anchors)
        self._settle(held)

    def _settle(self, anchors: Iterable[str]) -> None:
        """The IDF of these anchors (over every document, stored and new), and whether
        candidates() walks them."""
        anchors = [a for a in dict.fromkeys(anchors) if a not in self._idf]
        documents = self._counted + self._stored_count  # by language
        stories = max(documents.values(), default=0)  # see the module docstring
        per_file = stories / max(1, documents.total())
        none: tuple[int, Counter[str]] = (0, Counter())
        # The store's counts (`frequencies`) are asked once per anchor (settled, it is not
        # asked again) and a few thousand at a time: not a Counter for each anchor at once.
        for start in range(0, len(anchors), 5000):
            chunk = anchors[start : start + 5000]
            stored_df = {} if self.store is None else self.store.frequencies(chunk, MAX_POSTINGS)
            for anchor in chunk:
                held = self.df.get(anchor, Counter())
                stored, stored_by_language = stored_df.get(anchor, none)
                files = held.total() + stored
                held = held + stored_by_language
                # In stories: by language while rare enough to walk, else scaled (docstring).
                by_language = max(held.values(), default=0)
                frequency = files * per_file if files > MAX_POSTINGS else by_language
                # An anchor no site document holds (only a file of another language): as
                # rare as can be.
                self._idf[anchor] = math.log(1 + max(1, stories) / max(1, frequency))
                if 0 < files <= MAX_POSTINGS:
                    self._walkable.add(anchor)
                    if len(held) >= 2:
                        self._telling.add(anchor)

    def prepare(self, nodes: Iterable[Node]) -> None:
        """The candidates of these documents, found together (with a store: fewer queries)."""
        nodes = [node for node in nodes if node.key not in self._candidates]
        self._reach(nodes)
        for node in nodes:
            self._candidates[node.key] = self._walk(node)
        self._load(key for node in nodes for key in self._candidates[node.key])
        if self.store is not None:
            # A holder an editor deleted (with its article) after its anchors were read and
            # before its document was is no candidate: the import goes on without it.
            for node in nodes:
                found = self._candidates[node.key]
                self._candidates[node.key] = [key for key in found if key in self.nodes]

    def _reach(self, nodes: list[Node]) -> None:
        """With a store: the stored holders of the anchors these documents' candidates
        are found through, into the postings (stored documents first, in key order)."""
        if self.store is None:
            return
        todo = {
            anchor
            for node in nodes
            for anchor in node.anchors
            if anchor in (self._telling if node.site else self._walkable)
        } - self._reached
        self._reached |= todo
        held: dict[str, list[Hashable]] = defaultdict(list)
        for anchor, key, language in self.store.holders(sorted(todo)):
            held[anchor].append(key)
            self._language_of.setdefault(key, language)
        for anchor, keys in held.items():
            self.postings[anchor][:0] = keys

    def _load(self, keys: Iterable[Hashable]) -> None:
        """With a store: the documents of these keys, what their anchors weigh, and which
        versions their articles have (`versions`)."""
        if self.store is None:
            return
        missing = {key for key in keys if key not in self.nodes}
        if missing:
            loaded = self.store.documents(sorted(missing))
            self.add(loaded)
            self._settle(anchor for node in loaded for anchor in node.anchors)
            articles = {n.article_id for n in loaded} - self.versions.keys()
            for key, language, article_id in self.store.versions(sorted(articles)):
                self.versions.setdefault(article_id, {})[language] = key

    def stories(self, clusters: list[Cluster]) -> Iterator[tuple[Cluster, list[Node]]]:
        """Each of these stories with its documents and their anchors. Linking itself only
        asks which languages a stored story has: the other stored versions are read here,
        `STORIES_READ` stories at a time, and not kept."""
        for start in range(0, len(clusters), STORIES_READ):
            chunk = clusters[start : start + STORIES_READ]
            keys = [m.key for c in chunk for m in c.members.values() if m.key not in self.nodes]
            read = {n.key: n for n in self.store.documents(sorted(keys))} if keys else {}
            self._settle(anchor for node in read.values() for anchor in node.anchors)
            for cluster in chunk:
                members = cluster.members.values()
                yield cluster, [self.nodes.get(m.key) or read.get(m.key, m) for m in members]

    def weight(self, anchors: Iterable[str]) -> float:
        """The IDF weight of anchors of the index's documents (`fsum`: the same whatever
        the order a set gives them in)."""
        return math.fsum(map(self._idf.__getitem__, anchors))

    def _node_weight(self, node: Node) -> float:
        value = self._weights.get(node.key)
        if value is None:
            value = self._weights[node.key] = self.weight(node.anchors)
        return value

    def shared(self, a: Hashable, b: Hashable) -> frozenset[str]:
        return common_anchors(self.nodes[a], self.nodes[b])

    def link(self, value: float, shared: frozenset[str], rule: str = "strong") -> Link:
        """A scored pair's link: its score and the anchors shared, rarest first (among
        equals, model names and figures, then longer names)."""
        rank = self._ranks
        for anchor in shared:
            if anchor not in rank:
                rank[anchor] = (-self._idf[anchor], not has_digit(anchor), -len(anchor), anchor)
        return Link(value, sorted(shared, key=rank.__getitem__), rule)

    def similarity(self, a: Node, b: Node) -> tuple[float, frozenset[str]]:
        """Weighted anchor overlap times order agreement (see the module docstring)."""
        common = common_anchors(a, b)
        smaller = min(self._node_weight(a), self._node_weight(b))
        if not common or not smaller:
            return 0.0, common
        value = self.weight(common) / smaller
        # Order can only lower a score: not worth computing for a pair below any use.
        if value >= SUGGEST_THRESHOLD and a.order and b.order and len(common) > 2:
            value *= self._order(a, b, common)
        return round(value, 4), common

    def _order(self, a: Node, b: Node, shared: frozenset[str]) -> float:
        """The share of the shared anchors that occur in the same order in both documents:
        the longest run of them in a's order whose positions in b increase too."""
        # Positions per pair, not kept per document: 60 anchors' dict is larger than the
        # document's own anchors, and a batch compares tens of thousands of documents.
        second = {anchor: i for i, anchor in enumerate(b.order) if anchor in shared}
        tails: list[int] = []  # patience sorting: the longest increasing subsequence
        for anchor in a.order:  # every shared anchor is in both orders
            at = second.get(anchor)
            if at is None:
                continue
            i = bisect.bisect_left(tails, at)
            if i == len(tails):
                tails.append(at)
            else:
                tails[i] = at
        return len(tails) / len(shared)

    def candidates(self, node: Node) -> list[Hashable]:
        """Documents of other languages sharing a not-too-common anchor, most shared first."""
        self.prepare([node])
        return self._candidates[node.key]

    def _walk(self, node: Node) -> list[Hashable]:
        hits: dict[Hashable, float] = {}
        get, language_of, key, language = hits.get, self._language_of, node.key, node.language
        # A file of another language meets site files through any anchor they share, even
        # one held in a single site language.
        telling = self._telling if node.site else self._walkable
        # In a fixed order: candidates of equal sums come in the order first hit, and a
        # set's order changes with every process's string hashes (an import run twice
        # would break such ties, and suggest partners, differently).
        for anchor in sorted(node.anchors):
            if anchor not in telling:
                continue
            weight = self._idf[anchor]
            for other in self.postings[anchor]:
                if other != key and language_of[other] != language:
                    hits[other] = get(other, 0) + weight
        # most_common(): the highest sums, ties in the order they were first hit
        return [key for key, _ in heapq.nlargest(MAX_CANDIDATES, hits.items(), key=itemgetter(1))]


class _Rivals:
    """Each document's two best scores per language of the other side: the mutual-best rule."""

    def __init__(self):
        self.top: dict[tuple[Hashable, str], list] = {}  # (key, language) → [s1, key1, s2]

    def add(self, a: Node, b: Node, value: float) -> None:
        for one, other in ((a, b), (b, a)):
            slot = self.top.setdefault((one.key, other.language), [0.0, None, 0.0])
            if value > slot[0]:
                slot[:] = [value, other.key, slot[0]]
            elif value > slot[2] and other.key != slot[1]:
                slot[2] = value

    def best(self, a: Node, language: str) -> Hashable | None:
        slot = self.top.get((a.key, language))
        return slot[1] if slot else None

    def mutual(self, a: Node, b: Node, value: float) -> bool:
        """Each is the other's best in its language, by `MARGIN` over the runner-up."""
        for one, other in ((a, b), (b, a)):
            slot = self.top.get((one.key, other.language))
            if not slot or slot[1] != other.key or value < MARGIN * slot[2]:
                return False
        return True


def link_documents(index: AnchorIndex) -> LinkResult:
    """Group the new nodes of `index` into stories, attaching to existing articles."""
    # The pairs that may link or be suggested, by score (not their shared anchors: a large
    # bundle has many such pairs, and the anchors are needed only for the few that link).
    scores: dict[tuple, float] = {}
    rivals = _Rivals()
    names: dict[Hashable, str] = {}  # a pair is ordered by its keys' repr

    def name(key: Hashable) -> str:
        if key not in names:
            names[key] = repr(key)
        return names[key]

    scored: set[tuple] = set()

    def score_candidates(node: Node) -> None:
        for other in index.candidates(node):
            pair = (node.key, other) if name(node.key) <= name(other) else (other, node.key)
            if pair in scored:
                continue
            scored.add(pair)
            value, shared = index.similarity(node, index.nodes[other])
            if len(shared) >= MIN_SHARED:  # fewer could never link: no rival either
                rivals.add(node, index.nodes[other], value)
                if value >= SUGGEST_THRESHOLD:  # kept only if it may link or be suggested
                    scores[pair] = value

    new = [node for node in index.nodes.values() if node.new]
    index.prepare(new)
    for node in new:
        score_candidates(node)
    # An existing document a new file would link to competes with its own candidates too,
    # where that link rests on the mutual rule (a score under `LINK_THRESHOLD`): the one
    # rule that asks who else competes. A strong pair links whatever its rivals, and in the
    # late batches of a large import most files find their story stored: walking each
    # stored match's candidates read thousands of documents a batch that decided nothing.
    existing = {
        best
        for (key, _), (value, best, _) in rivals.top.items()
        if index.nodes[key].new and best and value < LINK_THRESHOLD
    }
    existing = [index.nodes[key] for key in sorted(existing, key=repr)]
    existing = [node for node in existing if not node.new]
    index.prepare(existing)
    for node in existing:
        score_candidates(node)

    edges: dict[tuple, Link] = {}
    for (a, b), value in scores.items():
        if value >= LINK_THRESHOLD:
            edges[(a, b)] = index.link(value, index.shared(a, b))
        elif value >= MUTUAL_THRESHOLD and rivals.mutual(index.nodes[a], index.nodes[b], value):
            edges[(a, b)] = index.link(value, index.shared(a, b), "mutual")

    cluster_of: dict[Hashable, Cluster] = {}
    by_article: dict[int, Cluster] = {}
    for node in index.nodes.values():
        if node.article_id is not None:
            cluster = by_article.setdefault(node.article_id, Cluster(article_id=node.article_id))
        else:
            cluster = Cluster()
        cluster.members[node.language] = node
        cluster_of[node.key] = cluster
    # A stored story's other versions hold its languages: a member without its anchors.
    for article_id, versions in index.versions.items():
        cluster = by_article[article_id]  # the article of a document loaded
        for language, key in versions.items():
            # (a key already placed: a document moved to another article between the reads)
            if language not in cluster.members and key not in cluster_of:
                cluster.members[language] = Node(key, language, frozenset(), article_id, new=False)
                cluster_of[key] = cluster

    blocked: dict[Hashable, tuple[Hashable, Link]] = {}
    ordered = sorted(edges.items(), key=lambda item: (-item[1].score, repr(item[0])))
    for (a, b), link in ordered:
        first, second = cluster_of[a], cluster_of[b]
        if first is second:
            continue
        if first.members.keys() & second.members.keys() or (
            first.article_id is not None and second.article_id is not None
        ):
            for key, other in ((a, b), (b, a)):
                if index.nodes[key].new and key not in blocked and link.rule == "strong":
                    blocked[key] = (other, link)
            continue
        keep, gone = (
            (first, second) if len(first.members) >= len(second.members) else (second, first)
        )
        keep.members.update(gone.members)
        keep.article_id = keep.article_id or gone.article_id
        for member in gone.members.values():
            cluster_of[member.key] = keep

    links: dict[Hashable, Link] = {}
    for (a, b), link in ordered:
        if cluster_of[a] is cluster_of[b]:
            for key in (a, b):
                if key not in links or links[key].score < link.score:
                    links[key] = Link(link.score, link.anchors[:SHOWN_ANCHORS], link.rule)
    clusters = list({id(c): c for c in cluster_of.values()}.values())
    blocked = {k: v for k, v in blocked.items() if len(cluster_of[k].members) == 1}
    return LinkResult(
        clusters=clusters,
        cluster_of=cluster_of,
        links=links,
        blocked=blocked,
        suggestions=_suggestions(index, scores, rivals, cluster_of),
        related=_related(index),
    )


def _suggestions(index, scores, rivals, cluster_of) -> list[Suggestion]:
    """The doubtful pairs left apart: one per pair of stories, its strongest pair of files.

    A pair is suggested when one of its files is new, it scores at least
    `SUGGEST_THRESHOLD` with `MIN_SHARED` anchors, is the best match of one of its
    files in the other's language, and the two stories could be one (no language
    twice; two existing articles may be, an editor links them).
    """
    best: dict[tuple[int, int], Suggestion] = {}
    for (a, b), value in scores.items():
        first, second = cluster_of[a], cluster_of[b]
        if first is second or first.members.keys() & second.members.keys():
            continue
        node_a, node_b = index.nodes[a], index.nodes[b]
        if not (node_a.new or node_b.new):
            continue  # two earlier documents: decided, or suggested, by an earlier import
        if rivals.best(node_a, node_b.language) != b and rivals.best(node_b, node_a.language) != a:
            continue
        if not node_a.new:
            a, b = b, a
        pair = (min(id(first), id(second)), max(id(first), id(second)))
        if pair not in best or best[pair].link.score < value:
            link = index.link(value, index.shared(a, b), "suggested")
            best[pair] = Suggestion(a, b, Link(link.score, link.anchors[:SHOWN_ANCHORS], link.rule))
    return sorted(best.values(), key=lambda s: (-s.link.score, repr(s.a)))


def _related(index: AnchorIndex) -> dict[Hashable, tuple[Hashable, Link]]:
    """For each file of a language the site does not have, the document of its story.

    The same rule as a link: a strong score, or the best match by `MARGIN` over the
    runner-up at `MUTUAL_THRESHOLD`. (Its rivals are the documents of one language,
    so it is one-sided: no other file of its own language is compared.)
    """
    related: dict[Hashable, tuple[Hashable, Link]] = {}
    index.prepare(index.outside)
    for outside in index.outside:
        ranked = sorted(
            (
                (index.similarity(outside, index.nodes[key]), key)
                for key in index.candidates(outside)
            ),
            key=lambda item: (-item[0][0], repr(item[1])),
        )
        if not ranked:
            continue
        (value, shared), key = ranked[0]
        runner_up = max(
            (v for (v, _), k in ranked[1:] if index.nodes[k].language == index.nodes[key].language),
            default=0.0,
        )
        if len(shared) >= MIN_SHARED and (
            value >= LINK_THRESHOLD or (value >= MUTUAL_THRESHOLD and value >= MARGIN * runner_up)
        ):
            related[outside.key] = (key, index.link(value, shared))
    return related
