"""Turn an unreachable database (or cache) into a 503 page, and values no view can
use into a 400, instead of an error.

When PostgreSQL is restarted, failed over or overloaded, every view raises
``OperationalError`` (or ``InterfaceError`` on a connection that died). Readers
should get a short "try again in a moment" page with ``Retry-After`` and the
site should recover by itself: Django reconnects on the next request because
connections are health-checked (``CONN_MAX_AGE`` with ``conn_health_checks``).
The same holds for the Redis cache, whose client reconnects on its own.
"""

import logging

from django.conf import settings
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import BadRequest
from django.db import connection

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


class MalformedRequestMiddleware:
    """Values no view can use make a bad request (400), never a server error.

    Views read their values through forms and bounded path converters; two holes
    remain in Django's admin, for every model admin, ours and other apps':

    - ``_to_field`` given empty: the admin refuses a field it does not allow with
      400 (``DisallowedModelAdminToField``) but takes an empty one for a field's
      name and fails;
    - a number beyond the database's integer range in a filter or a form: the
      admin's lookups are built from the query string, and where Django has no
      range check of its own (``__in``, a related field) SQLite cannot bind it
      (``OverflowError``). Nothing else hands SQLite such a number.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
            raise DisallowedModelAdminToField("_to_field names no field")

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) and connection.vendor == "sqlite":
            raise BadRequest("a number beyond the database's integer range") from exception
        return None
