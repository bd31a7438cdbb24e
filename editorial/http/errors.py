"""Error pages that never show a traceback and never need the database.

``server_error`` is the project's ``handler500``. The 500 and 503 pages are
rendered from their templates with a fixed context — no request context
processors, which may query the database that just failed — and, should even
that fail, from a plain built-in page.
"""

import logging
import sys

import redis.exceptions
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from editorial.http.context_processors import name_shown_on

logger = logging.getLogger("editorial.http.errors")

# A backing service that cannot be reached right now: the database, or the Redis
# cache (which also holds sessions in front of the database). Both come back by
# themselves; the reader is asked to retry rather than shown an error.
UNAVAILABLE_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
RETRY_AFTER_SECONDS = 30


def _render_standalone(template_name: str, status: int, request=None) -> HttpResponse:
    try:
        # The site's name as last shown on this host: no query (bulletins are data).
        context = {"bulletin": None, "site_name": name_shown_on(request)}
        body = loader.get_template(template_name).render(context)
    except Exception:  # the error page itself must not fail
        logger.exception("could not render %s", template_name)
        message = _("Please try again in a moment.")
        body = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{status}</title></head><body><h1>{status}</h1>"
            f"<p>{message}</p></body></html>"
        )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def service_unavailable(request=None) -> HttpResponse:
    """The 503 page: the database (or cache) cannot be reached; the client may retry."""
    response = _render_standalone("503.html", 503, request)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never cache an outage, neither in a proxy nor in the browser.
    response["Cache-Control"] = "no-store"
    return response


def server_error(request=None):
    """handler500: 503 when the cause is an unreachable database or cache, otherwise 500.

    Django calls it inside the ``except`` block of the failed request, so the
    exception being handled is the cause. This also covers such errors raised
    in middleware (sessions, caching), where ``process_exception`` does not apply.
    """
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        return service_unavailable(request)
    return _render_standalone("500.html", 500, request)
