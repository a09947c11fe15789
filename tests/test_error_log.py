"""A request error with DEBUG off writes its traceback to the log (the example site's
``LOGGING``), with signed links redacted (#31): with neither LOGGING nor ADMINS, a
500 left no trace anywhere."""

import io
import logging
import logging.config

import pytest
from django.test import Client
from django.urls import reverse

from wagtail_skilldonation.links import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def example_log():
    """The example site's logging; its stderr handler writes where this test reads."""
    import example_site.settings as example

    names = ("", "django.request", "wagtail_skilldonation")
    saved = {
        n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names
    }
    logging.config.dictConfig(example.LOGGING)
    stream = io.StringIO()
    handlers = {h for name in ("", "django.request") for h in logging.getLogger(name).handlers}
    for handler in handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            handler.setStream(stream)
    yield stream
    for name, (handlers, level, propagate) in saved.items():  # the suite's logging, as it was
        logger = logging.getLogger(name)
        logger.handlers[:], logger.level, logger.propagate = handlers, level, propagate


def test_a_request_error_writes_its_traceback_to_stderr(settings, example_log, monkeypatch):
    from wagtail_skilldonation.certificates import views

    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(views, "normalise_code", broken)
    token = sign({"a": 1}, "any")
    response = Client(raise_request_exception=False).get(
        reverse("wagtail_skilldonation:certificate_verify", args=[token])
    )
    assert response.status_code == 500
    logged = example_log.getvalue()
    assert "ERROR django.request: Internal Server Error: /portal/certificates/[redacted]/" in logged
    assert "Traceback" in logged
    assert "RuntimeError: the disk said no" in logged
    assert token not in logged
