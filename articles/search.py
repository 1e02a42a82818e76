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

The portable method below uses `icontains`, which works on every database.
Its limits: no stemming, no relevance ranking, and on SQLite case folding is
ASCII-only ("Élysée" does not match "élysée").

On PostgreSQL, `search()` uses full-text search instead, with the same
signature, so callers never change: each language's own text-search
configuration (TEXT_SEARCH_CONFIGS: German "Häfen" finds "Hafen", Indonesian
"pembangunan" finds "bangun"), the reader's words parsed by
`websearch_to_tsquery` (every word must match, as above; quotes and "-word"
work too), and results ranked by `ts_rank` with title > lede > body (weights
A, B, C), the caller's order breaking ties.

The vectors are *generated columns* (`search_vector_<suffix>`, e.g.
`search_vector_de`, `search_vector_ind`: modeltranslation's suffixes), each
with a GIN index, added by migration 0003 on PostgreSQL only. Chosen over a
`SearchVectorField` maintained from Python because PostgreSQL recomputes a
generated column itself whenever its row is written, by any path — `save()`,
the admin, the importer's `bulk_create`, `QuerySet.update()`, raw SQL — so
the index is current after every write, one row at a time, with no signal or
trigger to forget and no rebuild. The model does not declare them, so ordinary
queries never fetch them. The cost: every write of an Article recomputes its
five vectors (milliseconds, and editorial writes are rare), and changing the
type of a title/lede/body column needs the vector dropped and re-added.
A language without a column (added to LANGUAGES later) uses the portable method.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import localized

#: The fields a reader's query is matched against, in that language.
SEARCH_FIELDS = ("title", "lede", "body")
#: Words beyond this many are ignored: a pasted paragraph must not build a huge query.
MAX_TERMS = 8
#: PostgreSQL's text-search configuration for each site language.
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "id": "indonesian",
    "fr": "french",
    "es": "spanish",
    "de": "german",
}


def search(queryset: QuerySet, language: str, query: str) -> QuerySet:
    """`queryset` narrowed to articles whose `language` text contains every word of `query`."""
    terms = query_terms(query)
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "postgresql" and language in TEXT_SEARCH_CONFIGS:
        return _full_text(queryset, language, " ".join(terms))
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
