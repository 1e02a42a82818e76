"""Reader search: one function, `search(queryset, language, query)`.

The front page, and anything else that searches, calls only `search()` (or
`found_ids()`, the ids of what it finds); how the matching is done is this
module's business. The contract:

- `queryset` is an `Article` queryset the caller has already limited to what
  readers may see (`Article.objects.edition(language)`): search never widens
  it, so an unpublished version can never be found.
- Only `language`'s title, lede and body are searched: a French reader does
  not get a story because its German text matches.
- `query` is what the reader typed. A blank query returns `queryset`
  unchanged. Otherwise every word must occur (AND), in any of the fields.
- The result is a queryset of the same articles, still lazily chainable
  (filters and pagination apply after). Ordering is the caller's unless a
  ranking engine orders by relevance; callers must not rely on either.
- At most `max_results() + 1` articles are found (`NEWSROOM_SEARCH_MAX_RESULTS`,
  1,000): the newest matches in the caller's order (the edition's: newest
  first). The one beyond the cap tells the results page to say "more than
  1,000" (`articles.search_results`) instead of counting every match; it is
  listed too (the last page of such a search holds one story).
- Because the result is that small, the front page reads its ids once, in
  order (`found_ids()`, the same articles in the same order), and takes its
  count and each page from them (`articles.search_results.FoundStories`): one
  search per page, not one for the count and another for the page.

Both databases find the same stories for the same words, because both index
the same terms, computed here (`articles.search_text`): each word folded
(case, accents) and stemmed per language by the same Snowball algorithms
("enquete" finds "Enquêtes", "Muller" finds "Müller", "Ueberschwemmungen"
finds "Überschwemmungen", "resoluciones" finds "resolución", "dévasté" finds
"dévastée"); no stop word is dropped, so "haben", "todos" or "WHO" are found
like any word. Every stem must occur (AND; "or" is a word, not an operator),
ranked title > lede > body, the caller's order breaking ties:

- PostgreSQL: the vector columns `search_vector_<suffix>` hold those terms
  through the `simple` configuration (no stemming or stop words of its own),
  weighted A, B, C, written by `articles.search_index` (migration
  0018_search_terms); the reader's stems are parsed by
  `plainto_tsquery('simple', …)` and ranked by `ts_rank`.
- SQLite: the FTS5 index `article_search` (migration 0008) of the same
  terms, kept current by `articles.search_index`, ranked by `bm25` with column
  weights 10, 4, 1.
- Any other database (or a language with no column or index yet): the
  portable method, `icontains` on each field (no stemming, no ranking).

Before, PostgreSQL stemmed with its own language configurations (older
Snowball algorithms, stop words dropped): 7 of 30 reader queries found other
stories than on SQLite (issue 30, point 1; tests/site/test_search_parity.py).

Why a cap, and why the newest. Ranking reads every match (bm25 over the
FTS5 rows, ts_rank over each matching row's vector), and counting them
looks each one up: a word in nearly every story cost 0.5 s (SQLite) to 1 s
(PostgreSQL) at 100,000 versions against 10 ms at 1,000. News sites bound it
the same way: a reader of a common word wants the recent stories, and page
101 of a search is never read. So each search first takes the newest
`max_results() + 1` matches (only their ids), then ranks those, title > lede
> body, and the page counts at most those (the ids it read: above). Finding
the newest matches costs about the same whatever the number of matches, but
for what follows it on SQLite:

- PostgreSQL chooses the way itself from its statistics of each word: a
  rare word through the GIN index and a sort of its few matches, a common
  one by walking the edition newest first (`version_public_idx`) and testing
  each story's vector until the cap is reached. `found_ids()` ranks the
  newest in the statement around that walk, with the vectors it read
  (`_full_text_ids`); `search()`, a queryset, ranks them after it, looking
  them up again.
- SQLite cannot estimate an FTS5 match, so the query says both ways and a
  count of the index's matches, stopped at `SORT_AT_MOST` (4,000; 1 ms),
  picks one: up to that many, the matches are sorted; beyond, the edition is
  walked newest first, which then meets the cap within a few thousand
  stories. The other way's subquery has LIMIT 0 and never runs. What still
  grows with the matches: the walk checks each story against the set of the
  word's index entries, which is built from all of them, and the ranking
  scans them all for the newest (a word in almost every story: 0.9 ms at
  1,000 versions, 7 to 8 ms at 100,000; an index whose rowids followed
  publication could stop after the newest, but the rowids follow the
  articles' ids).
- The portable method: the database's own plan (it is not meant for size).

The PostgreSQL vectors were *generated columns* until the terms became the
application's; they are now written with the SQLite index, by its one writer
(`articles.search_index`), on every save of an article and by the importer. A
write around both (`QuerySet.update()` of text columns, a copied database)
needs `manage.py rebuild_search_index`, on either database.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.db import connections
from django.db.models import BooleanField, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import LANGUAGE_CODES, localized
from articles.search_index import FIELDS, INDEX_TABLE, SLOTS
from articles.search_text import fts5_query, query_stems

#: Words beyond this many are ignored: a pasted paragraph must not build a huge query.
MAX_TERMS = 8
#: SQLite's bm25() weights of the index's columns: language (not indexed), title, lede, body.
BM25_WEIGHTS = "0.0, 10.0, 4.0, 1.0"
#: SQLite: up to this many matches in the index, the newest are found by sorting the matches;
#: beyond, by walking the stories newest first (see the module docstring).
SORT_AT_MOST = 4000


def search(queryset: QuerySet, language: str, query: str) -> QuerySet:
    """`queryset` narrowed to its newest articles (at most `max_results() + 1`) whose
    `language` text contains every word of `query`; best match first."""
    terms = query_terms(query)
    if not terms:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor in ("postgresql", "sqlite") and language in LANGUAGE_CODES:
        stems = query_stems(terms, language)
        if not stems:  # only punctuation: nothing to look for
            return queryset.none()
        if vendor == "postgresql":
            return _full_text(queryset, language, " ".join(stems))
        return _sqlite_index(queryset, language, stems)
    matches = queryset.filter(reduce(and_, (_term_matches(term, language) for term in terms)))
    return queryset.filter(pk__in=_newest(matches))


def found_ids(queryset: QuerySet, language: str, query: str) -> list[int]:
    """The ids of `search(queryset, language, query)`'s articles in its order, read in one
    query (at most `max_results() + 1`: with a blank query, the newest of `queryset`)."""
    terms = query_terms(query)
    vendor = connections[queryset.db].vendor
    stems = query_stems(terms, language) if language in LANGUAGE_CODES else []
    if stems and vendor == "postgresql":
        return _full_text_ids(queryset, language, " ".join(stems))
    found = search(queryset, language, query)
    return list(found.values_list("pk", flat=True)[: max_results() + 1])


def max_results() -> int:
    """How many matches a search ranks (one more only tells that there are more)."""
    return settings.NEWSROOM_SEARCH_MAX_RESULTS


def _newest(matches: QuerySet) -> RawSQL:
    """The ids of the first `max_results() + 1` of `matches` in the caller's order.

    Compiled on its own, not as the ORM's subquery: the engines' hand-written SQL names
    the article table, which the ORM would rename in a subquery (U0) and not in the SQL.
    """
    ties = _ordering(matches)
    newest = matches.order_by(*ties).values("pk")[: max_results() + 1]
    return RawSQL(*newest.query.get_compiler(using=matches.db).as_sql())


def query_terms(query: str) -> list[str]:
    """The distinct words of `query` (whitespace-separated), at most MAX_TERMS."""
    terms: list[str] = []
    for word in (query or "").split():
        if word.casefold() not in (t.casefold() for t in terms):
            terms.append(word)
    return terms[:MAX_TERMS]


def _term_matches(term: str, language: str) -> Q:
    return reduce(
        or_, (Q(**{f"{localized(field, language)}__icontains": term}) for field in FIELDS)
    )


def search_vector_column(language: str) -> str:
    """The tsvector column of `language`'s terms (`search_vector_ind` for id)."""
    return localized("search_vector", language)


def _full_text(queryset: QuerySet, language: str, text: str) -> QuerySet:
    """PostgreSQL: the newest stories whose `language` vector has every stem of `text`, best
    first."""
    vector, tsquery = _vector_and_tsquery(queryset, language)
    ties = _ordering(queryset)
    newest = _newest(_full_text_matches(queryset, language, text))
    # `= ANY(ARRAY(…))`, not `IN (…)`: the planner then looks the newest up by key, where
    # for an IN of 1,001 rows it hashed the whole edition to join them (12.8 -> 8.3 ms for
    # a word in every story at 100,000 versions; BENCHMARKS.md, Reader search).
    among = f'"{queryset.model._meta.db_table}"."id" = ANY(ARRAY({newest.sql}))'
    return (
        queryset.filter(RawSQL(among, newest.params, output_field=BooleanField()))
        .alias(search_rank=RawSQL(f"ts_rank({vector}, {tsquery})", (text,), FloatField()))
        .order_by(F("search_rank").desc(), *ties)
    )


def _full_text_ids(queryset: QuerySet, language: str, text: str) -> list[int]:
    """PostgreSQL: `_full_text`'s ids in its order, read in one statement.

    The newest matches come with their vectors and are ranked in the statement around
    them: ranked with the newest, each would be looked up again and its vector read a
    second time (11.7 -> 8.5 ms for a word in every story at 100,000 versions); ranked in
    the walk, PostgreSQL computes the rank of every match it sorts when it finds them
    through the GIN index, not of the newest only (a word in 4 % of 100,000 stories:
    46 -> 33 ms; BENCHMARKS.md, Reader search). The caller's order (field names: the
    edition's) breaks equal ranks, as in `_full_text`.
    """
    vector, tsquery = _vector_and_tsquery(queryset, language)
    ties = _ordering(queryset)
    fields = list(dict.fromkeys(["pk", *(tie.lstrip("-") for tie in ties)]))
    newest = (
        _full_text_matches(queryset, language, text)
        .annotate(found_vector=RawSQL(vector, ()))
        .order_by(*ties)
        .values_list("found_vector", *fields)[: max_results() + 1]
    )
    sql, params = newest.query.get_compiler(using=queryset.db).as_sql()
    # The columns by their names: Django orders a values_list's SQL columns its own way.
    order = ", ".join(f'newest."{tie.lstrip("-")}"{" DESC" * tie.startswith("-")}' for tie in ties)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT newest.pk FROM ({sql}) AS newest "
            f"ORDER BY ts_rank(newest.found_vector, {tsquery}) DESC, {order}",
            (*params, text),
        )
        return [pk for (pk,) in cursor.fetchall()]


def _vector_and_tsquery(queryset: QuerySet, language: str) -> tuple[str, str]:
    """The SQL of `language`'s vector column and of the reader's stems as a tsquery (%s)."""
    vector = f'"{queryset.model._meta.db_table}"."{search_vector_column(language)}"'
    return vector, "plainto_tsquery('simple'::regconfig, %s)"


def _full_text_matches(queryset: QuerySet, language: str, text: str) -> QuerySet:
    vector, tsquery = _vector_and_tsquery(queryset, language)
    return queryset.filter(RawSQL(f"{vector} @@ {tsquery}", (text,), output_field=BooleanField()))


def _sqlite_index(queryset: QuerySet, language: str, stems: list[str]) -> QuerySet:
    """SQLite: the newest stories whose `language` row of the FTS5 index has every stem, best
    first.

    The index is joined into the query (`extra(tables=…)`: the ORM has no join to a
    table without a model) so that FTS5 scans the matches once, in C, and only the
    newest (checked on the index row) are looked up and given a bm25(): a rank looked
    up per article (`rowid = ? AND MATCH`) costs 0.15 ms a row.
    """
    table = queryset.model._meta.db_table
    ties = _ordering(queryset)
    match, slot = fts5_query(stems), LANGUAGE_CODES.index(language)
    matching = f"{INDEX_TABLE} MATCH %s AND {INDEX_TABLE}.rowid %% {SLOTS} = %s"
    many = f"(SELECT count(*) FROM (SELECT 1 FROM {INDEX_TABLE} WHERE {matching} LIMIT %s)) > %s"
    guard = [match, slot, SORT_AT_MOST + 1, SORT_AT_MOST]
    # Many matches: walk the caller's order, checking each story against the index's
    # matches, until enough are found ...
    walk = queryset.filter(
        pk__in=RawSQL(f"SELECT rowid / {SLOTS} FROM {INDEX_TABLE} WHERE {matching}", (match, slot))
    )
    # ... few: start from the index's matches and sort them.
    sort = queryset.extra(
        tables=[INDEX_TABLE],
        where=[matching, f'"{table}"."id" = {INDEX_TABLE}.rowid / {SLOTS}'],
        params=[match, slot],
    )
    walk, sort = _newest(walk), _newest(sort)
    # A LIMIT of 0 skips its subquery without running it (-1: no limit); the guard is
    # evaluated before either runs.
    newest = (
        f"SELECT * FROM (SELECT * FROM ({walk.sql}) LIMIT (CASE WHEN {many} THEN -1 ELSE 0 END)) "
        f"UNION ALL "
        f"SELECT * FROM (SELECT * FROM ({sort.sql}) LIMIT (CASE WHEN {many} THEN 0 ELSE -1 END))"
    )
    newest_params = [*walk.params, *guard, *sort.params, *guard]
    return queryset.extra(
        tables=[INDEX_TABLE],
        where=[
            matching,
            # Checked on the index's row, before its article is looked up.
            f"{INDEX_TABLE}.rowid / {SLOTS} IN ({newest})",
            f'"{table}"."id" = {INDEX_TABLE}.rowid / {SLOTS}',
        ],
        params=[match, slot, *newest_params],
        # bm25() is lower for a better match.
        select={"search_rank": f"bm25({INDEX_TABLE}, {BM25_WEIGHTS})"},
    ).order_by("search_rank", *ties)


def _ordering(queryset: QuerySet):
    """The queryset's order (the caller's, else the model's): ties in a ranking keep it."""
    return queryset.query.order_by or queryset.model._meta.ordering
