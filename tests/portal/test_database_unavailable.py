"""A database out of reach (a restart, a failover) answers 503 "back in a moment" with
a Retry-After, in the visitor's language, logged with its traceback; never a bare 500
(#31: ``skilldonation_bench faults`` restarts PostgreSQL under readers: every answer
that failed was this one)."""

import logging
import sqlite3

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.test import RequestFactory

from wagtail_skilldonation.models import MissionPage
from wagtail_skilldonation.portal.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db


def test_a_page_whose_database_went_away_says_back_in_a_moment(client, open_mission, monkeypatch, caplog):
    def gone(self, request, *args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(MissionPage, "serve", gone)
    with caplog.at_level(logging.ERROR):
        response = client.get(open_mission.url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "fr"
    assert page.h1.get_text() == "De retour dans un instant"
    assert "Rien de ce que vous avez envoyé sur cette page n’a été gardé" in page.main.get_text()
    record = next(r for r in caplog.records if "database could not be reached" in r.getMessage())
    assert record.exc_info[0] is OperationalError


def test_the_answer_asks_nothing_of_the_database(django_assert_num_queries):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with django_assert_num_queries(0):
        response = middleware.process_exception(RequestFactory().get("/"), OperationalError("gone"))
    assert response.status_code == 503
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("a bug")) is None


def _as_django_raises(statement, connection):
    """The error SQLite gives for ``statement``, wrapped as Django wraps it."""
    try:
        connection.execute(statement)
    except sqlite3.OperationalError as error:
        try:
            raise OperationalError(*error.args) from error
        except OperationalError as wrapped:
            return wrapped
    raise AssertionError(f"{statement} ran")


def test_a_statement_sqlite_refuses_is_a_bug_not_an_outage(tmp_path):
    """SQLite reports a statement it cannot run as an OperationalError too: a quote in a
    full-text query was answered "back in a moment" and logged as the database down."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    database = sqlite3.connect(tmp_path / "site.sqlite3", timeout=0)
    database.execute("CREATE VIRTUAL TABLE entries USING fts5(body)")
    refused = _as_django_raises("SELECT * FROM entries WHERE entries MATCH '\"'", database)
    assert "unterminated string" in str(refused)
    assert middleware.process_exception(request, refused) is None  # Django's 500, reported as a bug
    # Locked by another process: the database is busy, not wrong; try again shortly.
    other = sqlite3.connect(tmp_path / "site.sqlite3", timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    locked = _as_django_raises("SELECT * FROM entries", database)
    assert "locked" in str(locked)
    assert middleware.process_exception(request, locked).status_code == 503
    other.rollback()
    other.close()
    database.close()
