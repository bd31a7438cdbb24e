"""Version tokens pushed to every process, so that checking them costs no round trip.

Every reading page is checked against its version tokens (``editorial.reading.versions``)
on every request. With Redis, reading them is a round trip, which costs more
than serving the stored page itself. So each process also listens on a Redis
publish/subscribe channel: whoever writes a token publishes its new value there,
and a process that is subscribed knows every token it has read since it
subscribed. Before using what it knows, a request reads whatever has arrived on
the channel. That read needs no round trip, just a look at the socket.

Redis writes a published message to every subscriber before it answers the
publisher. A change saved through one app server is therefore seen by the
others as soon as its request has finished, as it was with a round trip per
request.

Whenever the process is not sure, it asks Redis as before:
- before it has subscribed;
- after the subscription broke (Redis restarted, or a slow reader was cut off);
- for a token it has not read since it subscribed.

It then tries to subscribe again, at most once a second. What a process knows
is also forgotten every ``TRUST_SECONDS`` and read afresh: a publication that
failed after its token was written (logged) is seen within that time. With any
other cache backend (local memory, the tests' cache) this module does nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("editorial.reading.invalidation")

BACKEND = "newsletter.redis_cache.RedisCache"
RETRY_SECONDS = 1.0
CONNECT_TIMEOUT = 0.5
# What a process knows is forgotten (and read again) this often: the bound on how
# long a change whose publication failed could go unseen.
TRUST_SECONDS = 10.0


def enabled() -> bool:
    config = settings.CACHES["default"]
    return config["BACKEND"] == BACKEND and settings.READING_TOKENS_PUSHED


class TokenWatch:
    """This process's subscription and the token values it has learned through it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None  # the process the subscription belongs to
        self._pubsub = None
        self._publisher = None
        self._publisher_pid = None
        self._known: dict[str, object] = {}
        self._known_since = 0.0
        self._generation = 0  # changes whenever what is known may have been missed
        self._retry_at = 0.0

    # --- Publishing ---------------------------------------------------------------

    def publish(self, values: dict[str, object]) -> None:
        """Tell every process the new values of these cache keys (just written)."""
        if not enabled() or not values:
            return
        payload = json.dumps(values)
        for attempt in (1, 2):
            try:
                self._redis().publish(self._channel(), payload)
                return
            except Exception:
                self._publisher = None  # a new connection for the second attempt
                if attempt == 2:
                    # The others learn it when they next forget (TRUST_SECONDS).
                    logger.exception("could not publish reading-page versions %s", list(values))

    # --- Reading --------------------------------------------------------------------

    def known(self, keys: list[str]) -> dict[str, object] | None:
        """The current values of all these keys, if this process knows them for
        sure; None when it must ask Redis."""
        if not enabled():
            return None
        with self._lock:
            if not self._ready():
                return None
            try:
                self._drain()
            except Exception:
                logger.warning("reading-page version channel lost; asking Redis again")
                self._reset()
                return None
            if time.monotonic() - self._known_since > TRUST_SECONDS:
                self._forget()
                return None
            try:
                return {key: self._known[key] for key in keys}
            except KeyError:
                return None

    def generation(self) -> int | None:
        """Take before asking Redis, give to ``learn`` with what it answered."""
        if not enabled():
            return None
        with self._lock:
            return self._generation if self._ready() else None

    def learn(self, generation: int | None, found: dict[str, object]) -> None:
        """Remember values read from Redis, if the subscription held all along since
        ``generation`` was taken (so that no later change could have been missed)."""
        if generation is None:
            return
        with self._lock:
            if self._generation != generation or self._pubsub is None:
                return
            try:
                # A change published after the read may already wait on the socket:
                # it is newer than what was read, and stays.
                self._drain()
            except Exception:
                self._reset()
                return
            for key, value in found.items():
                if value is not None:
                    self._known.setdefault(key, value)

    def forget_all(self) -> None:
        with self._lock:
            self._reset()
            self._retry_at = 0.0

    # --- The subscription (under the lock) -------------------------------------------

    def _channel(self) -> str:
        return cache.make_key("reading:versions")

    def _redis(self):
        import redis

        if self._publisher is None or self._publisher_pid != os.getpid():
            self._publisher = redis.Redis.from_url(
                settings.CACHES["default"]["LOCATION"], socket_connect_timeout=CONNECT_TIMEOUT
            )
            self._publisher_pid = os.getpid()
        return self._publisher

    def _ready(self) -> bool:
        if self._pubsub is not None and self._pid != os.getpid():
            self._reset()  # a forked worker: the parent's subscription is not its own
        if self._pubsub is not None:
            return True
        if time.monotonic() < self._retry_at:
            return False
        self._retry_at = time.monotonic() + RETRY_SECONDS
        try:
            pubsub = self._redis().pubsub()
            pubsub.subscribe(self._channel())
            confirmed = pubsub.get_message(timeout=CONNECT_TIMEOUT)
            if not confirmed or confirmed.get("type") != "subscribe":
                pubsub.close()
                return False
        except Exception:
            logger.warning("could not subscribe to reading-page versions; asking Redis")
            return False
        self._pubsub = pubsub
        self._pid = os.getpid()
        self._forget()
        return True

    def _drain(self) -> None:
        while (message := self._pubsub.get_message(timeout=0)) is not None:
            if message.get("type") == "message":
                self._known.update(json.loads(message["data"]))

    def _forget(self) -> None:
        self._known = {}
        self._known_since = time.monotonic()
        self._generation += 1

    def _reset(self) -> None:
        if self._pubsub is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):
                self._pubsub.close()
        self._pubsub = None
        self._forget()


watch = TokenWatch()
