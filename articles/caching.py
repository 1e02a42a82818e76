"""The public page cache: whole reader pages, per language, never stale.

`cache_public(view)` marks a public view's pages; `PublicPageCacheMiddleware`
serves and stores them. A cached page is kept under a key made of the full URL
(scheme, host, path with its language prefix, query string), together with
the *generation stamp* current when it was rendered; it is served only while
that stamp is still the current one. So instead of finding and deleting every
page a change touches (the front page, the article in five languages, feeds,
the sitemap, every filtered or searched list), a change makes all of them
stale at once:

- saving or deleting an Article or a LanguageVersion (a publish, unpublish,
  schedule, edit, import) deletes the stamp, both at once and again when the
  transaction commits (so a page rendered from the old rows while the change
  was being committed is never stored under the new stamp);
- the stamp records the time of the next scheduled publication; from that
  moment it counts as stale, and no page is kept longer than until then.

Reading the stamp and the page is one round trip (`get_many`). Signals do not
fire on `QuerySet.update()`/`bulk_create()`; code that writes articles that way
must call `invalidate_public_pages()`.

If the cache is unreachable, readers get uncached pages; an invalidation that
cannot reach it fails the write (and the admin's transaction rolls back), so a
change is never saved while the cache keeps the old page.

Only GET requests without a session cookie that answer 200 are stored: never a signed-in
editor's page, never a response that sets a cookie, uses a CSRF token or says
it is private. With a read replica, pages rendered in the first
NEWSROOM_REPLICA_LAG_SECONDS after a change are served but not stored, since
the replica may not have the change yet.

The cache is on when NEWSROOM_PAGE_CACHE_SECONDS > 0, which settings make the
default only with a shared cache (CACHE_URL): per-process memory caches would
each keep their own stale copy.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.http import urlencode

from articles import http_cache, purging

logger = logging.getLogger(__name__)

STAMP_KEY = "public:stamp"
CACHE_HEADER = "X-Newsroom-Cache"
#: A stored page keeps the view's headers, except these.
_UNSTORED_HEADERS = {"set-cookie", CACHE_HEADER.lower()}


def page_cache_seconds() -> int:
    return getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 0)


def invalidate_public_pages(**signal_kwargs) -> None:
    """Make every cached public page stale: now, and again once the change is committed.

    Called without a signal (after writes that send none, like an import's rows),
    it also purges the HTTP caches of the whole site; signals purge precisely
    (`articles.purging`)."""
    cache.delete(STAMP_KEY)
    transaction.on_commit(lambda: cache.delete(STAMP_KEY))
    if "signal" not in signal_kwargs:
        purging.purge_site()


def connect_signals() -> None:
    """Called from the app's ready(): every process that writes articles invalidates."""
    from articles.models import Article, LanguageVersion

    for model in (Article, LanguageVersion):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                invalidate_public_pages,
                sender=model,
                dispatch_uid=f"public-cache-{model.__name__}-{name}",
            )


def _now() -> float:
    return timezone.now().timestamp()


def _new_stamp() -> tuple[str, float | None, float]:
    """(token, time of the next scheduled publication or None, time made)."""
    from articles.models import LanguageVersion

    upcoming = (
        # From the primary: a replica that lags would miss a version scheduled just now.
        LanguageVersion.objects.using(DEFAULT_DB_ALIAS)
        .scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    stamp = (uuid.uuid4().hex, upcoming.timestamp() if upcoming else None, _now())
    with suppress_cache_errors():
        cache.set(STAMP_KEY, stamp, timeout=None)
    return stamp


@contextmanager
def suppress_cache_errors():
    """A reader's page never fails because the cache does (a page stored under a token
    that never reached the cache is simply never served)."""
    try:
        yield
    except Exception:
        logger.warning("Page cache unavailable.", exc_info=True)


def _page_key(request, params: frozenset[str]) -> str | None:
    """The page's key, or None when the query has a parameter the view does not read.

    The URL without its query (the path carries the edition's language; scheme
    and host matter because pages carry absolute URLs: canonical, alternates,
    feeds, sitemap), then the known parameters sorted by name, each with its
    values in the order given, so `?b=1&a=2` and `?a=2&b=1` are one page.
    """
    if not set(request.GET) <= params:
        return None
    query = urlencode(sorted((name, request.GET.getlist(name)) for name in request.GET), doseq=True)
    url = f"{request.build_absolute_uri(request.path)}?{query}"
    return "public:page:" + hashlib.sha256(url.encode()).hexdigest()


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not any(word in response.get("Cache-Control", "") for word in ("private", "no-store"))
        and "cookie" not in response.get("Vary", "").lower()
    )


def _replica_may_lag(stamp) -> bool:
    from newsroom.db_router import replica_configured

    lag = settings.NEWSROOM_REPLICA_LAG_SECONDS
    return replica_configured() and _now() - stamp[2] < lag


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def safe_methods_only(view):
    """Answer only GET and HEAD (OPTIONS with the Allow header and no body); anything
    else is 405 with Allow, not the CSRF failure page: a reader's page takes no input."""

    @wraps(view)
    def reader_view(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(headers={"Allow": ", ".join(SAFE_METHODS)})
            response["Content-Length"] = "0"
            return response
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(SAFE_METHODS)
        return view(request, *args, **kwargs)

    # Nothing is written by these views, so CSRF has nothing to protect: a POST is a 405.
    reader_view.csrf_exempt = True
    return reader_view


def cache_public(view, *, params=(), keys=()):
    """Mark `view` as a public page: PublicPageCacheMiddleware serves and stores its pages.

    `params` are the query parameters the view reads: a request with any other is
    neither served from nor stored in the cache (a key per `?junk=N` would grow
    the cache without bound), and the key lists them in a fixed order. `keys`
    are surrogate keys for HTTP caches (`articles.http_cache`); "edition" stands
    for the active language's edition. The mark goes on a wrapper, not on
    `view`, which may be shared (Django's sitemap view).
    """
    public_page = safe_methods_only(view)
    public_page.public_page = True
    public_page.public_params = frozenset(params)
    public_page.surrogate_keys = tuple(keys)
    return public_page


def _public_page(request):
    """The URL's view if cache_public marked it, else None (resolved in the URL's language,
    since i18n_patterns only match the active language's prefix)."""
    language = translation.get_language_from_path(request.path_info)
    urlconf = getattr(request, "urlconf", None)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            match = resolve(request.path_info, urlconf)
    except Resolver404:
        return None
    return match.func if getattr(match.func, "public_page", False) else None


class PublicPageCacheMiddleware:
    """Answer a reader from the page cache before the rest of the stack runs.

    It sits just inside WhiteNoise, like Django's FetchFromCacheMiddleware: a hit
    costs one cache round trip and no session, CSRF, locale or database work.
    A page is stored on the way out, after the inner middleware added their
    headers (Content-Language, Vary, X-Frame-Options), so a hit answers with
    the same headers; the outer ones (security, CSP) are added to both alike.
    Only requests without a session cookie take part: without one nobody is
    signed in, so no editor's page is ever served from or stored in the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds, http = page_cache_seconds(), http_cache.enabled()
        if seconds <= 0 and not http:
            return self.get_response(request)
        view = _public_page(request) if request.method in ("GET", "HEAD") else None
        if view is None:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return http_cache.mark_private(self.get_response(request))
        key = _page_key(request, view.public_params)
        if key is None:
            # Unknown parameters: served, but kept by no cache, ours or downstream.
            return self.get_response(request)

        try:
            found = cache.get_many([STAMP_KEY, key])
        except Exception:  # the cache is down: readers still get their pages, uncached
            logger.warning("Page cache unavailable; serving uncached.", exc_info=True)
            return self.get_response(request)
        stamp = found.get(STAMP_KEY)
        now = _now()
        fresh_stamp = stamp is None or (stamp[1] is not None and now >= stamp[1])
        if fresh_stamp:
            stamp = _new_stamp()
        if http and not _replica_may_lag(stamp):
            not_modified = http_cache.not_modified(request, stamp, now)
            if not_modified is not None:
                return not_modified
        if seconds > 0 and request.method == "GET" and not fresh_stamp:
            entry = found.get(key)
            if entry is not None and entry[0] == stamp[0]:
                _token, status, headers, content = entry
                response = HttpResponse(content, status=status, headers=headers)
                if http:  # lifetimes count from now, towards the next scheduled publication
                    http_cache.refresh_lifetimes(response, stamp, now)
                response[CACHE_HEADER] = "hit"
                return response

        response = self.get_response(request)
        if http and not _replica_may_lag(stamp):
            http_cache.mark_public(request, response, view, stamp, now)
        timeout = seconds if stamp[1] is None else min(seconds, int(stamp[1] - now))
        if (
            request.method == "GET"
            and timeout >= 1
            and _storable(request, response)
            and not _replica_may_lag(stamp)
        ):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in _UNSTORED_HEADERS
            }
            entry = (stamp[0], response.status_code, headers, response.content)
            with suppress_cache_errors():
                cache.set(key, entry, timeout=timeout)
        response[CACHE_HEADER] = "miss"
        return response
