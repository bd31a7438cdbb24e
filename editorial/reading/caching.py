"""Reading pages: rendered once, then served from the cache until something on them changes.

Versions
    A cached page depends on a few *version tokens* kept in the shared cache
    (``CACHES["default"]``: Redis in production, so every process sees them):

    ``issues``       the set of published issues and their numbers, dates and titles
                     (every issue page links to its neighbours);
    ``issue:<pk>``   one issue and everything in it: sections, articles, sources,
                     tags, distribution list;
    ``site``         anything a reader can see anywhere (lists, sources, tags...).

    Saving anything bumps the tokens it affects once its transaction has
    committed (``editorial.reading.signals``). A bumped token orphans every page rendered
    against the old one, in every process at once; nothing is deleted. A
    scheduled issue becomes visible without any write, so the time of the next
    scheduled publication is kept beside the tokens and, once it has passed, the
    first request that notices bumps ``issues`` and ``site``.

Pages
    A reading view reads the tokens it depends on (``request.reading_versions``)
    *before* it queries the data they guard — so a page is never stored under a
    token newer than its data — and renders as usual. For an anonymous reader,
    ``ReadingCacheMiddleware`` stores the finished response (body and headers).
    Later anonymous GETs of that address are answered by the middleware, near the
    top of the stack and before the session, authentication, CSRF, locale and CSP
    middleware run, and checked against the current tokens. Each process keeps
    the pages it served last in memory, so only the small tokens travel; with
    Redis, not even those: each process is told every new token as it is
    written (``editorial.reading.invalidation``), so the check is no round trip.

    The tokens reach every process only through a shared cache (Redis): with a
    local-memory cache, which each process keeps for itself, a stored page lives
    a minute at most (``LOCAL_PAGE_TIMEOUT``), since a change saved through
    another process cannot reach it.

Kept values
    Parts of a page that many requests share — the bulletin body of an issue
    (``editorial.reading.rendering``), an issue looked up for anonymous readers, its
    neighbours — are computed once per token they depend on
    (``Versions.kept``) and kept in the shared cache under that token, and the
    latest in each process's memory. A request the page store cannot answer (a
    signed-in reader, an address with a query string) is assembled from them.

Conditional GET
    Every reading page carries an ``ETag`` (a hash of its body) and, when it
    depends on tokens, ``Last-Modified`` (when the newest of them was bumped); a
    matching ``If-None-Match`` or ``If-Modified-Since`` gets a 304.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from editorial.content.models import Issue
from editorial.reading import invalidation

logger = logging.getLogger("editorial.reading.caching")

_PREFIX = "reading:"
_SCHEDULE_KEY = _PREFIX + "next-publication"
# A stored page is dropped after a day even if nothing changed: a safety net, not the mechanism.
PAGE_TIMEOUT = 60 * 60 * 24
# With a cache that is private to each process (local memory), a change saved through
# one process cannot reach the tokens of another: there, pages live a minute at most.
LOCAL_PAGE_TIMEOUT = 60
# How many pages each process keeps in memory (about 50 kB each).
MEMORY_PAGES = 256
# Query parameters a stored page's address may carry (pagination).
STORED_PARAMETERS = {"page"}
# Headers that belong to one response only.
_UNSTORED_HEADERS = {"set-cookie", "date"}


# --- Version tokens ---------------------------------------------------------------


def _key(name: str) -> str:
    return f"{_PREFIX}v:{name}"


def _new_token() -> str:
    # The bump time (for Last-Modified) and a random part (two processes, one instant).
    return f"{time.time_ns()}.{secrets.token_hex(4)}"


def _token_time(token: str) -> float:
    try:
        return int(token.split(".", 1)[0]) / 1e9
    except ValueError:
        return time.time()


def issue_version(issue_id) -> str:
    return f"issue:{issue_id}"


def bump(*names: str) -> None:
    """Give these versions new tokens now (prefer ``bump_on_commit`` in a transaction)."""
    if not names:
        return
    tokens = {_key(name): _new_token() for name in names}
    try:
        cache.set_many(tokens, timeout=None)
    except Exception:
        logger.exception("could not bump reading-page versions %s", names)
        return
    invalidation.watch.publish(tokens)


def bump_on_commit(*names: str) -> None:
    """Bump these versions once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: bump(*names))


def issues_changed(issue_ids) -> None:
    """For code that writes issues or their contents in bulk (``update()``,
    ``bulk_create``): every page showing these issues is re-rendered."""
    names = [issue_version(pk) for pk in issue_ids]
    bump_on_commit(*names, "issues", "site")
    refresh_schedule_on_commit()


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
        cache.set(_SCHEDULE_KEY, scheduled, timeout=None)
    except Exception:
        logger.exception("could not record the next publication time")
        return
    invalidation.watch.publish({_SCHEDULE_KEY: scheduled})


class ScheduleRefresh:
    """Whether a refresh of the publication schedule was asked for (see
    ``schedule_refresh_deferred``)."""

    requested = False


class _Deferral(threading.local):
    current: ScheduleRefresh | None = None


_deferral = _Deferral()


def refresh_schedule_on_commit() -> None:
    """Record the next publication time once the transaction commits (after
    publishing, rescheduling or withdrawing an issue)."""
    if _deferral.current is not None:
        _deferral.current.requested = True
    else:
        transaction.on_commit(refresh_schedule)


@contextmanager
def schedule_refresh_deferred():
    """For one transaction of a batch of writes (the legacy importer: one per
    file): the schedule refreshes asked for inside are not run after its commit,
    only noted (``requested`` on the object yielded); the batch refreshes the
    schedule once at its end instead.

    A publication time in the past cannot change when the next one is due, so
    the batch must refresh at once only after writing an issue scheduled for
    later (``Issue.is_scheduled``). A refresh costs a query: two per imported
    file otherwise.
    """
    outer = _deferral.current
    _deferral.current = noted = ScheduleRefresh()
    try:
        yield noted
    finally:
        _deferral.current = outer


def _publication_due(scheduled) -> bool:
    """Has a scheduled issue gone live since the tokens were last bumped?

    An unknown schedule (a cleared or restarted cache) counts as due: the tokens
    may be older than a publication nobody noticed.
    """
    return scheduled is None or 0 < scheduled <= time.time()


def _publish_due() -> None:
    bump("issues", "site")
    refresh_schedule()


def read_versions(keys: list[str]) -> dict:
    """The current values of these token (and schedule) keys: from what this
    process was told (``editorial.reading.invalidation``), or else from the cache."""
    known = invalidation.watch.known(keys)
    if known is not None:
        return known
    generation = invalidation.watch.generation()
    found = cache.get_many(keys)
    invalidation.watch.learn(generation, found)
    return found


class Versions:
    """The tokens one response depends on, each read before the data it guards."""

    def __init__(self):
        self.tokens: dict[str, str] = {}
        self.usable = True

    def need(self, *names: str) -> None:
        wanted = [name for name in names if name not in self.tokens]
        if not wanted or not self.usable:
            return
        keys = [_key(name) for name in wanted]
        try:
            found = read_versions([*keys, _SCHEDULE_KEY])
            if _publication_due(found.get(_SCHEDULE_KEY)):
                _publish_due()
                found = read_versions(keys)
            for name, key in zip(wanted, keys, strict=True):
                token = found.get(key)
                if token is None:
                    token = _new_token()
                    if cache.add(key, token, timeout=None):
                        invalidation.watch.publish({key: token})
                    else:
                        token = cache.get(key) or token
                self.tokens[name] = token
        except Exception:
            # No cache, no page caching: the page is still served, just rendered each time.
            logger.exception("could not read reading-page versions")
            self.usable = False

    def kept(self, name: str, key: str, compute):
        """``compute()``, worked out once per token of the version ``name`` and kept
        under ``key`` (which names what is computed) and that token: in the shared
        cache, and the latest in this process's memory, so that using it costs no
        round trip. The token must have been read (``need``) before anything
        ``compute`` reads. None is never kept: an address that finds nothing
        fills no cache. Without a usable cache, computed every time.
        """
        token = self.tokens.get(name) if self.usable else None
        if token is None:
            return compute()
        return kept_values.get(f"{_PREFIX}kept:{key}:{token}", compute)

    def kept_for(self, user, name: str, key: str, compute):
        """``kept`` for an anonymous reader, since every one sees the same; worked
        out afresh for a signed-in one, whose view depends on who they are."""
        if user.is_authenticated:
            return compute()
        return self.kept(name, key, compute)

    @property
    def last_modified(self) -> float | None:
        if not self.tokens or not self.usable:
            return None
        return max(_token_time(token) for token in self.tokens.values())


# --- Kept values ----------------------------------------------------------------------


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
    """Values computed once per version token (``Versions.kept``): looked up in this
    process's memory first, then in the shared cache. A key holds its token, so
    an entry is never outdated while the tokens are shared; the oldest are
    dropped, and each lives no longer than a stored page (``page_timeout``)."""

    def __init__(self, size: int = MEMORY_PAGES * 4):
        self._memory = ProcessMemory(size)

    def get(self, key: str, compute):
        now = time.time()
        expires, value = self._memory.get(key) or (0.0, None)
        if value is not None and now < expires:
            return value
        timeout = page_timeout()
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
                cache.set(key, value, timeout=timeout)
            except Exception:
                logger.exception("could not keep %s", key)
        self._memory.put(key, (now + timeout, value))
        return value

    def forget_all(self) -> None:
        """Empty this process's memory (the shared cache is left alone)."""
        self._memory.clear()


kept_values = KeptValues()


# --- Stored pages -------------------------------------------------------------------


@dataclass
class StoredPage:
    tokens: dict[str, str]
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    last_modified: float | None
    expires: float = float("inf")

    def response(self, request) -> HttpResponse:
        response = HttpResponse(self.content)
        for header, value in self.headers:
            response.headers[header] = value
        return get_conditional_response(
            request, etag=self.etag, last_modified=self._last_modified(), response=response
        )

    def _last_modified(self):
        return int(self.last_modified) if self.last_modified else None


def page_timeout() -> int:
    """How long a stored page may be served while its tokens stay current."""
    return LOCAL_PAGE_TIMEOUT if isinstance(caches["default"], LocMemCache) else PAGE_TIMEOUT


def _current(page: StoredPage, found: dict) -> bool:
    """Are the tokens in ``found`` (read from the cache) the ones ``page`` was rendered with?"""
    if _publication_due(found.get(_SCHEDULE_KEY)) or time.time() >= page.expires:
        return False
    return all(found.get(_key(name)) == token for name, token in page.tokens.items())


class PageStore:
    """Rendered pages by address: in the shared cache, and the latest in this process."""

    def __init__(self, memory_pages: int = MEMORY_PAGES):
        self._memory = ProcessMemory(memory_pages)

    @staticmethod
    def _cache_key(path: str) -> str:
        return _PREFIX + "page:" + hashlib.sha256(path.encode()).hexdigest()

    def fetch(self, path: str) -> StoredPage | None:
        """The stored page for ``path`` if every token it was rendered against is current.

        When this process holds the page, only its tokens are read
        (``read_versions``: no round trip when the process was told them); when
        it does not, or holds an outdated one, the shared copy (perhaps rendered
        by another process since) is fetched and checked too.
        """
        page = self._memory.get(path)
        if page is not None:
            found = read_versions([*map(_key, page.tokens), _SCHEDULE_KEY])
            if _current(page, found):
                return page
        shared = cache.get(self._cache_key(path))
        if shared is None or (page is not None and shared.tokens == page.tokens):
            return None
        found = read_versions([*map(_key, shared.tokens), _SCHEDULE_KEY])
        if not _current(shared, found):
            return None
        self._memory.put(path, shared)
        return shared

    def store(self, path: str, page: StoredPage) -> None:
        timeout = page_timeout()
        page.expires = time.time() + timeout
        cache.set(self._cache_key(path), page, timeout=timeout)
        self._memory.put(path, page)

    def forget_all(self) -> None:
        """Empty this process's memory (the shared cache is left alone)."""
        self._memory.clear()


pages = PageStore()


def forget_all() -> None:
    """Empty this process's memory of pages, kept values and tokens it was told
    (the shared cache is left alone)."""
    pages.forget_all()
    kept_values.forget_all()
    invalidation.watch.forget_all()


def _anonymous_get(request) -> bool:
    """A GET that no cookie can personalize: the only kind served from stored pages."""
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    try:
        request.get_host()  # ALLOWED_HOSTS still applies: a forged Host gets the 400 page
    except DisallowedHost:
        return False
    return True


def _storable_address(request) -> bool:
    """Only addresses a reader can reach are stored: never one per made-up query."""
    return set(request.GET) <= STORED_PARAMETERS


class ReadingCacheMiddleware:
    """Serves stored reading pages to anonymous GETs; stores the pages views mark.

    Place it right after WhiteNoise: what it serves skips the rest of the stack,
    and what it stores has been through all of it (CSP, frame options, Vary...).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eligible = _anonymous_get(request) and _storable_address(request)
        if eligible:
            try:
                page = pages.fetch(request.get_full_path())
            except Exception:
                logger.exception("could not read the page cache")
                page = None
            if page is not None:
                return page.response(request)
        response = self.get_response(request)
        versions = getattr(response, "reading_versions", None)
        if (
            eligible
            and versions is not None
            and versions.usable
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            page = StoredPage(
                tokens=dict(versions.tokens),
                headers=[
                    (header, value)
                    for header, value in response.items()
                    if header.lower() not in _UNSTORED_HEADERS
                ],
                content=response.content,
                etag=response["ETag"],
                last_modified=versions.last_modified,
            )
            try:
                pages.store(request.get_full_path(), page)
            except Exception:
                logger.exception("could not store a page")
        return response


# --- The view side --------------------------------------------------------------------


def reading_page(view):
    """Wrap a reading view: ETag, Last-Modified, 304s, revalidation, and page caching.

    The view reads the tokens it depends on through ``request.reading_versions``
    (``need("site")`` and the like) before its queries. A response marked
    ``Cache-Control: no-store`` (a draft preview) is passed through untouched.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.reading_versions = versions = Versions()
        response = view(request, *args, **kwargs)
        if (
            response.status_code != 200
            or response.streaming
            or "no-store" in response.get("Cache-Control", "")
        ):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        etag = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
        response["ETag"] = etag
        last_modified = versions.last_modified
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, no_cache=True)
            if versions.tokens and _storable_address(request):
                response.reading_versions = versions
        return get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified) if last_modified else None,
            response=response,
        )

    return wrapped
