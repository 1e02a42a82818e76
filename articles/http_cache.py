"""HTTP caching of reader pages: what a CDN or a reverse proxy may keep, and for how long.

`PublicPageCacheMiddleware` (articles/caching.py) calls these for the pages
`cache_public` marks, with the page cache's *generation stamp*: the token that
every change to an article or version replaces (see caching.py), and the time
of the next scheduled publication. So:

- `ETag` is the stamp's token and `Last-Modified` the time the stamp was made:
  no page changes while the stamp holds. A conditional GET (`If-None-Match`) is
  answered 304 from the stamp alone, without a query or a render.
  `If-Modified-Since` alone is not answered 304: a second is too coarse to
  tell two changes apart, and a CDN revalidates with the ETag.
- `Cache-Control: public, max-age, s-maxage, stale-while-revalidate` (settings
  `NEWSROOM_HTTP_MAX_AGE`, `…_S_MAXAGE`, `…_STALE_WHILE_REVALIDATE`), each cut
  to the time left before the next scheduled publication, so no cache shows a
  front page without a story whose time has come; changes are purged at once
  (`articles/purging.py`) by the surrogate keys set here.
- `Surrogate-Key` (Fastly, Varnish) and `Cache-Tag` (Cloudflare) name what a
  page shows: `site`, `lang-<code>`, `edition-<code>` (front pages, search,
  filters, feeds), `article-<id>` (an article page, in any language), `sitemap`.
- A request with a session cookie (signed in) gets `private, no-store`, as does
  the admin (Django's `never_cache`).

It needs the shared cache that holds the stamp (`CACHE_URL`): with one memory
cache per process, a worker that did not see a change would answer 304 for a
stale page. So `NEWSROOM_HTTP_CACHE` defaults to on only with `CACHE_URL`.
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


def etag(stamp) -> str:
    return f'W/"{stamp[0]}"'


def _lifetimes(stamp, now: float) -> dict[str, int]:
    lifetimes = {
        "max_age": settings.NEWSROOM_HTTP_MAX_AGE,
        "s_maxage": settings.NEWSROOM_HTTP_S_MAXAGE,
        "stale_while_revalidate": settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE,
    }
    if stamp[1] is not None:
        # A scheduled publication is the end of every page's life, stale copies included.
        left = max(0, math.floor(stamp[1] - now))
        lifetimes = {name: min(value, left) for name, value in lifetimes.items()}
        lifetimes["stale_while_revalidate"] = 0
    return lifetimes


def _cache_control(response, stamp, now: float) -> None:
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, **_lifetimes(stamp, now))


def not_modified(request, stamp, now: float):
    """A 304 when the client's ETag is the current stamp's, else None."""
    if not request.META.get("HTTP_IF_NONE_MATCH"):
        return None
    response = get_conditional_response(request, etag=etag(stamp))
    if response is None or response.status_code != 304:
        return None
    _cache_control(response, stamp, now)
    response["ETag"] = etag(stamp)
    response["Last-Modified"] = http_date(math.floor(stamp[2]))
    return response


def surrogate_keys(request, view, response) -> list[str]:
    language = translation.get_language_from_path(request.path_info)
    keys = [SITE_KEY]
    if language:
        keys.append(f"lang-{language}")
    for key in (*view.surrogate_keys, *getattr(response, "surrogate_keys", ())):
        keys.append(f"edition-{language}" if key == "edition" else key)
    return keys


def mark_public(request, response, view, stamp, now: float) -> None:
    """Headers that let HTTP caches keep a reader's page (a 200 without cookies)."""
    if response.status_code != 200 or response.cookies or "Cache-Control" in response:
        return
    _cache_control(response, stamp, now)
    response["ETag"] = etag(stamp)
    response["Last-Modified"] = http_date(math.floor(stamp[2]))
    keys = surrogate_keys(request, view, response)
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


def refresh_lifetimes(response, stamp, now: float) -> None:
    """A page from the page cache: its lifetimes as if rendered now."""
    if "public" in response.get("Cache-Control", ""):
        _cache_control(response, stamp, now)


def mark_private(response):
    """A signed-in reader's page is theirs alone: no cache may keep it."""
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)
    return response
