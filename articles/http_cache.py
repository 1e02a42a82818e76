"""HTTP caching of reader pages: what a CDN, a reverse proxy or a browser may keep, and how long.

`PublicPageCacheMiddleware` (articles/caching.py) calls these for the pages
`cache_public` marks, with the page's validator (`articles.invalidation`),
derived from the database for what that page shows. So, with or without Redis:

- `ETag` digests what the page shows (a story: its article and versions; a
  front page or feed: its edition; the sitemap: the site), so a change
  revalidates only the pages it touches. `If-None-Match` with that ETag (or
  `*`) is a 304 without a render; a page that does not exist never is.
- `Last-Modified` is the latest change to what the page shows, and
  `If-Modified-Since` alone is answered 304 too (feed readers send it), except
  within NEWSROOM_HTTP_SETTLE_SECONDS of that change: a second is too coarse to
  tell two changes in it apart, so a page of that second is not given a
  Last-Modified a client could send back.
- `Cache-Control: public, max-age, s-maxage, stale-while-revalidate` (settings
  `NEWSROOM_HTTP_MAX_AGE`, `…_S_MAXAGE`, `…_STALE_WHILE_REVALIDATE`), each cut
  to the time left before the page's next scheduled publication, so no cache
  shows a front page without a story whose time has come; changes are purged
  at once (`articles/purging.py`) by the surrogate keys set here.
- `Surrogate-Key` (Fastly, Varnish) and `Cache-Tag` (Cloudflare) name what a
  page shows: `site`, `lang-<code>`, `edition-<code>` (front pages, search,
  filters, feeds), `article-<id>` (an article page, in any language), `sitemap`.
- A request with a session cookie (signed in) gets `private, no-store`, as does
  the admin (Django's `never_cache`).

On by default (`NEWSROOM_HTTP_CACHE`): nothing here needs a shared cache.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

SITE_KEY = "site"


def enabled() -> bool:
    return getattr(settings, "NEWSROOM_HTTP_CACHE", False)


def etag(validator) -> str:
    return f'W/"{validator.etag}"'


def _lifetimes(validator, now: float) -> dict[str, int]:
    lifetimes = {
        "max_age": settings.NEWSROOM_HTTP_MAX_AGE,
        "s_maxage": settings.NEWSROOM_HTTP_S_MAXAGE,
        "stale_while_revalidate": settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE,
    }
    if validator.expires is not None:
        # A scheduled publication is the end of the page's life, stale copies included.
        left = max(0, math.floor(validator.expires - now))
        lifetimes = {name: min(value, left) for name, value in lifetimes.items()}
        lifetimes["stale_while_revalidate"] = 0
    return lifetimes


def _cache_control(response, validator, now: float) -> None:
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, **_lifetimes(validator, now))


def _last_modified(validator, now: float) -> float | None:
    """The Last-Modified to give, or None while the latest change's second may see another."""
    if now - validator.last_modified < settings.NEWSROOM_HTTP_SETTLE_SECONDS:
        return None
    return math.floor(validator.last_modified)


def _validators(response, validator, now: float) -> None:
    response["ETag"] = etag(validator)
    last_modified = _last_modified(validator, now)
    # Ours replaces a view's own (Django's feeds give their newest entry's date).
    response.headers.pop("Last-Modified", None)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)


def not_modified(request, view, validator, now: float):
    """A 304 when the client holds the current page (its ETag, or its Last-Modified), else None."""
    if not (request.META.get("HTTP_IF_NONE_MATCH") or request.META.get("HTTP_IF_MODIFIED_SINCE")):
        return None
    response = get_conditional_response(
        request, etag=etag(validator), last_modified=_last_modified(validator, now)
    )
    if response is None or response.status_code != 304:
        return None
    _cache_control(response, validator, now)
    _validators(response, validator, now)
    return response


def surrogate_keys(request, view, response) -> list[str]:
    language = translation.get_language_from_path(request.path_info)
    keys = [SITE_KEY]
    if language:
        keys.append(f"lang-{language}")
    for key in (*view.surrogate_keys, *getattr(response, "surrogate_keys", ())):
        keys.append(f"edition-{language}" if key == "edition" else key)
    return keys


def mark_public(request, response, view, validator, now: float) -> None:
    """Headers that let HTTP caches keep a reader's page (a 200 without cookies)."""
    if response.status_code != 200 or response.cookies or "Cache-Control" in response:
        return
    _cache_control(response, validator, now)
    _validators(response, validator, now)
    keys = surrogate_keys(request, view, response)
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


def refresh_lifetimes(response, validator, now: float) -> None:
    """A page from the page cache: its lifetimes as if rendered now."""
    if "public" in response.get("Cache-Control", ""):
        _cache_control(response, validator, now)
        _validators(response, validator, now)


def mark_private(response):
    """A signed-in reader's page is theirs alone: no cache may keep it."""
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)
    return response
