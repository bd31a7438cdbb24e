"""The page cache of the reading site: what views and writers use of it.

A reading view says what its page depends on, and nothing more::

    @reading_page(depends_on=("issues", issue_token))
    def issue_detail(request, year, number, series=...): ...

``depends_on`` names version tokens (``editorial.reading.versions``):
``"site"`` (anything a reader can see anywhere), ``"issues"`` (the issues
readers can see and their addresses), and callables that derive a token from
the view's URL arguments (``issue_token``: the issue at that address). The
decorator reads them *before* the view queries anything, so a page is never
stored under a token newer than its data, and gives every page an ``ETag``
(a hash of its body) and ``Last-Modified`` (when the newest token was bumped),
answering a matching conditional GET with a 304. An anonymous reader's page
at a canonical address is then stored (``editorial.reading.pagecache``) and
served to the next anonymous readers until one of its tokens is bumped
(``editorial.reading.signals``).

Parts of a page that many requests share (the bulletin body of an issue, an
issue looked up for anonymous readers, its neighbours) are computed once per
token and kept (``kept``, ``kept_for_anonymous``), so that a request the page
store cannot answer (a signed-in reader, another query string) is assembled
from them.

Every writer, the legacy importer included, saves issues through the models,
so the signals see each change; nothing outside this package handles tokens.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from editorial.reading import invalidation, pagecache, versions
from editorial.reading.versions import (
    ISSUES,
    SITE,
    issue_token,
)

__all__ = [
    "forget_all",
    "issue_token",
    "kept",
    "kept_for_anonymous",
    "reading_page",
]

_NAMED_TOKENS = {SITE, ISSUES}


def reading_page(*, depends_on):
    """Wrap a reading view: tokens read first, ETag, Last-Modified, 304s, page caching.

    ``depends_on``: ``"site"``, ``"issues"``, or callables given the view's URL
    keyword arguments and returning a token name (``issue_token``). A response
    marked ``Cache-Control: no-store`` (a draft preview) is passed through
    untouched.
    """
    unknown = [name for name in depends_on if not callable(name) and name not in _NAMED_TOKENS]
    if unknown or not depends_on:
        raise ValueError(f"a reading page depends on {sorted(_NAMED_TOKENS)} or callables")

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            names = tuple(name(**kwargs) if callable(name) else name for name in depends_on)
            request.reading_versions = made_from = versions.Versions(names)  # read now
            return _finished(request, view(request, *args, **kwargs), made_from)

        return wrapped

    return decorate


def _finished(request, response, made_from: versions.Versions):
    """The view's response with its validators (a 304 when they match), marked
    for the page store if an anonymous reader asked at a canonical address."""
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
    last_modified = made_from.last_modified
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, no_cache=True)
        if pagecache.canonical(request, response):
            response.reading_versions = made_from  # the middleware stores it
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified) if last_modified else None,
        response=response,
    )


def kept(request, what: str, compute, *, depends_on: str | None = None):
    """``compute()``, worked out once for every reader while what the page depends
    on stays the same, and kept under ``what`` (which names what is computed).

    ``depends_on``: a token (``issue_token(...)``) to keep it under instead of
    the page's own, for a part that several pages share; the page then depends
    on it too. Outside a ``reading_page``, computed every time.
    """
    made_from = getattr(request, "reading_versions", None)
    if made_from is None:
        return compute()
    return made_from.kept((depends_on,) if depends_on else made_from.page, what, compute)


def kept_for_anonymous(request, what: str, compute):
    """``kept`` for an anonymous reader, since every one sees the same; worked out
    afresh for a signed-in one, whose view depends on who they are."""
    if request.user.is_authenticated:
        return compute()
    return kept(request, what, compute)


def forget_all() -> None:
    """Empty this process's memory of pages, kept values and tokens it was told
    (the shared cache is left alone)."""
    pagecache.pages.forget_all()
    versions.kept_values.forget_all()
    invalidation.watch.forget_all()
