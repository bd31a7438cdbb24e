"""The site's frame — head links, header with navigation and search box, footer.

The frame is the same on every reading page of one bulletin (or of the
bulletins of one host name) for every reader of one kind (in the editorial
office, whose header links to it, or not) in one language: only the search
box of the search page holds something of the request (the query), and the
account line the name of a signed-in reader. So each part is rendered once
per process for each bulletin — its address, masthead title and publisher
are part of the key, so a renamed bulletin is rendered afresh — and each kind
of reader, and reused; with the page cache bypassed (a signed-in reader) that
is a good part of a page's rendering saved. Templates are re-read on every
use while DEBUG is on.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from editorial.signed.readers import works_in_office

register = template.Library()

PARTS = {
    "head": "editorial/frame/head.html",
    "header": "editorial/frame/header.html",
    "footer": "editorial/frame/footer.html",
    "account": "editorial/frame/account.html",
}
# Parts that name who is signed in: kept only for anonymous readers, all alike.
PER_READER = {"account"}


def _identity(context) -> tuple[str, str, str, str, bool]:
    """What the frame shows of where it is: the bulletin's slug, masthead title
    and publisher ("" for none), the site's name, and whether the host name
    serves several bulletins (``editorial.http.context_processors``)."""
    bulletin = context.get("bulletin")
    site_name = str(context.get("site_name") or "")
    request = context.get("request")
    scope = getattr(request, "reading_scope", None)
    several = scope is not None and len(scope.bulletins) > 1
    if not bulletin:
        return ("", "", "", site_name, several)
    return (bulletin.slug, bulletin.name, bulletin.publisher, site_name, several)


def _render(part: str, in_office: bool, identity: tuple, query: str = "", user=None) -> str:
    slug, name, publisher, site_name, several = identity
    bulletin = {"slug": slug, "name": name, "publisher": publisher} if slug else None
    context = {
        "bulletin": bulletin,
        "site_name": site_name,
        "several": several,
        "in_office": in_office,
        "query": query,
        "user": user,
    }
    return render_to_string(PARTS[part], context)


@lru_cache(maxsize=256)
def _kept(part: str, in_office: bool, identity: tuple, language: str) -> str:
    return _render(part, in_office, identity)


@register.simple_tag(takes_context=True)
def frame(context, part: str):
    """``{% frame "header" %}``: one part of the frame, as ``PARTS`` names it."""
    user = context.get("user")
    in_office = works_in_office(user)
    query = context.get("query") or ""
    request = context.get("request")
    identity = getattr(request, "frame_identity", None)
    if identity is None:  # the same for every part of one page: worked out once
        identity = _identity(context)
        if request is not None:
            request.frame_identity = identity
    if part in PER_READER and user is not None and user.is_authenticated:
        html = _render(part, in_office, identity, user=user)
    elif query or settings.DEBUG:
        html = _render(part, in_office, identity, str(query), user)
    else:
        html = _kept(part, in_office, identity, get_language())
    return mark_safe(html)  # rendered by the template engine, which escaped it
