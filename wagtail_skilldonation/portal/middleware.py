"""``DatabaseUnavailableMiddleware``: a database that cannot be reached (a restart, a
failover, too many connections) answers 503 with "back in a moment" and a
``Retry-After``, not a bare 500: the visitor learns that nothing they sent was kept and
when to try again; the error is still logged with its traceback. A statement the
database refuses is a bug, not an outage: Django's 500 and error report."""

import logging
import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
RETRY_AFTER = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)) or _refused_statement(exception):
            return None
        logger.error("The database could not be reached: %s %s", request.method, request.path, exc_info=exception)
        # Rendered without the request: no context processor may ask the database.
        response = HttpResponse(render_to_string("wagtail_skilldonation/unavailable.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response


def _refused_statement(exception):
    """SQLite reports a statement it cannot run (a syntax error, a full-text query it
    cannot parse, a missing table) as an ``OperationalError`` too, with the code
    ``SQLITE_ERROR``: the database is there and the fault is the request's or the
    code's, so it is Django's 500 and error report, not "back in a moment" logged as
    the database being down. Locked, busy, unreadable or full keep the 503."""
    cause = exception.__cause__
    return (
        isinstance(cause, sqlite3.OperationalError) and getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_ERROR
    )
