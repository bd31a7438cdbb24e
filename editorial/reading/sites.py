"""Which bulletins a request may reach: by its host name, and by the bulletin in its address.

Each bulletin has its own pages under ``/<bulletin slug>/`` (its issues,
archive, sections, articles, feed and search). An office may serve its
bulletins on its own host name (``Office.host``, the way Wagtail maps a site
to a root page): there, the home page, the site-wide lists, search and the
sitemap show that office's bulletins only, and another bulletin's address is
not found. On any other host name every bulletin is served. Which host names
the site answers to at all is still the ``ALLOWED_HOSTS`` setting.

The directory of bulletins (``readers.bulletins``) is kept like any part of a
page (``caching.kept``, under the ``"issues"`` token, which a saved office or
bulletin bumps: ``editorial.reading.signals``), so finding the bulletin of an
address costs an anonymous page on a warm cache no query.
"""

from __future__ import annotations

from django.http import Http404
from django.http.request import split_domain_port

from editorial.reading.caching import kept
from editorial.reading.versions import ISSUES
from editorial.signed import readers


def host_of(request) -> str:
    """The request's host name, lower case, without its port (worked out once per
    request; ``http.context_processors`` keeps it under the same name)."""
    found = getattr(request, "host_name", None)
    if found is None:
        found = request.host_name = split_domain_port(request.get_host().lower())[0]
    return found


def scope(request) -> readers.Scope:
    """The bulletins the request's host name serves (worked out once per request)."""
    found = getattr(request, "reading_scope", None)
    if found is None:
        directory = kept(request, "bulletins", readers.bulletins, depends_on=ISSUES)
        found = request.reading_scope = readers.scope_for(host_of(request), directory)
    return found


def bulletin_at(request, slug: str):
    """The bulletin whose address part is ``slug``, if this host serves it; else 404.
    The request remembers it: the frame shows its masthead title and links."""
    bulletin = scope(request).find(slug)
    if bulletin is None:
        raise Http404
    request.bulletin = bulletin
    return bulletin


def migrated_bulletin(request):
    """The bulletin the addresses of before bulletins were data lead to: the first
    one made (the migration's, slug "bulletin"); None if there is none."""
    directory = kept(request, "bulletins", readers.bulletins, depends_on=ISSUES)
    return min(directory, key=lambda bulletin: bulletin.pk, default=None)
