"""The public page cache: whole reader pages, per language, never stale.

`cache_public(view)` marks a public view's pages; `PublicPageCacheMiddleware`
serves and stores them. Whether a page is fresh is decided by the database,
never by the cache: each request first asks the view's *validator*
(`articles.invalidation`: one indexed query over what the page shows) and
gets an ETag that any committed publish, unpublish, edit, delete or scheduled
publication changes. Then:

- a conditional GET whose `If-None-Match` is that ETag is a 304, no render
  (`articles.http_cache`); a page that does not exist has no validator, so it
  never answers 304;
- a stored page is served only if it was stored under that same ETag. So a
  cache restored from an old snapshot, or one that missed an invalidation while
  it was down, cannot show a page the database no longer publishes: a change
  is recorded in the database, in its own transaction, never in this cache
  (which writes therefore never touch).

What is stored is bounded: unfiltered pages only (front pages and their page
numbers, stories, feeds, the sitemap), asked for by a host the site names
(`ALLOWED_HOSTS`, `NEWSROOM_SITE_URL`). Searches, filtered lists and any other
host's pages are rendered each time (and still get HTTP validators), so no
reader can grow the cache with one entry per `?q=` or per port.

Only GET requests without a session cookie that answer 200 are stored: never
a signed-in editor's page, never a response that sets a cookie, uses a CSRF
token or says it is private. With a read replica, the validator is read where
the page is (so a stored page is never older than its ETag), and pages whose
latest change is younger than NEWSROOM_REPLICA_LAG_SECONDS are served but
neither stored nor offered to HTTP caches, since the replica may lag.

If the cache is down or slow (settings give the client short timeouts), the
reader gets an uncached page, and this process leaves the cache alone for
NEWSROOM_CACHE_RETRY_SECONDS, so a hung Redis costs one timeout per process,
not one per request. Writes never touch this cache: nothing to fail after a
commit.

The cache is on when NEWSROOM_PAGE_CACHE_SECONDS > 0, which settings make the
default only with a shared cache (CACHE_URL). HTTP validators do not need it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.http import urlencode

from articles import http_cache, invalidation

logger = logging.getLogger(__name__)

CACHE_HEADER = "X-Newsroom-Cache"
#: A stored page keeps the view's headers, except these.
_UNSTORED_HEADERS = {"set-cookie", CACHE_HEADER.lower()}
#: Query parameters of unfiltered pages: the only ones a stored page's URL may carry.
_STORED_PARAMS = frozenset({"page", "p"})


def page_cache_seconds() -> int:
    return getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 0)


def invalidate_public_pages(**kwargs) -> None:
    """After writes that sent no signal (an import's bulk rows): every page
    (`articles.invalidation`, which says what each change invalidates)."""
    invalidation.invalidate_public_pages(**kwargs)


# --- the cache, skipped for a while once it fails ------------------------------------

_down_until = 0.0


def _cache_call(method: str, *args, **kwargs):
    """`cache.<method>(…)`, or None while the cache is known to be down: a reader's page
    never fails, nor waits more than one timeout per process, because the cache does."""
    global _down_until
    if time.monotonic() < _down_until:
        return None
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception:
        _down_until = time.monotonic() + settings.NEWSROOM_CACHE_RETRY_SECONDS
        logger.warning(
            "Page cache unavailable; serving uncached for %ss.",
            settings.NEWSROOM_CACHE_RETRY_SECONDS,
            exc_info=True,
        )
        return None


def _known_hosts() -> set[str]:
    hosts = {h for h in settings.ALLOWED_HOSTS if h and h[0] not in ".*"}
    site = getattr(settings, "NEWSROOM_SITE_URL", "")
    if "://" in site:
        hosts.add(site.split("://", 1)[1].split("/", 1)[0])
    return hosts


def _page_key(request) -> str | None:
    """The key of a page that may be stored, or None (see the module docstring: a search, a
    filtered list, an unknown host's page is not).

    The URL without its query (the path carries the edition's language; scheme and
    host matter because pages carry absolute URLs: canonical, alternates, feeds,
    sitemap), then its page number, if any.
    """
    if not set(request.GET) <= _STORED_PARAMS or request.get_host() not in _known_hosts():
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


def _reader_database() -> str:
    """Where a reader's page reads (newsroom.db_router): the validator reads there too."""
    from newsroom.db_router import PRIMARY, REPLICA, replica_configured

    return REPLICA if replica_configured() else PRIMARY


def _replica_may_lag(validator, now: float) -> bool:
    from newsroom.db_router import replica_configured

    lag = settings.NEWSROOM_REPLICA_LAG_SECONDS
    return replica_configured() and now - validator.last_modified < lag


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


def cache_public(view, *, params=(), keys=(), validator=invalidation.edition_page):
    """Mark `view` as a public page: PublicPageCacheMiddleware serves and stores its pages.

    `params` are the query parameters the view reads: a request with any other is
    served but offered to no cache (a key per `?junk=N` would grow caches without
    bound). `keys` are surrogate keys for HTTP caches (`articles.http_cache`);
    "edition" stands for the active language's edition. `validator` says what
    the page shows (`articles.invalidation`). The mark goes on a wrapper, not on
    `view`, which may be shared (Django's sitemap view).
    """
    public_page = safe_methods_only(view)
    public_page.public_page = True
    public_page.public_params = frozenset(params)
    public_page.surrogate_keys = tuple(keys)
    public_page.validator = validator
    return public_page


def _public_page(request):
    """The URL's match if cache_public marked its view, else None (resolved in the URL's
    language, since i18n_patterns only match the active language's prefix)."""
    language = translation.get_language_from_path(request.path_info)
    urlconf = getattr(request, "urlconf", None)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            match = resolve(request.path_info, urlconf)
    except Resolver404:
        return None
    return match if getattr(match.func, "public_page", False) else None


class PublicPageCacheMiddleware:
    """Answer a reader from the page cache before the rest of the stack runs.

    It sits just inside WhiteNoise, like Django's FetchFromCacheMiddleware: a hit
    costs the validator's query and one cache round trip, and no session, CSRF,
    locale or render work. A page is stored on the way out, after the inner
    middleware added their headers (Content-Language, Vary, X-Frame-Options), so
    a hit answers with the same headers; the outer ones (security, CSP,
    compression) are added to both alike. Only requests without a session
    cookie take part: without one nobody is signed in, so no editor's page is
    ever served from or stored in the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds, http = page_cache_seconds(), http_cache.enabled()
        if seconds <= 0 and not http:
            return self.get_response(request)
        match = _public_page(request) if request.method in ("GET", "HEAD") else None
        if match is None:
            return self.get_response(request)
        view = match.func
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return http_cache.mark_private(self.get_response(request))
        if not set(request.GET) <= view.public_params:
            # Unknown parameters: served, but kept by no cache, ours or downstream.
            return self.get_response(request)

        moment = timezone.now()
        now = moment.timestamp()
        language = translation.get_language_from_path(request.path_info)
        validator = view.validator(request, language, match.kwargs, moment, _reader_database())
        if validator is None or _replica_may_lag(validator, now):
            # No such page (a 404 never answers 304), or the replica may not have the change.
            return self.get_response(request)
        if http:
            not_modified = http_cache.not_modified(request, view, validator, now)
            if not_modified is not None:
                return not_modified
        key = _page_key(request) if seconds > 0 and request.method == "GET" else None
        if key is not None:
            entry = _cache_call("get", key)
            if entry is not None and entry[0] == validator.etag:
                _etag, status, headers, content = entry
                response = HttpResponse(content, status=status, headers=headers)
                if http:  # lifetimes count from now, towards the next scheduled publication
                    http_cache.refresh_lifetimes(response, validator, now)
                response[CACHE_HEADER] = "hit"
                return response

        response = self.get_response(request)
        if http:
            http_cache.mark_public(request, response, view, validator, now)
        expires = validator.expires
        timeout = seconds if expires is None else min(seconds, int(expires - now))
        if key is not None and timeout >= 1 and _storable(request, response):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in _UNSTORED_HEADERS
            }
            entry = (validator.etag, response.status_code, headers, response.content)
            _cache_call("set", key, entry, timeout=timeout)
        if key is not None:
            response[CACHE_HEADER] = "miss"
        return response
