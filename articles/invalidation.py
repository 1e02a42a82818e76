"""What a reader page shows, and what a change invalidates: the one place that says both.

Every cached reader page depends on one *scope* of published content:

- a story page, on its article (`article-<id>`): the article's text and its
  versions in every language (the language switcher lists the live ones);
- an edition's pages (front page, searches, filtered lists, feeds), on that
  edition (`edition-<lang>`): its live versions, the text of their articles,
  and which other languages of those articles are live (the teasers link them;
  a search shows other editions' hits);
- the sitemap, on the whole site (`sitemap`).

`validator(scope)` derives a page's validator from the database, never from a
counter kept in a cache: the ETag digests the scope's live versions (how many,
their latest change, the latest to appear) and its articles' latest change, so
it is new after any publish, unpublish, edit, delete or scheduled publication
whose time has come. A cache restored from an old snapshot therefore cannot
bring back a page the database no longer publishes: a stored page is served
only while its ETag is the one the database gives now (`articles.caching`).
It costs one aggregate query (indexed: `version_public_idx`, the article's
primary key), against the render it saves.

`affected(article, languages)` names, for a change to `article` in `languages`,
the same scopes as surrogate keys plus the URLs they cover, for the purges of
HTTP caches (`articles.purging`). The page cache needs no invalidation: its
entries go stale by themselves when the validator moves.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from django.db.models import Count, FloatField, Func, Max, Min, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import LANGUAGE_CODES, Article, LanguageVersion, Status, localized

#: The front page's page size (articles.views.ArticleListView.paginate_by).
FRONT_PAGE_SIZE = 10


@dataclass(frozen=True)
class Validator:
    """What a page's HTTP validators and lifetimes come from."""

    etag: str
    #: The latest change to what the page shows (seconds since the epoch).
    last_modified: float
    #: When a scheduled publication will change the page (seconds), or None.
    expires: float | None
    #: How many live versions the scope holds (an edition's: in its language).
    count: int = 0


class Epoch(Func):
    """A time as seconds since the epoch, so that times can be summed (SQLite, PostgreSQL)."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s) * 86400.0)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)")


def _digest(scope: str, row: dict) -> Validator | None:
    """The sums change with every saved row, whenever its transaction commits: a latest
    change time alone would miss a write that commits after a later-stamped one."""
    changed = [row[name] for name in ("changed", "article_changed", "appeared") if row[name]]
    upcoming = row["upcoming"]
    sums = (row["versions_sum"], row["articles_sum"])
    parts = (scope, row["live"], sums, *(value.isoformat() for value in changed))
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
    last = max((value.timestamp() for value in changed), default=0.0)
    count = row.get("here", row["live"])
    return Validator(etag, last, upcoming.timestamp() if upcoming else None, count)


def _live(prefix: str, now) -> Q:
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": now})


def _scheduled(prefix: str, now) -> Q:
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__gt": now})


def edition_validator(language: str, now, using: str) -> Validator:
    """An edition's pages: its versions in any state (an unpublish moves the latest change),
    the live versions of every language (teasers link them, a search lists other editions'
    hits) and the articles live in it."""
    in_edition = Q(language=language)
    row = LanguageVersion.objects.using(using).aggregate(
        live=Count("pk", filter=_live("", now)),
        here=Count("pk", filter=in_edition & _live("", now)),
        changed=Max("updated_at", filter=in_edition | Q(status=Status.PUBLISHED)),
        versions_sum=Sum(Epoch("updated_at"), filter=in_edition | Q(status=Status.PUBLISHED)),
        article_changed=Max("article__updated_at", filter=in_edition & _live("", now)),
        articles_sum=Sum(Epoch("article__updated_at"), filter=in_edition & _live("", now)),
        appeared=Max("published_at", filter=_live("", now)),
        upcoming=Min("published_at", filter=_scheduled("", now)),
    )
    row["live"] = (row["live"], row["here"])
    return _digest(f"edition-{language}", row)


def story_validator(language: str, slug: str, now, using: str) -> Validator | None:
    """A story page: its article and versions. None when the page does not exist (no live
    version in `language` has this slug): a 404 is never answered 304."""
    versions = Article.objects.using(using).filter(**{localized("slug", language): slug})
    row = versions.aggregate(
        here=Count("versions", filter=Q(versions__language=language) & _live("versions__", now)),
        live=Count("versions", filter=_live("versions__", now)),
        changed=Max("versions__updated_at"),
        versions_sum=Sum(Epoch("versions__updated_at")),
        article_changed=Max("updated_at"),
        articles_sum=Max(Epoch("updated_at")),
        appeared=Max("versions__published_at", filter=_live("versions__", now)),
        upcoming=Min("versions__published_at", filter=_scheduled("versions__", now)),
    )
    if not row["here"]:
        return None
    return _digest(f"story-{language}-{slug}", row)


def site_validator(now, using: str) -> Validator:
    """The sitemap: every live version and its article."""
    row = LanguageVersion.objects.using(using).aggregate(
        live=Count("pk", filter=_live("", now)),
        changed=Max("updated_at", filter=Q(status=Status.PUBLISHED)),
        versions_sum=Sum(Epoch("updated_at"), filter=Q(status=Status.PUBLISHED)),
        article_changed=Max("article__updated_at", filter=_live("", now)),
        articles_sum=Sum(Epoch("article__updated_at"), filter=_live("", now)),
        appeared=Max("published_at", filter=_live("", now)),
        upcoming=Min("published_at", filter=_scheduled("", now)),
    )
    return _digest("site", row)


def front_page_exists(count: int, query) -> bool:
    """Whether `?page=` names a page the front page has, given the edition's `count` of
    live versions (a search or filter narrows the list: then only its first page)."""
    number = query.get("page", "1")
    narrowed = any(name != "page" and query.get(name) for name in query)
    if number == "1":
        return True
    if narrowed or not number.isdigit() or number != str(int(number)):
        return False
    return 1 <= int(number) <= max(1, math.ceil(count / FRONT_PAGE_SIZE))


# --- the validator of each kind of page (cache_public's `validator`) -------------


def edition_page(request, language, kwargs, now, using) -> Validator | None:
    """Feeds and other pages of an edition with no page number."""
    return edition_validator(language, now, using) if language else None


def front_page(request, language, kwargs, now, using) -> Validator | None:
    found = edition_page(request, language, kwargs, now, using)
    return found if found and front_page_exists(found.count, request.GET) else None


def story_page(request, language, kwargs, now, using) -> Validator | None:
    return story_validator(language, kwargs["slug"], now, using) if language else None


def sitemap_page(request, language, kwargs, now, using) -> Validator | None:
    # The site's few stories fit on page 1; any other page may not exist.
    return site_validator(now, using) if request.GET.get("p", "1") == "1" else None


# --- what a change invalidates ---------------------------------------------------


@dataclass
class Affected:
    """Surrogate keys (the scopes above) and the URLs of the pages they cover."""

    keys: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def add(self, keys=(), paths=()) -> None:
        self.keys.extend(k for k in keys if k not in self.keys)
        self.paths.extend(p for p in paths if p not in self.paths)


def _edition_paths(language: str) -> list[str]:
    with translation.override(language):
        return [reverse(f"articles:{name}") for name in ("index", "feed", "atom")]


def affected(article, languages) -> Affected:
    """What a change to `article` in `languages` can show on: the article's page in every
    language (each switcher lists the others), the editions of `languages`, the sitemap."""
    found = Affected(keys=[f"article-{article.pk}"])
    for code in LANGUAGE_CODES:
        slug = article.text("slug", code)
        if slug:
            try:
                with translation.override(code):
                    found.add(paths=[reverse("articles:detail", kwargs={"slug": slug})])
            except NoReverseMatch:  # a slug the URL pattern does not accept was never served
                pass
    for code in languages:
        found.add(keys=[f"edition-{code}"], paths=_edition_paths(code))
    found.add(keys=["sitemap"], paths=[reverse("sitemap")])
    return found


def affected_by_version(version) -> Affected:
    try:
        return affected(version.article, [version.language])
    except Article.DoesNotExist:  # deleted with its article, whose own signal names it
        return Affected(keys=[f"article-{version.article_id}", f"edition-{version.language}"])


def affected_by_article(article) -> Affected:
    # Its text in any language may have changed: every edition that may list it.
    return affected(article, [code for code in LANGUAGE_CODES if article.text("slug", code)])


#: After writes that sent no signal (bulk rows): every page.
EVERYTHING = Affected(keys=["site"])
