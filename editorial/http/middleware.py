"""Turn an unreachable database (or cache) into a 503 page instead of an error.

When PostgreSQL is restarted, failed over or overloaded, every view raises
``OperationalError`` (or ``InterfaceError`` on a connection that died). Readers
should get a short "try again in a moment" page with ``Retry-After`` and the
site should recover by itself: Django reconnects on the next request because
connections are health-checked (``CONN_MAX_AGE`` with ``conn_health_checks``).
The same holds for the Redis cache, whose client reconnects on its own.
"""

import logging

from django.conf import settings

from editorial.http.errors import UNAVAILABLE_ERRORS, service_unavailable

logger = logging.getLogger("editorial.http.errors")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        if settings.DEBUG:
            # A developer needs the traceback (e.g. SQLite's "no such table").
            return None
        logger.error("unavailable: %s %s: %r", request.method, request.path, exception)
        return service_unavailable(request)
