"""What a reader page shows, and what a change invalidates: the one place that says both.

Every cached reader page depends on *scopes*, named like its surrogate keys:

- a story page: its article (`article-<id>`): the article's text and its
  versions in every language (the language switcher lists the live ones);
- an edition's pages (front page, filtered lists, feeds): that edition
  (`edition-<lang>`): its versions, their articles' text, and which other
  languages of those articles are live (the teasers link them); a search also
  lists other editions' hits, so it depends on every edition;
- the sitemap: `sitemap`;
- and every page on `site`, which a write that sends no signal bumps.

A change to an article or a version (`affected`) names its scopes; they are
written as `PageChange` rows *in the change's own transaction*, and the same
names go to the HTTP caches' purges after it commits (`articles.purging`).
A change no reader can see records nothing (`unseen_article_change`,
`unseen_version_change`): an import writes drafts, and a row and a purge per
draft were a fifth of its time. A
page's validator is read from the database: how many changes its scopes hold
(a sum of weights that only grows, see `compact`) and the newest, plus the newest publication time that
has come and the next one to come (a scheduled version appears with no write).
So the ETag moves exactly when a change commits, whatever a cache holds: a
Redis restored from an old snapshot, or one that was down during a change,
cannot bring back a page the database no longer publishes
(`articles.caching` serves a stored page only under the current ETag).

The validators are one fixed SQL statement each, built once per database: the
ORM's query building cost 7 ms (a story) and 17 ms (a front page) a request
on this machine, more than rendering the page; these cost one indexed lookup.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connections, transaction
from django.db.models import Count, Max, Sum
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from articles import purging
from articles.models import (
    CONTENT_FIELDS,
    LANGUAGE_CODES,
    Article,
    LanguageVersion,
    PageChange,
    Status,
    localized,
)

logger = logging.getLogger(__name__)

#: The front page's page size (articles.views.ArticleListView.paginate_by).
FRONT_PAGE_SIZE = 10
SITE = "site"


@dataclass(frozen=True)
class Validator:
    """What a page's HTTP validators and lifetimes come from."""

    etag: str
    #: The latest change to what the page shows (seconds since the epoch).
    last_modified: float
    #: When a scheduled publication will change the page (seconds), or None.
    expires: float | None


# --- what a change invalidates -------------------------------------------------------


@dataclass
class Affected:
    """Scopes (= surrogate keys) and the URLs of the pages they cover."""

    keys: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def add(self, keys=(), paths=()) -> None:
        self.keys.extend(k for k in keys if k not in self.keys)
        self.paths.extend(p for p in paths if p not in self.paths)


def _edition_paths(language: str) -> list[str]:
    with translation.override(language):
        return [reverse(f"articles:{name}") for name in ("index", "feed", "atom")]


def _story_path(language: str, slug: str) -> list[str]:
    try:
        with translation.override(language):
            return [reverse("articles:detail", kwargs={"slug": slug})]
    except NoReverseMatch:  # a slug the URL pattern does not accept was never served
        return []


def affected(article, languages=(), *, paths: bool = True) -> Affected:
    """What a change to `article` can show on: its page in every language (each switcher
    lists the others), every edition it may be listed or linked in (any language it has a
    slug in, and `languages`), the sitemap. `paths` (for purges by URL) only if asked."""
    found = Affected(keys=[f"article-{article.pk}"])
    editions = list(languages)
    for code in LANGUAGE_CODES:
        slug = article.text("slug", code)
        if slug:
            editions.append(code)
            found.add(paths=_story_path(code, slug) if paths else ())
    for code in sorted(set(editions)):
        found.add(keys=[f"edition-{code}"], paths=_edition_paths(code) if paths else ())
    found.add(keys=["sitemap"], paths=[reverse("sitemap")] if paths else ())
    return found


def _version_affects(version, *, paths: bool) -> Affected:
    try:
        return affected(version.article, [version.language], paths=paths)
    except Article.DoesNotExist:  # deleted with its article, whose own signal names it
        return Affected(keys=[f"article-{version.article_id}", f"edition-{version.language}"])


#: A process folds the change rows of the scopes it writes every this many changes.
COMPACT_EVERY = 16
_recorded = 0


def record(found: Affected) -> None:
    """Write the change into the pages' validators (this transaction) and purge the HTTP
    caches once it commits."""
    global _recorded
    now = timezone.now()
    PageChange.objects.bulk_create([PageChange(scope=key, at=now) for key in found.keys])
    _recorded += 1
    if _recorded % COMPACT_EVERY == 0:
        transaction.on_commit(lambda: compact(found.keys), robust=True)
    purging.request_purge(found.keys, found.paths)


def compact(scopes) -> None:
    """Fold each scope's older rows into its newest: the rows' total weight, which the
    validators read, stays the same. Rows of transactions not yet committed are not
    seen, so not folded; they count when they commit. One transaction and one grouped
    read for all the scopes (an import folds every 16th change: a transaction and four
    queries per scope cost a tenth of its writes)."""
    with transaction.atomic():
        groups = (
            PageChange.objects.filter(scope__in=sorted(set(scopes)))
            .values("scope")
            .annotate(newest=Max("id"), total=Sum("weight"), rows=Count("id"))
            .filter(rows__gt=1)
            .order_by("scope")
        )
        for group in groups:
            PageChange.objects.filter(scope=group["scope"], id__lt=group["newest"]).delete()
            PageChange.objects.filter(id=group["newest"]).update(weight=group["total"])


def invalidate_public_pages(**_kwargs) -> None:
    """After writes that sent no signal (an import's bulk rows): every page."""
    record(Affected(keys=[SITE]))


#: States no reader sees: a version in one of them is on no reader page.
UNSEEN = (Status.DRAFT, Status.IN_REVIEW)


#: An article's text column → its language (`title_fr` → fr).
_TEXT_COLUMNS = {localized(name, code): code for name in CONTENT_FIELDS for code in LANGUAGE_CODES}


def _text_languages(update_fields) -> set[str] | None:
    """The languages whose text columns `update_fields` names, when it names nothing else
    but `updated_at` (which no reader page shows); None otherwise (a whole-row save)."""
    if not update_fields:
        return None
    languages = set()
    for column in update_fields:
        if column in _TEXT_COLUMNS:
            languages.add(_TEXT_COLUMNS[column])
        elif column != "updated_at":
            return None
    return languages


def unseen_article_change(instance, created: bool, update_fields) -> bool:
    """A save of `instance` that no reader page shows: a new article (it has no version
    yet), or texts written only in languages whose version is unseen or missing (an
    import attaching a draft to an existing article)."""
    if created:
        return True
    languages = _text_languages(update_fields)
    if languages is None:
        return False
    shown = LanguageVersion.objects.filter(article_id=instance.pk, language__in=languages)
    return not shown.exclude(status__in=UNSEEN).exists()


#: A version's fields no reader page shows: its working copy, who saved it, its revision.
_UNSEEN_FIELDS = frozenset({"pending_text", "pending_since", "updated_by", "lock_version"})


def unseen_version_change(instance, created: bool, update_fields) -> bool:
    """A save of a version no reader sees, before and after: created unseen (an import's
    draft), or saved unseen without its status among the fields written (it was unseen
    before too), or a save of only fields no page shows (a live version's working copy
    saved or discarded). A save that makes it unseen (unpublish) changes pages: not this."""
    if not created and update_fields is not None and set(update_fields) <= _UNSEEN_FIELDS:
        return True
    if instance.status not in UNSEEN:
        return False
    return created or (update_fields is not None and "status" not in update_fields)


def _article_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if unseen_article_change(instance, created, update_fields):
        return
    record(affected(instance, paths=purging.enabled()))


def _version_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if unseen_version_change(instance, created, update_fields):
        return
    record(_version_affects(instance, paths=purging.enabled()))


def connect_signals() -> None:
    """Called from the app's ready(): every process that writes articles records it."""
    for model, receiver in ((Article, _article_changed), (LanguageVersion, _version_changed)):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(receiver, sender=model, dispatch_uid=f"pages-{model.__name__}-{name}")


# --- the validator of each kind of page ------------------------------------------------


def _tables(connection) -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "change": quote(PageChange._meta.db_table),
        "version": quote(LanguageVersion._meta.db_table),
        "article": quote(Article._meta.db_table),
    }


def _changes_sql(n_scopes: int, t: dict[str, str]) -> str:
    marks = ", ".join(["%s"] * n_scopes)
    return (
        f"(SELECT SUM(weight) FROM {t['change']} WHERE scope IN ({marks})), "
        f"(SELECT MAX(id) FROM {t['change']} WHERE scope IN ({marks})), "
        f"(SELECT MAX(at) FROM {t['change']} WHERE scope IN ({marks}))"
    )


def _times_sql(where: str, t: dict[str, str]) -> str:
    """The newest publication time that has come, and the next to come, of versions `where`."""
    published = f"{t['version']}.status = %s AND {t['version']}.published_at"
    return (
        f"(SELECT MAX(published_at) FROM {t['version']} WHERE {where} AND {published} <= %s), "
        f"(SELECT MIN(published_at) FROM {t['version']} WHERE {where} AND {published} > %s)"
    )


@lru_cache(maxsize=32)
def _editions_statement(alias: str, n_scopes: int, n_editions: int) -> str:
    t = _tables(connections[alias])
    times = ", ".join(_times_sql(f"{t['version']}.language = %s", t) for _ in range(n_editions))
    return f"SELECT {_changes_sql(n_scopes + 1, t)}, {times}"


@lru_cache(maxsize=32)
def _story_statement(alias: str, language: str) -> str:
    connection = connections[alias]
    t = _tables(connection)
    article_id = f"{t['article']}.id"
    scope = f"'article-' || CAST({article_id} AS VARCHAR(20))"
    slug = connection.ops.quote_name(localized("slug", language))
    v = t["version"]
    return (
        f"SELECT {article_id}, "
        f"(SELECT COUNT(*) FROM {v} WHERE {v}.article_id = {article_id} AND {v}.language = %s"
        f" AND {v}.status = %s AND {v}.published_at <= %s), "
        f"(SELECT SUM(weight) FROM {t['change']} WHERE scope IN ({scope}, %s)), "
        f"(SELECT MAX(id) FROM {t['change']} WHERE scope IN ({scope}, %s)), "
        f"(SELECT MAX(at) FROM {t['change']} WHERE scope IN ({scope}, %s)), "
        f"{_times_sql(f'{v}.article_id = {article_id}', t)} "
        f"FROM {t['article']} WHERE {t['article']}.{slug} = %s"
    )


def _seconds(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value.timestamp()


def _validator(parts: tuple, changed_at, times: list) -> Validator:
    come = [t for t in (_seconds(v) for v in times[0::2]) if t is not None]
    coming = [t for t in (_seconds(v) for v in times[1::2]) if t is not None]
    newest = max([*come, _seconds(changed_at) or 0.0])
    etag = hashlib.sha256(repr((*parts, max(come, default=None))).encode()).hexdigest()[:20]
    return Validator(etag, newest, min(coming, default=None))


def editions_validator(languages, now, using: str, scope: str = "") -> Validator:
    """Pages of the editions of `languages` (a search: all of them; the sitemap: `scope`)."""
    connection = connections[using]
    at = connection.ops.adapt_datetimefield_value(now)
    scopes = [scope] if scope else [f"edition-{code}" for code in languages]
    params = [*scopes, SITE] * 3
    for code in languages:
        params += [code, Status.PUBLISHED, at, code, Status.PUBLISHED, at]
    with connection.cursor() as cursor:
        cursor.execute(_editions_statement(using, len(scopes), len(languages)), params)
        count, newest_id, changed_at, *times = cursor.fetchone()
    return _validator((tuple(scopes), count, newest_id), changed_at, times)


def story_validator(language: str, slug: str, now, using: str) -> Validator | None:
    """A story page; None when it does not exist (no live version in `language` with this
    slug): a 404 never answers 304."""
    connection = connections[using]
    at = connection.ops.adapt_datetimefield_value(now)
    params = [language, Status.PUBLISHED, at, SITE, SITE, SITE]
    params += [Status.PUBLISHED, at, Status.PUBLISHED, at, slug]
    with connection.cursor() as cursor:
        cursor.execute(_story_statement(using, language), params)
        row = cursor.fetchone()
    if row is None or not row[1]:
        return None
    article_id, _here, count, newest_id, changed_at, *times = row
    return _validator((language, article_id, count, newest_id), changed_at, times)


def _live_count(language: str, now, using: str) -> int:
    return LanguageVersion.objects.using(using).published(language, now).count()


def front_page_exists(query, count) -> bool:
    """Whether `?page=` names a page the front page has; `count()` gives the edition's
    number of live versions (only asked for beyond page 1). A search or filter narrows
    the list: then only its first page is known to exist."""
    number = query.get("page", "1")
    narrowed = any(name != "page" and query.get(name) for name in query)
    if number == "1":
        return True
    if narrowed or not number.isdigit() or number != str(int(number)):
        return False
    return 1 <= int(number) <= max(1, math.ceil(count() / FRONT_PAGE_SIZE))


# cache_public's `validator`s: (request, language, URL kwargs, now, database) → Validator | None


def edition_page(request, language, kwargs, now, using) -> Validator | None:
    """Feeds and other pages of one edition."""
    return editions_validator([language], now, using) if language else None


def front_page(request, language, kwargs, now, using) -> Validator | None:
    if not language:
        return None
    if not front_page_exists(request.GET, lambda: _live_count(language, now, using)):
        return None
    if request.GET.get("q", "").strip():  # a search lists other editions' hits too
        return editions_validator(LANGUAGE_CODES, now, using)
    return editions_validator([language], now, using)


def story_page(request, language, kwargs, now, using) -> Validator | None:
    return story_validator(language, kwargs["slug"], now, using) if language else None


def sitemap_page(request, language, kwargs, now, using) -> Validator | None:
    # The site's stories fit on page 1; any other page may not exist.
    if request.GET.get("p", "1") != "1":
        return None
    return editions_validator(LANGUAGE_CODES, now, using, scope="sitemap")
