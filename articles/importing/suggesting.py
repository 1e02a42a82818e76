"""After the writes: store the doubtful pairs as link suggestions, and tell which story
each file of a language the site does not have belongs to.

Both are decided by `linking` before the first write, but they name articles,
and an article a file of this run creates exists only once that file is
written; so they are stored here, after `persisting` wrote every file.

A suggestion is stored once per pair of articles: if the pair was suggested
before — still open, linked, or rejected by an editor ("Not a translation") —
nothing is stored again, which is how a rejection is remembered across imports.
"""

from __future__ import annotations

from collections.abc import Hashable

from articles.importing.linking import Suggestion
from articles.importing.planning import Linked, Plan
from articles.models import ImportRun, LinkSuggestion, SourceDocument


def store_suggestions(plans: list[Plan], linked: Linked, run: ImportRun | None) -> list[dict]:
    """Store the run's suggestions; return them as the report lists them."""
    if run is None or not linked.suggestions:
        return []
    stored = _documents([s.b for s in linked.suggestions] + [s.a for s in linked.suggestions])
    pairs = []
    for suggestion in linked.suggestions:
        first, second = _side(suggestion.a, plans, stored), _side(suggestion.b, plans, stored)
        if first is None or second is None or first[0] == second[0]:
            continue  # a file failed, or the two are one article by now
        pairs.append((suggestion, first, second))
    # The pairs suggested before, read at once: a query per pair was most of this step.
    suggested = _suggested({side[0] for _s, *sides in pairs for side in sides})
    entries, rows = [], []
    for suggestion, first, second in pairs:
        pair = frozenset((first[0], second[0]))
        if pair in suggested:
            continue
        suggested.add(pair)  # two suggestions of one batch may join the same two articles
        rows.append(
            LinkSuggestion(
                article_id=first[0],
                other_id=second[0],
                document_id=first[1],
                other_document_id=second[1],
                score=suggestion.link.score,
                anchors=suggestion.link.anchors,
                import_run=run,
            )
        )
        entries.append(_entry(suggestion, first, second))
    LinkSuggestion.objects.bulk_create(rows)  # no receiver listens to suggestions
    return entries


def _suggested(articles: set[int]) -> set[frozenset[int]]:
    """The pairs of `articles` suggested before, whatever became of the suggestion."""
    ids = sorted(articles)
    pairs = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = LinkSuggestion.objects.involving_any(chunk).values_list("article_id", "other_id")
        pairs.update(frozenset(row) for row in rows if row[1] is not None)
    return pairs


#: Articles per `IN (…)` query (SQLite limits bound parameters).
_CHUNK = 500


def relate_outside(plans: list[Plan], linked: Linked) -> None:
    """Point each new file of a language the site does not have at its story's article."""
    if not linked.related:
        return
    stored = _documents([key for key, _ in linked.related.values()])
    for index, (key, _link) in linked.related.items():
        plan, target = plans[index], _side(key, plans, stored)
        if plan.document is None or target is None:
            continue
        SourceDocument.objects.filter(pk=plan.document).update(related_article_id=target[0])
        plan.result.related_article = target[0]


def _documents(keys: list[Hashable]) -> dict[int, dict]:
    """The stored documents among `keys` (("db", pk)): their article, language and name."""
    pks = [key[1] for key in keys if key[0] == "db"]
    rows = SourceDocument.objects.filter(pk__in=pks).values("pk", "article_id", "language", "name")
    return {row["pk"]: row for row in rows}


def _side(key: Hashable, plans: list[Plan], stored: dict[int, dict]):
    """(article, source document, language, file name) of a linking key, or None."""
    kind, value = key
    if kind == "file":
        plan = plans[value]
        if plan.result.article is None or plan.document is None or plan.result.outcome != "applied":
            return None
        return plan.result.article, plan.document, plan.result.language, plan.result.file
    row = stored.get(value)
    if row is None or row["article_id"] is None:
        return None
    return row["article_id"], value, row["language"], row["name"]


def _entry(suggestion: Suggestion, first, second) -> dict:
    return {
        "files": [first[3], second[3]],
        "articles": [first[0], second[0]],
        "languages": [first[2], second[2]],
        "score": suggestion.link.score,
        "anchors": suggestion.link.anchors,
    }
