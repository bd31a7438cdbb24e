"""Turn an unreachable database into a 503 page instead of an error.

When PostgreSQL is restarted, failed over or overloaded, every view raises
``OperationalError`` (or ``InterfaceError`` on a connection that died). Readers
should get a short "try again in a moment" page with ``Retry-After`` and the
site should recover by itself: Django reconnects on the next request because
connections are health-checked (``CONN_MAX_AGE`` with ``conn_health_checks``).
"""

import logging

from django.conf import settings

from .errors import DATABASE_ERRORS, database_unavailable

logger = logging.getLogger("editorial.errors")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        if settings.DEBUG:
            # A developer needs the traceback (e.g. SQLite's "no such table").
            return None
        logger.error("database unavailable: %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)
