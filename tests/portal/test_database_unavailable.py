"""A database out of reach (a restart, a failover) answers 503 "back in a moment" with
a Retry-After, in the visitor's language, logged with its traceback; never a bare 500
(#31: ``skilldonation_bench faults`` restarts PostgreSQL under readers: every answer
that failed was this one)."""

import logging

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
