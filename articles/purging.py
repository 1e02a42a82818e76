"""Purge HTTP caches (a reverse proxy, a CDN) the moment a change reaches readers' pages.

The way `wagtail.contrib.frontend_cache` does it: a backend chosen in settings
(`NEWSROOM_PURGE_BACKEND`), told *what* changed, asked once per transaction
after it commits.

What a change touches is said by `articles.invalidation` (the one place that
says it, and that calls `request_purge`), twice, for caches that can purge by
tag and for those that purge by URL: surrogate keys (the ones
`articles.http_cache` puts on every page) and URLs.

Backends (settings in README, "HTTP caching and CDN purge"):

- `http`: Varnish (the VCL in `deploy/varnish/newsroom.vcl`) or any proxy that
  accepts `PURGE`: one `PURGE /` with the keys in `X-Purge-Keys` (Varnish
  bans the objects tagged with any of them), then one `PURGE <path>` per URL
  (nginx's `proxy_cache_purge`, or Varnish's own purge), to each server in
  `NEWSROOM_PURGE_HTTP_SERVERS`, with `Host: NEWSROOM_PURGE_HOST` when set.
- `cloudflare`: `POST /zones/<zone>/purge_cache {"tags": […]}` (the pages'
  `Cache-Tag`), 30 tags a request.
- `fastly`: `POST /service/<id>/purge` with the keys in `Surrogate-Key`
  (batch purge by the pages' `Surrogate-Key`), 256 keys a request.

Purges are sent by a background task (`purge_task`), retried when
they fail; meanwhile the cache's own lifetimes (`s-maxage`) bound how long the
old page can last.
When the next scheduled publication comes, no purge is needed: every
lifetime ends then (`articles.http_cache`).
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_tasks import task

from articles.tasks import retrying

logger = logging.getLogger(__name__)


@dataclass
class Purge:
    keys: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def add(self, keys=(), paths=()) -> None:
        self.keys.extend(k for k in keys if k not in self.keys)
        self.paths.extend(p for p in paths if p not in self.paths)


def _send(request: urllib.request.Request) -> None:
    timeout = getattr(settings, "NEWSROOM_PURGE_TIMEOUT", 5)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def _batches(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class HTTPPurgeBackend:
    """PURGE requests to Varnish or nginx (see the module docstring)."""

    def __init__(self, servers: list[str], host: str = ""):
        self.servers = [server.rstrip("/") for server in servers]
        self.host = host

    def _purge(self, server: str, path: str, headers: dict[str, str]) -> None:
        if self.host:
            headers = {**headers, "Host": self.host}
        _send(urllib.request.Request(server + path, method="PURGE", headers=headers))

    def purge(self, purge: Purge) -> None:
        for server in self.servers:
            if purge.keys:
                self._purge(server, "/", {"X-Purge-Keys": " ".join(purge.keys)})
            for path in purge.paths:
                self._purge(server, path, {})


class CloudflareBackend:
    """Cloudflare's purge by Cache-Tag."""

    def __init__(self, zone_id: str, api_token: str, api_url: str):
        self.url = f"{api_url.rstrip('/')}/zones/{zone_id}/purge_cache"
        self.token = api_token

    def purge(self, purge: Purge) -> None:
        for tags in _batches(purge.keys, 30):
            body = json.dumps({"tags": tags}).encode()
            headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
            _send(urllib.request.Request(self.url, data=body, method="POST", headers=headers))


class FastlyBackend:
    """Fastly's batch purge by Surrogate-Key."""

    def __init__(self, service_id: str, api_token: str, api_url: str):
        self.url = f"{api_url.rstrip('/')}/service/{service_id}/purge"
        self.token = api_token

    def purge(self, purge: Purge) -> None:
        for keys in _batches(purge.keys, 256):
            headers = {"Fastly-Key": self.token, "Surrogate-Key": " ".join(keys)}
            _send(urllib.request.Request(self.url, data=b"", method="POST", headers=headers))


def backend():
    """The configured backend, or None (`NEWSROOM_PURGE_BACKEND` empty: no HTTP cache)."""
    name = getattr(settings, "NEWSROOM_PURGE_BACKEND", "")
    if name == "http":
        return HTTPPurgeBackend(settings.NEWSROOM_PURGE_HTTP_SERVERS, settings.NEWSROOM_PURGE_HOST)
    if name == "cloudflare":
        return CloudflareBackend(
            settings.NEWSROOM_CLOUDFLARE_ZONE_ID,
            settings.NEWSROOM_CLOUDFLARE_API_TOKEN,
            settings.NEWSROOM_CLOUDFLARE_API_URL,
        )
    if name == "fastly":
        return FastlyBackend(
            settings.NEWSROOM_FASTLY_SERVICE_ID,
            settings.NEWSROOM_FASTLY_API_TOKEN,
            settings.NEWSROOM_FASTLY_API_URL,
        )
    return None


# --- what a change touches, and when it is sent -----------------------------------

_pending = threading.local()


def _flush() -> None:
    purge = getattr(_pending, "purge", None)
    _pending.purge = None
    chosen = backend()
    if purge is None or chosen is None:
        return
    # A background task (`purge_task`): a slow CDN API never holds the request, and a
    # purge that fails is retried.
    try:
        purge_task.enqueue(purge.keys, purge.paths)
    except Exception:
        logger.warning(
            "Could not queue the purge of the HTTP cache (%s).", purge.keys, exc_info=True
        )


@task()
def purge_task(keys: list[str], paths: list[str], attempt: int = 1) -> None:
    """Purge the HTTP caches of these keys and paths (`articles.purging`)."""

    def body() -> None:
        chosen = backend()
        if chosen is None:
            return
        try:
            chosen.purge(Purge(keys=list(keys), paths=list(paths)))
        except Exception:
            logger.warning("Could not purge the HTTP cache (%s).", keys)
            raise

    retrying(purge_task, (keys, paths), attempt, body)


def request_purge(keys=(), paths=()) -> None:
    """Purge these keys and paths once the current transaction commits (at once without one).

    Requests within one transaction are sent together; after a rollback they are
    sent with the next commit (purging too much is harmless, too little is not).
    """
    if not enabled():
        return
    if getattr(_pending, "purge", None) is None:
        _pending.purge = Purge()
    _pending.purge.add(keys, paths)
    transaction.on_commit(_flush, robust=True)


def enabled() -> bool:
    return bool(getattr(settings, "NEWSROOM_PURGE_BACKEND", ""))
