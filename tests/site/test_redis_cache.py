"""The Redis cache backend: Django's, reusing one client per connection pool."""

import pytest

from newsletter.redis_cache import RedisCache
from newsletter.settings import _cache_from_url
from tests.site.servers import RedisServer


@pytest.fixture(scope="module")
def redis():
    with RedisServer() as server:
        yield server


@pytest.mark.parametrize("address", ["url", "socket_url"])
def test_values_round_trip_and_one_client_serves_every_call(redis, address):
    config = _cache_from_url(getattr(redis, address))
    cache = RedisCache(config["LOCATION"], {"KEY_PREFIX": config["KEY_PREFIX"]})
    cache.set("版本", {"issue:1": "1732.ab"}, timeout=60)
    cache.set_many({"a": 1, "b": [2, "二"]}, timeout=60)

    assert cache.get("版本") == {"issue:1": "1732.ab"}
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2, "二"]}
    assert cache.add("a", 9) is False
    assert cache.get("a") == 1

    clients = {id(cache._cache.get_client(write=write)) for write in (True, False)} | {
        id(cache._cache.get_client("a"))
    }
    assert len(clients) == 1  # built once, not per call
    cache.clear()
    assert cache.get("a") is None
