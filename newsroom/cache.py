"""Django's Redis cache backend, keeping one client per server.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every
cache call, and each one rebuilds redis-py's table of response callbacks: more
than half of a page-cache hit's CPU (BENCHMARKS.md, Redis cache client). A
`redis.Redis` is thread-safe and shares the connection pool it is given, which
redis-py resets after a fork, so one per server is enough.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
