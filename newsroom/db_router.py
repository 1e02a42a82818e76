"""Read replicas: readers' pages read from `replica`, everything else from `default`.

With DATABASE_REPLICA_URL set, settings add a `replica` alias. Which reads may
go there is a property of the *request*, not of the model, so the decision is
made once per request by `PublicReadsOnReplicaMiddleware` and carried to
`ReplicaRouter` in a context variable:

- a public read (GET/HEAD/OPTIONS outside the admin, by a client without a
  session cookie) reads the replica;
- the admin, every write, any request of a signed-in user (an editor who just
  published must see it on the site at once, replica lag or not), management
  commands, the importer and tests read and write the primary.

Without a `replica` alias the router answers `default` for everything, so the
router and the middleware can stay installed on a single database.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.db import connections
from django.urls import get_urlconf, reverse

REPLICA = "replica"
PRIMARY = "default"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_public_read: ContextVar[bool] = ContextVar("newsroom_public_read", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _public_read.get() and replica_configured():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same rows: an object read from the replica may
        # be related to one read from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica receives the schema by replication, never by `migrate`.
        return db == PRIMARY


@lru_cache(maxsize=16)
def _admin_prefix(urlconf: str) -> str:
    return reverse("admin:index", urlconf=urlconf)


def is_public_read(request) -> bool:
    if request.method not in SAFE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    urlconf = getattr(request, "urlconf", None) or get_urlconf() or settings.ROOT_URLCONF
    return not request.path.startswith(_admin_prefix(urlconf))


class PublicReadsOnReplicaMiddleware:
    """Marks a reader's request so that `ReplicaRouter` sends its reads to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
