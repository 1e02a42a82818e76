"""Stories left split in two: a file left alone that matches a whole story, not one of its files.

`linking` scores pairs of files. A human translation keeps some names and translates
others, and not the same ones in every language: a German file may share few anchors
with the French version of its story and a few more with the English one, each pair
scoring in the doubtful band or below it, so it is neither linked nor suggested and the
story stays split in two articles. A story is one text in several languages, so a file
is also compared with the *union* of a story's anchors (every version it has, from
this import or earlier ones): the names each translation kept add up.

A file left alone after linking (a story of its own, new in this import) is suggested
to join the story whose union it matches best, when that match

* shares at least `MIN_SHARED` anchors and scores at least `SUGGEST_THRESHOLD` (the
  weight of the shared anchors over the file's own weight, as a pair is scored), and
* beats the runner-up story by `MARGIN` (a story has one version per language, so the
  file's real story has no rival; two stories on one topic share their names alike),

and the file's language is not in that story yet. The suggestion names the story's
version the file matches best, and waits for an editor like every other suggestion.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from articles.importing.linking import (
    MARGIN,
    MIN_SHARED,
    SHOWN_ANCHORS,
    SUGGEST_THRESHOLD,
    AnchorIndex,
    Cluster,
    Link,
    LinkResult,
    Suggestion,
)


def story_suggestions(index: AnchorIndex, result: LinkResult) -> list[Suggestion]:
    """Suggestions joining a file left alone to the story it matches as a whole."""
    suggested = {key for s in result.suggestions for key in (s.a, s.b)}
    alone = {
        key: _reached(index, result, node, result.cluster_of[key])
        for key, node in index.nodes.items()
        if node.new and len(result.cluster_of[key].members) == 1 and key not in suggested
    }
    best = _best(index, alone)
    # The few stories suggested are read again for their partner: `_best` read every
    # story reached a chunk at a time and kept none.
    chosen = _distinct(story for _value, _shared, story in best.values())
    documents = {id(story): read for story, read in index.stories(chosen)}
    out = []
    for key, (value, shared, story) in best.items():
        node = index.nodes[key]
        partner = max(
            documents[id(story)],
            key=lambda member: (index.similarity(node, member)[0], repr(member.key)),
        )
        link = index.link(value, shared, "suggested")
        out.append(
            Suggestion(key, partner.key, Link(value, link.anchors[:SHOWN_ANCHORS], "suggested"))
        )
    return out


def _reached(index: AnchorIndex, result: LinkResult, node, cluster: Cluster) -> list[Cluster]:
    """The stories a candidate of `node` belongs to, whose languages do not include `node`'s."""
    seen: dict[int, Cluster] = {}
    for other in index.candidates(node):
        story = result.cluster_of[other]
        if story is not cluster and node.language not in story.members:
            seen[id(story)] = story
    return list(seen.values())


def _best(index: AnchorIndex, alone: dict[Hashable, list[Cluster]]) -> dict[Hashable, tuple]:
    """For each file left alone, (score, shared anchors, story) of the story it matches
    best, where that match passes the rule of the module docstring."""
    own = {key: index.weight(index.nodes[key].anchors) for key in alone}
    reaching: dict[int, list[Hashable]] = {}  # story → the files that reached it
    stories: dict[int, Cluster] = {}
    for key, reached in alone.items():
        for story in reached if own[key] else ():
            reaching.setdefault(id(story), []).append(key)
            stories[id(story)] = story
    scores: dict[tuple[Hashable, int], tuple] = {}
    for story, documents in index.stories(list(stories.values())):
        union: frozenset[str] = frozenset().union(*(d.anchors for d in documents))
        union_weight = index.weight(union)
        for key in reaching[id(story)]:
            shared = union.intersection(index.nodes[key].anchors)
            value = index.weight(shared) / min(own[key], union_weight)
            scores[(key, id(story))] = (round(value, 4), shared, story)
    best = {}
    for key, reached in alone.items():
        ranked = [scores[(key, id(s))] for s in reached if (key, id(s)) in scores]
        ranked.sort(key=lambda item: (-item[0], repr(sorted(m for m in item[2].members))))
        if not ranked:
            continue
        (value, shared, _story), runner_up = ranked[0], (ranked[1][0] if len(ranked) > 1 else 0)
        if value >= SUGGEST_THRESHOLD and len(shared) >= MIN_SHARED and value >= MARGIN * runner_up:
            best[key] = ranked[0]
    return best


def _distinct(stories: Iterable[Cluster]) -> list[Cluster]:
    return list({id(story): story for story in stories}.values())
