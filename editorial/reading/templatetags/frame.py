"""The site's frame — head links, header with navigation and search box, footer.

The frame is the same on every reading page for every reader of one kind (in
the editorial office, whose header links to it, or not) in one language: only
the search box of the search page holds something of the request (the query),
and the account line the name of a signed-in reader. So each part is
rendered once per process for each kind of reader and reused; with the page
cache bypassed (a signed-in reader) that is a good part of a page's rendering
saved. Templates are re-read on every use while DEBUG is on.
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


def _render(part: str, in_office: bool, query: str = "", user=None) -> str:
    context = {"bulletin": settings.BULLETIN, "in_office": in_office, "query": query, "user": user}
    return render_to_string(PARTS[part], context)


@lru_cache(maxsize=64)
def _kept(part: str, in_office: bool, language: str) -> str:
    return _render(part, in_office)


@register.simple_tag(takes_context=True)
def frame(context, part: str):
    """``{% frame "header" %}``: one part of the frame, as ``PARTS`` names it."""
    user = context.get("user")
    in_office = works_in_office(user)
    query = context.get("query") or ""
    if part in PER_READER and user is not None and user.is_authenticated:
        html = _render(part, in_office, user=user)
    elif query or settings.DEBUG:
        html = _render(part, in_office, str(query), user)
    else:
        html = _kept(part, in_office, get_language())
    return mark_safe(html)  # rendered by the template engine, which escaped it
