"""Test processes running side by side (pytest-xdist workers, CI's passes) share one Redis
database: each test empties its own process's keys and no one else's."""

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.conftest import clear_this_process_cache

ON_REDIS = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


@pytest.mark.skipif(not ON_REDIS, reason="needs Redis: CACHE_URL=redis://… (CI's PostgreSQL pass)")
def test_emptying_the_cache_between_tests_keeps_another_test_processs_keys():
    client = cache._cache.get_client(write=True)
    another_process_page = "newsroom-gw9:1:public:page"
    client.set(another_process_page, b"their page")
    cache.set("public:page", "my page")
    try:
        clear_this_process_cache()

        assert cache.get("public:page") is None
        assert client.get(another_process_page) == b"their page"
    finally:
        client.delete(another_process_page)
