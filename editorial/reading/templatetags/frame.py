"""The site's frame — head links, header with navigation and search box, footer.

The frame is the same on every reading page for every reader of one kind
(anonymous or not, staff or not) in one language: only the search box of the
search page holds something of the request (the query). So each part is
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

register = template.Library()

PARTS = {
    "head": "editorial/frame/head.html",
    "header": "editorial/frame/header.html",
    "footer": "editorial/frame/footer.html",
}


def _render(part: str, is_staff: bool, query: str = "") -> str:
    context = {"bulletin": settings.BULLETIN, "is_staff": is_staff, "query": query}
    return render_to_string(PARTS[part], context)


@lru_cache(maxsize=64)
def _kept(part: str, is_staff: bool, language: str) -> str:
    return _render(part, is_staff)


@register.simple_tag(takes_context=True)
def frame(context, part: str):
    """``{% frame "header" %}``: one part of the frame, as ``PARTS`` names it."""
    user = context.get("user")
    is_staff = bool(user is not None and user.is_staff)
    query = context.get("query") or ""
    if query or settings.DEBUG:
        html = _render(part, is_staff, str(query))
    else:
        html = _kept(part, is_staff, get_language())
    return mark_safe(html)  # rendered by the template engine, which escaped it
