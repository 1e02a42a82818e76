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
    out = []
    for key, node in index.nodes.items():
        if not node.new:
            continue
        cluster = result.cluster_of[key]
        if len(cluster.members) > 1 or key in suggested:
            continue
        ranked = _stories(index, result, node, cluster)
        if not ranked:
            continue
        (value, shared, story), runner_up = ranked[0], (ranked[1][0] if len(ranked) > 1 else 0)
        if value < SUGGEST_THRESHOLD or len(shared) < MIN_SHARED or value < MARGIN * runner_up:
            continue
        partner = max(
            story.members.values(),
            key=lambda member: (index.similarity(node, member)[0], repr(member.key)),
        )
        link = index.link(value, shared, "suggested")
        out.append(
            Suggestion(key, partner.key, Link(value, link.anchors[:SHOWN_ANCHORS], "suggested"))
        )
    return out


def _stories(index: AnchorIndex, result: LinkResult, node, cluster: Cluster) -> list[tuple]:
    """(score, shared anchors, story) for each story a candidate of `node` belongs to,
    whose languages do not include `node`'s; best first."""
    seen: dict[int, Cluster] = {}
    for other in index.candidates(node):
        story = result.cluster_of[other]
        if story is not cluster and node.language not in story.members:
            seen[id(story)] = story
    own = index.weight(node.anchors)
    if not own:
        return []
    scored = []
    for story in seen.values():
        union: frozenset[str] = frozenset().union(*(m.anchors for m in story.members.values()))
        shared = node.anchors & union
        value = index.weight(shared) / min(own, index.weight(union))
        scored.append((round(value, 4), shared, story))
    scored.sort(key=lambda item: (-item[0], repr(sorted(m for m in item[2].members))))
    return scored
