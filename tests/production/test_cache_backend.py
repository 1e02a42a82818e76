"""The Redis cache backend (newsroom/cache.py) stores, returns and deletes pages as Django's does.

Runs in the CI pass that sets CACHE_URL (Redis); on a laptop without it the
settings select the in-memory cache and there is no Redis to talk to.
"""

import os

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.skipif(
    not os.environ.get("CACHE_URL"), reason="needs Redis: set CACHE_URL=redis://…"
)


def test_pages_round_trip_through_redis_and_can_be_deleted():
    cache = caches["default"]
    cache.set("backend-test:page", ("stamp", 200, {"Content-Type": "text/html"}, b"<p>x</p>"), 30)
    assert cache.get_many(["backend-test:page", "backend-test:absent"]) == {
        "backend-test:page": ("stamp", 200, {"Content-Type": "text/html"}, b"<p>x</p>")
    }
    cache.delete("backend-test:page")
    assert cache.get("backend-test:page") is None
