"""``DatabaseUnavailableMiddleware``: a database that cannot be reached (a restart, a
failover, too many connections) answers 503 with "back in a moment" and a
``Retry-After``, not a bare 500: the visitor learns that nothing they sent was kept and
when to try again; the error is still logged with its traceback."""

import logging

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
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("The database could not be reached: %s %s", request.method, request.path, exc_info=exception)
        # Rendered without the request: no context processor may ask the database.
        response = HttpResponse(render_to_string("wagtail_skilldonation/unavailable.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
