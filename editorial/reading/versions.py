"""Version tokens: what a cached reading page, or a value kept for it, was made from.

A stored page (``editorial.reading.pagecache``) and a value kept for many
requests (``Versions.kept``) depend on a few tokens kept in the shared cache
(``CACHES["default"]``: Redis in production, so every process sees them):

``issues``                      the set of issues readers can see and their
                                addresses (every issue page links to its neighbours);
``issue:<bulletin>:<series>:<year>:<number>``  the issue at that address (its
                                bulletin's slug, series, year, number) and what
                                is in it (``issue_token``; derived from a page's URL);
``site``                        anything a reader can see anywhere. Whatever bumps
                                another token bumps ``site`` too.

A bumped token orphans every page and value made against the old one, in every
process at once; nothing is deleted. ``editorial.reading.signals`` says which
changes bump which tokens. A scheduled issue goes live without any write, so
the time of the next scheduled publication is kept beside the tokens and, once
it has passed, the first request that notices bumps ``issues`` and ``site``.

A token is always read before the data it guards, so that nothing is kept
under a token newer than its data.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils import timezone

from editorial.content.models import Issue
from editorial.reading import invalidation

logger = logging.getLogger("editorial.reading.versions")

PREFIX = "reading:"
SCHEDULE_KEY = PREFIX + "next-publication"
SITE = "site"
ISSUES = "issues"
# A stored page or kept value is dropped after a day even if nothing changed: a
# safety net, not the mechanism.
TIMEOUT = 60 * 60 * 24
# With a cache private to each process (local memory), a change saved through one
# process cannot reach the tokens of another: there, nothing is kept over a minute.
LOCAL_TIMEOUT = 60
# How many kept values each process holds in memory.
MEMORY_VALUES = 1024


def issue_token(bulletin, year, number, series=Issue.Series.REGULAR) -> str:
    """The token of the issue at this address (as the URL names it: ``bulletin``
    is its bulletin's slug)."""
    return f"issue:{bulletin}:{series}:{int(year)}:{int(number)}"


def key(name: str) -> str:
    return f"{PREFIX}v:{name}"


def timeout() -> int:
    """How long a stored page or kept value may be used while its tokens stay current."""
    return LOCAL_TIMEOUT if isinstance(caches["default"], LocMemCache) else TIMEOUT


def _new_token() -> str:
    # The bump time (for Last-Modified) and a random part (two processes, one instant).
    return f"{time.time_ns()}.{secrets.token_hex(4)}"


def _token_time(token: str) -> float:
    try:
        return int(token.split(".", 1)[0]) / 1e9
    except ValueError:
        return time.time()


# --- Bumping ----------------------------------------------------------------------------


def bump(*names: str) -> None:
    """Give these tokens new values now (prefer ``bump_on_commit`` in a transaction)."""
    if not names:
        return
    tokens = {key(name): _new_token() for name in names}
    try:
        cache.set_many(tokens, timeout=None)
    except Exception:
        logger.exception("could not bump reading-page versions %s", names)
        return
    invalidation.watch.publish(tokens)


def bump_on_commit(*names: str) -> None:
    """Bump these tokens once the current transaction commits (at once outside one)."""
    names = tuple(dict.fromkeys(names))
    transaction.on_commit(lambda: bump(*names))


# --- The publication schedule -------------------------------------------------------------


def _next_publication() -> float:
    upcoming = (
        Issue.objects.filter(status=Issue.Status.PUBLISHED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else 0.0


def refresh_schedule() -> None:
    """Record when the next scheduled issue goes live (after publishing or rescheduling)."""
    scheduled = _next_publication()
    try:
        cache.set(SCHEDULE_KEY, scheduled, timeout=None)
    except Exception:
        logger.exception("could not record the next publication time")
        return
    invalidation.watch.publish({SCHEDULE_KEY: scheduled})


def refresh_schedule_on_commit() -> None:
    """Record the next publication time once the transaction commits (after
    publishing, rescheduling or withdrawing an issue)."""
    transaction.on_commit(refresh_schedule)


def publication_due(scheduled) -> bool:
    """Has a scheduled issue gone live since the tokens were last bumped?

    An unknown schedule (a cleared or restarted cache) counts as due: the tokens
    may be older than a publication nobody noticed.
    """
    return scheduled is None or 0 < scheduled <= time.time()


# --- Reading -------------------------------------------------------------------------------


def read(keys: list[str]) -> dict:
    """The current values of these token (and schedule) keys: from what this
    process was told (``editorial.reading.invalidation``), or else from the cache."""
    known = invalidation.watch.known(keys)
    if known is not None:
        return known
    generation = invalidation.watch.generation()
    found = cache.get_many(keys)
    invalidation.watch.learn(generation, found)
    return found


def current(tokens: dict[str, str]) -> bool:
    """Are these tokens (read earlier) still the current ones?"""
    found = read([*map(key, tokens), SCHEDULE_KEY])
    if publication_due(found.get(SCHEDULE_KEY)):
        return False
    return all(found.get(key(name)) == token for name, token in tokens.items())


class Versions:
    """The tokens one response depends on, each read before the data it guards:
    those of the ``page`` at once, any other when a part of the page needs it."""

    def __init__(self, page: tuple[str, ...] = ()):
        self.tokens: dict[str, str] = {}
        self.usable = True
        self.page = page
        self.need(*page)

    def need(self, *names: str) -> None:
        wanted = [name for name in names if name not in self.tokens]
        if not wanted or not self.usable:
            return
        keys = [key(name) for name in wanted]
        try:
            found = read([*keys, SCHEDULE_KEY])
            if publication_due(found.get(SCHEDULE_KEY)):
                bump(ISSUES, SITE)
                refresh_schedule()
                found = read(keys)
            for name, token_key in zip(wanted, keys, strict=True):
                token = found.get(token_key)
                if token is None:
                    token = _new_token()
                    if cache.add(token_key, token, timeout=None):
                        invalidation.watch.publish({token_key: token})
                    else:
                        token = cache.get(token_key) or token
                self.tokens[name] = token
        except Exception:
            # No cache, no page caching: the page is still served, just rendered each time.
            logger.exception("could not read reading-page versions")
            self.usable = False

    def kept(self, names, what: str, compute):
        """``compute()``, worked out once per value of the tokens ``names`` (read
        now if they were not yet) and kept under ``what`` (which names what is
        computed) and those values. None is never kept: an address that finds
        nothing fills no cache. Without a usable cache, computed every time.
        """
        self.need(*names)
        if not self.usable or not names:
            return compute()
        tokens = ":".join(self.tokens[name] for name in names)
        return kept_values.get(f"{PREFIX}kept:{what}:{tokens}", compute)

    @property
    def last_modified(self) -> float | None:
        if not self.tokens or not self.usable:
            return None
        return max(_token_time(token) for token in self.tokens.values())


# --- Kept values ---------------------------------------------------------------------------


class ProcessMemory:
    """What this process remembers: at most ``size`` entries, the least recently
    used dropped first; safe to share between threads."""

    def __init__(self, size: int):
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: str):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class KeptValues:
    """Values computed once per token (``Versions.kept``): looked up in this
    process's memory first, then in the shared cache. A key holds its tokens, so
    an entry is never outdated while the tokens are shared; the oldest are
    dropped, and each lives no longer than ``timeout()``."""

    def __init__(self, size: int = MEMORY_VALUES):
        self._memory = ProcessMemory(size)

    def get(self, key: str, compute):
        now = time.time()
        expires, value = self._memory.get(key) or (0.0, None)
        if value is not None and now < expires:
            return value
        lifetime = timeout()
        try:
            value = cache.get(key)
        except Exception:
            logger.exception("could not read %s", key)
            value = None
        if value is None:
            value = compute()
            if value is None:
                return None
            try:
                cache.set(key, value, timeout=lifetime)
            except Exception:
                logger.exception("could not keep %s", key)
        self._memory.put(key, (now + lifetime, value))
        return value

    def forget_all(self) -> None:
        """Empty this process's memory (the shared cache is left alone)."""
        self._memory.clear()


kept_values = KeptValues()
