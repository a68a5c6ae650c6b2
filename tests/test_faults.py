"""With the database gone the site says so politely (503), and comes back by itself.

These tests cut the database off inside the process: every attempt to reach it
raises the error a dead server gives. ``test_faults_postgres.py`` does the same
to a real gunicorn talking to a real PostgreSQL through a TCP proxy it can cut.
The SIGKILLed reload is covered by ``test_reload_kill.py``.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from filmkb.middleware import unavailable_response
from tests.builders import make_film, make_person
from tests.html_audit import audit_html
from tests.test_security_headers import assert_security_headers


@contextmanager
def database_down(error=OperationalError):
    """Every new cursor fails as it would with the server stopped."""
    message = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    with mock.patch.object(
        type(connections["default"]), "ensure_connection", autospec=True, side_effect=error(message)
    ):
        yield


@pytest.fixture
def pages(db):
    film = make_film(name="Her", slug="her")
    person = make_person(name="Joaquin Phoenix", slug="joaquin-phoenix")
    return [
        "/",
        film.get_absolute_url(),
        person.get_absolute_url(),
        reverse("films:film_list") + "?sort=-year&page=1",
        reverse("people:person_list"),
        reverse("films:search") + "?q=phoenix",
        reverse("films:timeline"),
    ]


def assert_unavailable_page(response):
    assert response.status_code == 503
    html = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in html
    assert 'rel="stylesheet"' in html  # styled like the rest of the site
    assert 'href="#content"' in html  # with its skip link and landmarks
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Traceback" not in html
    assert "5432" not in html  # nothing about the infrastructure leaks
    assert audit_html(html).problems == {}
    assert_security_headers(response)


def test_with_the_database_down_every_page_is_the_styled_503_page(pages):
    client = Client(raise_request_exception=False)
    with database_down():
        for url in pages:
            assert_unavailable_page(client.get(url))


def test_an_interface_error_is_an_outage_too(pages):
    client = Client(raise_request_exception=False)
    with database_down(InterfaceError):
        assert_unavailable_page(client.get(pages[1]))


def test_with_the_database_down_healthz_answers_503_json(db):
    with database_down():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_the_outage_is_logged_as_a_warning_naming_the_error(pages, caplog):
    with database_down():
        Client(raise_request_exception=False).get(pages[1])
    warnings = [r for r in caplog.records if r.name == "filmkb.middleware"]
    assert len(warnings) == 1
    assert "OperationalError" in warnings[0].getMessage()
    assert pages[1] in warnings[0].getMessage()


def test_the_site_recovers_on_the_next_request_once_the_database_is_back(pages):
    client = Client(raise_request_exception=False)
    assert client.get(pages[1]).status_code == 200
    with database_down():
        assert client.get(pages[1]).status_code == 503
        assert client.get("/healthz").status_code == 503
    # Same client, same handler, same process: no restart.
    assert client.get(pages[1]).status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_an_outage_inside_another_middleware_still_gets_the_503_page(db, settings, debug):
    settings.DEBUG = debug
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.test_faults.QueryingMiddleware"]
    client = Client(raise_request_exception=False)
    assert client.get("/").status_code == 200
    with database_down():
        assert_unavailable_page(client.get("/"))


class QueryingMiddleware:
    """Stands for any middleware that asks the database something before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return self.get_response(request)


def test_a_bug_is_still_a_500_not_a_503(pages):
    client = Client(raise_request_exception=False)
    with mock.patch("films.views.film_page", side_effect=ValueError("a bug")):
        response = client.get(pages[1])
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_an_integrity_error_is_a_bug_not_an_outage(pages):
    client = Client(raise_request_exception=False)
    with mock.patch("films.views.film_page", side_effect=IntegrityError("duplicate")):
        response = client.get(pages[1])
    assert response.status_code == 500


def test_the_503_page_itself_needs_no_database(db, rf):
    request = rf.get("/films/her/")
    with database_down():
        response = unavailable_response(request, OperationalError("down"))
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()
