"""What newsroom/cache.py adds to Django's Redis backend: one client per server.

Django's backend builds a new `redis.Redis` for every cache call; ours keeps one
per connection pool. Building a client opens no connection, so these run without
a Redis server.
"""

from newsroom.cache import RedisCache


def test_every_call_to_one_server_reuses_one_client():
    client = RedisCache("redis://127.0.0.1:1/0", {})._cache
    first = client.get_client("page:a")
    assert client.get_client("page:b") is first
    assert client.get_client("page:c", write=True) is first  # one server: reads and writes


def test_a_replica_gets_a_client_of_its_own():
    client = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})._cache
    writer, reader = client.get_client(write=True), client.get_client()
    assert writer is not reader
    assert client.get_client(write=True) is writer and client.get_client() is reader
    assert reader.connection_pool.connection_kwargs["port"] == 2
