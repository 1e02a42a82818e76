"""Benchmark: what newsroom/cache.py saves on a page-cache hit, against Django's own backend.

    .venv/bin/python bench/cache_client_bench.py [--url redis://127.0.0.1:6379/0] [--calls 20000]

A cache hit of the public page cache is one `get_many` (the stamp and the page).
This times that call through Django's `RedisCache` (a new `redis.Redis` per call)
and through `newsroom.cache.RedisCache` (one client per server), interleaved in
five slices against the same Redis server, and prints the median per call: CPU
time of this process (steadier on a shared machine) and wall time. The keys are
written once under a prefix of their own and deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def per_call_us(cache, keys: list[str], calls: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        cache.get_many(keys)
    return (
        (time.process_time() - cpu) / calls * 1e6,
        (time.perf_counter() - wall) / calls * 1e6,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from newsroom.cache import RedisCache

    params = {"KEY_PREFIX": "cache-client-bench"}
    backends = {
        "django.core.cache.backends.redis.RedisCache": DjangoRedisCache(args.url, params),
        "newsroom.cache.RedisCache": RedisCache(args.url, params),
    }
    keys = ["stamp", "page"]
    first = next(iter(backends.values()))
    first.set_many({"stamp": "1", "page": ("1", 200, {}, b"x" * 20000)}, 60)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in backends}
    for _slice in range(5):
        for name, cache in backends.items():
            results[name].append(per_call_us(cache, keys, args.calls // 5))
    first.delete_many(keys)

    print(f"get_many of 2 keys (a page-cache hit), {args.calls} calls per backend, {args.url}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    for name, slices in results.items():
        cpu = statistics.median(c for c, _w in slices)
        wall = statistics.median(w for _c, w in slices)
        print(f"{name:45} CPU {cpu:7.1f} µs/call   wall {wall:7.1f} µs/call")


if __name__ == "__main__":
    main()
