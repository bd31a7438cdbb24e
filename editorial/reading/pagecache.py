"""Rendered reading pages, stored for anonymous readers and served before the stack runs.

A reading view (``editorial.reading.caching.reading_page``) marks a page it may
store: an anonymous reader's 200 at a canonical address, with the tokens it
was made from (``editorial.reading.versions``). ``ReadingCacheMiddleware``
stores it — body and headers, after the whole stack has run — and answers
later anonymous GETs of that address near the top of the stack, before the
session, authentication, CSRF, locale and CSP middleware run, once it has
checked the page's tokens are still current. Each process keeps the pages it
served last in memory, so only the small tokens travel; with Redis, not even
those (``editorial.reading.invalidation``).

Addresses
    A page is stored under its scheme, host and path: the feed and the sitemap
    hold absolute links, and the site may answer to several names
    (``ALLOWED_HOSTS``). Only canonical addresses are stored, so that made-up
    addresses cannot fill the shared cache: the path the URL patterns give for
    the view's arguments (``/bulletin/issues/2012/8/``, not ``…/2012/08/``), no
    query string, or only ``?page=N`` where N is a page the list has, spelled
    as the site spells it; the host as ``ALLOWED_HOSTS`` names it, on no other
    port than the server's. Any other address is rendered, not stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response

from editorial.reading import versions
from editorial.reading.versions import ProcessMemory

logger = logging.getLogger("editorial.reading.pagecache")

# How many pages each process keeps in memory (about 50 kB each).
MEMORY_PAGES = 256
# The only query string a stored page's address may have: a page of a list.
LIST_PAGE = re.compile(r"page=([1-9][0-9]{0,5})")
# Headers that belong to one response only.
_UNSTORED_HEADERS = {"set-cookie", "date"}


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

    def current(self) -> bool:
        return time.time() < self.expires and versions.current(self.tokens)


class PageStore:
    """Rendered pages by address: in the shared cache, and the latest in this process."""

    def __init__(self, memory_pages: int = MEMORY_PAGES):
        self._memory = ProcessMemory(memory_pages)

    @staticmethod
    def _cache_key(address: str) -> str:
        return versions.PREFIX + "page:" + hashlib.sha256(address.encode()).hexdigest()

    def fetch(self, address: str) -> StoredPage | None:
        """The stored page for ``address`` if every token it was rendered against is current.

        When this process holds the page, only its tokens are read (no round
        trip when the process was told them); when it does not, or holds an
        outdated one, the shared copy (perhaps rendered by another process
        since) is fetched and checked too.
        """
        page = self._memory.get(address)
        if page is not None and page.current():
            return page
        shared = cache.get(self._cache_key(address))
        if shared is None or (page is not None and shared.tokens == page.tokens):
            return None
        if not shared.current():
            return None
        self._memory.put(address, shared)
        return shared

    def store(self, address: str, page: StoredPage) -> None:
        lifetime = versions.timeout()
        page.expires = time.time() + lifetime
        cache.set(self._cache_key(address), page, timeout=lifetime)
        self._memory.put(address, page)

    def forget_all(self) -> None:
        """Empty this process's memory (the shared cache is left alone)."""
        self._memory.clear()


pages = PageStore()


# --- Addresses -------------------------------------------------------------------------


def storable_address(request) -> str | None:
    """The address a page for this request would be stored under (scheme, host,
    path and query string), or None when no page can be stored for it: not an
    anonymous GET (a session cookie may personalize it), a host not allowed or
    on another port than the server's (``Host: example.org:1234`` passes
    Django's check), a query string other than ``page=N``."""
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    query = request.META.get("QUERY_STRING", "")
    if query and LIST_PAGE.fullmatch(query) is None:
        return None
    try:
        host = request.get_host().lower()
    except DisallowedHost:
        return None  # the view answers with the 400 page
    _domain, port = split_domain_port(host)
    if port and port != str(request.get_port()):
        return None
    return f"{request.scheme}://{host}{request.get_full_path()}"


def canonical(request, response) -> bool:
    """Is the request's path the one the site links to for what the view answered?

    The path must be the one the URL patterns give for the view's arguments
    (``/bulletin/issues/2012/8/``, never ``…/2012/08/``). A ``?page=N`` is canonical
    only when the view shows page N of a list (``page_obj`` of a
    ``TemplateResponse``, as ``ListView`` gives it).
    """
    match = request.resolver_match
    try:
        # Every captured argument, the bulletin's slug of an included pattern too
        # (``captured_kwargs`` holds the innermost pattern's only).
        extra = match.extra_kwargs or {}
        captured = {name: value for name, value in match.kwargs.items() if name not in extra}
        path = reverse(match.view_name, args=match.args, kwargs=captured)
    except (AttributeError, NoReverseMatch):
        return False
    if unquote(path) != request.path:
        return False
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return True
    shown = (getattr(response, "context_data", None) or {}).get("page_obj")
    return shown is not None and f"page={shown.number}" == query


# --- The middleware ----------------------------------------------------------------------


class ReadingCacheMiddleware:
    """Serves stored reading pages to anonymous GETs; stores the pages views mark.

    Place it right after WhiteNoise: what it serves skips the rest of the stack,
    and what it stores has been through all of it (CSP, frame options, Vary...).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = storable_address(request)
        if where is not None:
            try:
                page = pages.fetch(where)
            except Exception:
                logger.exception("could not read the page cache")
                page = None
            if page is not None:
                return page.response(request)
        response = self.get_response(request)
        made_from = getattr(response, "reading_versions", None)
        if (
            where is not None
            and made_from is not None
            and made_from.usable
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            page = StoredPage(
                tokens=dict(made_from.tokens),
                headers=[
                    (header, value)
                    for header, value in response.items()
                    if header.lower() not in _UNSTORED_HEADERS
                ],
                content=response.content,
                etag=response["ETag"],
                last_modified=made_from.last_modified,
            )
            try:
                pages.store(where, page)
            except Exception:
                logger.exception("could not store a page")
        return response
