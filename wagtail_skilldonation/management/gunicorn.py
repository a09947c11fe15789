"""A gunicorn logger that keeps the portal's signed links out of the access log.

``gunicorn --logger-class wagtail_skilldonation.management.gunicorn.Logger``: every atom of an
access line (request line, path, query, Referer…) has its signed tokens replaced by
``[redacted]``; a sign-in, hours or download link copied from the log is useless.
Only gunicorn imports this module.
"""

from gunicorn.glogging import Logger as GunicornLogger

from ..links import redact


class Logger(GunicornLogger):
    def atoms(self, resp, req, environ, request_time):
        return {key: redact(value) for key, value in super().atoms(resp, req, environ, request_time).items()}
