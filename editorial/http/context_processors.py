"""What every template knows of where it is shown: the bulletin and the site's name.

``bulletin`` is the bulletin of the page's address (``request.bulletin``, set
by the reading site), or the only bulletin the host name serves; None on a
page of several bulletins (the home page listing them, search). ``site_name``
is the bulletin's masthead title, else the name of the office whose host name
it is, else a name for the bulletins together. Both are read from data
(``Bulletin``, ``Office``) only when a template uses them.
"""

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from editorial.signed import readers

# The site name last shown on each host name: for the error pages, which must
# not query a database that may be down (``editorial.http.errors``).
_names_shown: dict[str, str] = {}
_MAX_HOSTS = 64


def _host(request) -> str:
    """The request's host name without its port, worked out once per request
    (``reading.sites.host_of`` keeps it under the same name)."""
    found = getattr(request, "host_name", None)
    if found is None:
        try:
            found = split_domain_port(request.get_host().lower())[0]
        except DisallowedHost:
            found = ""
        request.host_name = found
    return found


def scope_of(request) -> readers.Scope:
    """The bulletins the request's host name serves (``reading.sites`` works it out
    without a query for reading pages; elsewhere it is read here)."""
    found = getattr(request, "reading_scope", None)
    if found is None:
        found = request.reading_scope = readers.scope_for(_host(request), readers.bulletins())
    return found


def bulletin_of(request):
    found = getattr(request, "bulletin", None)
    return found if found is not None else scope_of(request).only


def site_name_of(request) -> str:
    bulletin = bulletin_of(request)
    if bulletin is not None:
        name = bulletin.name
    else:
        name = scope_of(request).office_name or gettext("Union bulletins")
    if len(_names_shown) < _MAX_HOSTS:
        _names_shown[_host(request)] = name
    return name


def name_shown_on(request) -> str:
    """The site name last shown on the request's host name, with no query."""
    if request is not None:
        name = _names_shown.get(_host(request))
        if name:
            return name
    return gettext("Union bulletins")


def bulletin(request):
    """The bulletin and the site's name, for every template."""
    return {
        "bulletin": SimpleLazyObject(lambda: bulletin_of(request)),
        "site_name": SimpleLazyObject(lambda: site_name_of(request)),
    }
