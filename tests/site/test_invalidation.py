"""Version tokens pushed through Redis: known at once by every process, and never
trusted once the channel that brings them is broken."""

import time

from django.core.cache import cache

from editorial.reading.invalidation import TokenWatch
from newsletter.settings import _cache_from_url

KEY = "reading:v:issue:1"


def mget_calls(server) -> int:
    return server.info("commandstats").get("cmdstat_mget", {}).get("calls", 0)


def known_within(watch: TokenWatch, keys, *, seconds: float):
    """What ``watch`` knows of ``keys`` once a pushed change has arrived (or the last
    answer after ``seconds``)."""
    deadline = time.monotonic() + seconds
    first = watch.known(keys)
    found = first
    while found == first and time.monotonic() < deadline:
        time.sleep(0.005)
        found = watch.known(keys)
    return found


def read(watch: TokenWatch, keys):
    """What ``editorial.reading.versions.read`` does, for one process's watch."""
    known = watch.known(keys)
    if known is not None:
        return known
    generation = watch.generation()
    found = cache.get_many(keys)
    watch.learn(generation, found)
    return found


def test_a_token_published_by_one_process_is_known_by_another_without_asking(shared_cache):
    writer, reader = TokenWatch(), TokenWatch()
    cache.set(KEY, "1.first", timeout=None)
    assert read(reader, [KEY]) == {KEY: "1.first"}  # asked Redis once, and learned it

    asked = mget_calls(shared_cache)
    assert reader.known([KEY]) == {KEY: "1.first"}
    cache.set(KEY, "2.second", timeout=None)
    writer.publish({KEY: "2.second"})
    # As soon as Redis has pushed it over loopback (microseconds; the test allows
    # a busy machine a second), and without a round trip.
    assert known_within(reader, [KEY], seconds=1.0) == {KEY: "2.second"}
    assert mget_calls(shared_cache) == asked


def test_a_token_never_read_is_asked_for(shared_cache):
    reader = TokenWatch()
    cache.set(KEY, "1.first", timeout=None)
    read(reader, [KEY])
    assert reader.known([KEY, "reading:v:issues"]) is None


def test_once_the_channel_breaks_nothing_known_is_trusted(shared_cache):
    reader = TokenWatch()
    cache.set(KEY, "1.first", timeout=None)
    read(reader, [KEY])
    assert reader.known([KEY]) == {KEY: "1.first"}

    shared_cache.client_kill_filter(_type="pubsub")  # Redis restarted, say
    cache.set(KEY, "2.unannounced", timeout=None)  # a change it could not be told of

    assert reader.known([KEY]) is None  # asks Redis instead of serving the old token
    assert read(reader, [KEY]) == {KEY: "2.unannounced"}


def test_what_is_known_is_read_afresh_after_a_while(shared_cache, monkeypatch):
    reader = TokenWatch()
    cache.set(KEY, "1.first", timeout=None)
    read(reader, [KEY])
    cache.set(KEY, "2.publication-failed", timeout=None)  # written, never published
    assert reader.known([KEY]) == {KEY: "1.first"}

    monkeypatch.setattr("editorial.reading.invalidation.TRUST_SECONDS", 0.0)
    assert reader.known([KEY]) is None
    assert read(reader, [KEY]) == {KEY: "2.publication-failed"}


def test_with_another_cache_backend_nothing_is_pushed(settings):
    settings.CACHES = {"default": _cache_from_url("locmem://")}
    watch = TokenWatch()
    watch.publish({KEY: "x"})
    assert watch.known([KEY]) is None
    assert watch.generation() is None
