"""Reader search: one function, `search(queryset, language, query)`.

The front page, and anything else that searches, calls only `search()`; how
the matching is done is this module's business. The contract:

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

Both databases fold case and accents and stem per language ("enquete"
finds "Enquêtes", "Muller" finds "Müller", "Umfragen" finds "Umfrage"), rank
title > lede > body, the caller's order breaking ties:

- PostgreSQL: each language's own text-search configuration with `unaccent`
  before its stemmer (`newsroom_french`, …: migration 0007), the reader's
  words parsed by `websearch_to_tsquery` (every word must match, as above;
  quotes and "-word" work too), ranked by `ts_rank` with weights A, B, C.
- SQLite: the FTS5 index `article_search` (migration 0008) of each version's
  stemmed text (`articles.search_text`: the same Snowball algorithms),
  kept current by `articles.search_index`, ranked by `bm25` with column
  weights 10, 4, 1.
- Any other database (or a language with no column or index yet): the
  portable method, `icontains` on each field (no stemming, no ranking).

The PostgreSQL vectors are *generated columns* (`search_vector_<suffix>`,
e.g. `search_vector_de`, `search_vector_ind`: modeltranslation's suffixes),
each with a GIN index (migrations 0003, 0007). Chosen over a
`SearchVectorField` maintained from Python because PostgreSQL recomputes a
generated column itself whenever its row is written, by any path — `save()`,
the admin, the importer's raw SQL, `QuerySet.update()` — so the index is
current after every write with no signal or trigger to forget and no
rebuild. The model does not declare them, so ordinary queries never fetch
them. The cost: every write of an Article recomputes its five vectors
(milliseconds), and changing the type of a title/lede/body column needs the
vector dropped and re-added. SQLite has no such columns for FTS5, hence the
index table and its one writer.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import LANGUAGE_CODES, localized
from articles.search_index import INDEX_TABLE, SLOTS
from articles.search_text import fts5_query, query_stems

#: The fields a reader's query is matched against, in that language.
SEARCH_FIELDS = ("title", "lede", "body")
#: Words beyond this many are ignored: a pasted paragraph must not build a huge query.
MAX_TERMS = 8
#: PostgreSQL's text-search configuration for each site language.
TEXT_SEARCH_CONFIGS = {
    "en": "newsroom_english",
    "id": "newsroom_indonesian",
    "fr": "newsroom_french",
    "es": "newsroom_spanish",
    "de": "newsroom_german",
}
#: SQLite's bm25() weights of the index's columns: language (not indexed), title, lede, body.
BM25_WEIGHTS = "0.0, 10.0, 4.0, 1.0"


def search(queryset: QuerySet, language: str, query: str) -> QuerySet:
    """`queryset` narrowed to articles whose `language` text contains every word of `query`."""
    terms = query_terms(query)
    if not terms:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql" and language in TEXT_SEARCH_CONFIGS:
        return _full_text(queryset, language, " ".join(terms))
    if vendor == "sqlite" and language in LANGUAGE_CODES:
        return _sqlite_index(queryset, language, query_stems(terms, language))
    return queryset.filter(reduce(and_, (_term_matches(term, language) for term in terms)))


def query_terms(query: str) -> list[str]:
    """The distinct words of `query` (whitespace-separated), at most MAX_TERMS."""
    terms: list[str] = []
    for word in (query or "").split():
        if word.casefold() not in (t.casefold() for t in terms):
            terms.append(word)
    return terms[:MAX_TERMS]


def _term_matches(term: str, language: str) -> Q:
    return reduce(
        or_, (Q(**{f"{localized(field, language)}__icontains": term}) for field in SEARCH_FIELDS)
    )


def search_vector_column(language: str) -> str:
    """The generated tsvector column of `language` (`search_vector_ind` for id)."""
    return localized("search_vector", language)


def _full_text(queryset: QuerySet, language: str, text: str) -> QuerySet:
    """PostgreSQL: `language`'s vector matches the reader's words; best match first."""
    vector = f'"{queryset.model._meta.db_table}"."{search_vector_column(language)}"'
    tsquery = f"websearch_to_tsquery('{TEXT_SEARCH_CONFIGS[language]}'::regconfig, %s)"
    ties = queryset.query.order_by or queryset.model._meta.ordering
    return (
        queryset.filter(RawSQL(f"{vector} @@ {tsquery}", (text,), output_field=BooleanField()))
        .alias(search_rank=RawSQL(f"ts_rank({vector}, {tsquery})", (text,), FloatField()))
        .order_by(F("search_rank").desc(), *ties)
    )


def _sqlite_index(queryset: QuerySet, language: str, stems: list[str]) -> QuerySet:
    """SQLite: `language`'s row of the FTS5 index has every stem; best match first.

    The index is joined into the query (`extra(tables=…)`: the ORM has no join to a
    table without a model) rather than matched in a subquery, so that FTS5 scans
    the matches once, in C, computing bm25() as it goes, and each match looks up
    its article by primary key; a rank looked up per article in a correlated
    subquery cost 0.15 ms a row (30 ms for a word in 200 stories).
    """
    if not stems:  # only punctuation: nothing to look for
        return queryset.none()
    table = queryset.model._meta.db_table
    ties = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.extra(
        tables=[INDEX_TABLE],
        where=[
            f"{INDEX_TABLE} MATCH %s",
            # The language from the rowid, not the `language` column: reading a column
            # loads the row's stored text (24 ms for 2,000 matches, against 0.2 ms).
            f"{INDEX_TABLE}.rowid %% {SLOTS} = %s",
            f'"{table}"."id" = {INDEX_TABLE}.rowid / {SLOTS}',
        ],
        params=[fts5_query(stems), LANGUAGE_CODES.index(language)],
        # bm25() is lower for a better match.
        select={"search_rank": f"bm25({INDEX_TABLE}, {BM25_WEIGHTS})"},
    ).order_by("search_rank", *ties)
