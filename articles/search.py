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
ASCII-only ("Élysée" does not match "élysée"). A PostgreSQL full-text branch
belongs here, chosen inside `search()` by `connection.vendor`, with the same
signature, so callers never change.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db.models import Q, QuerySet

from articles.models import localized

#: The fields a reader's query is matched against, in that language.
SEARCH_FIELDS = ("title", "lede", "body")
#: Words beyond this many are ignored: a pasted paragraph must not build a huge query.
MAX_TERMS = 8


def search(queryset: QuerySet, language: str, query: str) -> QuerySet:
    """`queryset` narrowed to articles whose `language` text contains every word of `query`."""
    terms = query_terms(query)
    if not terms:
        return queryset
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
