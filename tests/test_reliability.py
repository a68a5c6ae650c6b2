"""Hostile or odd requests get a clear, styled answer, never a 500 (issue 14, points 1–6).

Each case was a real failure found by an outside attack on the running site:
a bad ``Host`` header, more than 1,000 query parameters with ``DEBUG`` on, a
load balancer's plain-HTTP health check in production, a page cached under one
scheme served to readers of the other, OPTIONS and TRACE answered like GET, and
Django's plain CSRF failure page.
"""

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from films.models import SiteState
from tests.builders import make_film
from tests.html_audit import audit_html
from tests.test_faults import database_down
from tests.test_security_headers import assert_security_headers, production_settings

HOST = "filmkb.example.org"
BAD_HOSTS = ["evil.example", "", "[::1", "a" * 300, "x@evil", "a, evil", "filmkb.example.org:x"]


@pytest.fixture
def production(settings):
    """Production's security settings (computed by a fresh interpreter), served at HOST."""
    for name, value in production_settings().items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [HOST]
    return settings


def assert_styled_page(response, status, heading, headers=True):
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'rel="stylesheet"' in html  # the site's own page, not Django's plain one
    assert 'href="#content"' in html
    assert "Traceback" not in html
    assert audit_html(html).problems == {}
    if headers:
        assert_security_headers(response)
    return html


# 1. A bad Host header -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("secure", [True, False])
def test_a_bad_host_header_in_production_gets_the_styled_400_page(production, host, secure):
    client = Client(raise_request_exception=False)
    response = client.get("/films/", headers={"host": host}, secure=secure)

    # Over plain HTTP, Django's SecurityMiddleware (outermost) refuses the host while
    # deciding on the HTTPS redirect, before it or the CSP middleware can add headers.
    html = assert_styled_page(response, 400, "Bad request", headers=secure)
    assert 'rel="canonical"' not in html  # no absolute URL built from a host we do not serve


@pytest.mark.django_db
def test_a_bad_host_is_logged_in_one_line_without_a_traceback(production, caplog):
    Client(raise_request_exception=False).get("/", headers={"host": "evil.example"}, secure=True)

    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    assert "evil.example" in records[0].getMessage()
    assert records[0].exc_info is None
    assert not any(r.levelno >= logging.ERROR and r.exc_info for r in caplog.records)


@pytest.mark.django_db
def test_a_good_host_still_gets_its_canonical_link(production):
    make_film(name="Her", slug="her")
    response = Client().get("/films/her/", headers={"host": HOST}, secure=True)
    assert response.status_code == 200
    assert f'<link rel="canonical" href="https://{HOST}/films/her/">' in response.content.decode()


# 3. Too many query parameters ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("url", ["/films/", "/", "/search/", "/healthz", "/no-such-page/"])
def test_more_than_a_thousand_query_parameters_get_a_clear_400_whatever_debug_says(
    settings, debug, url
):
    settings.DEBUG = debug
    query = "&".join(f"p{i}=1" for i in range(1001))
    response = Client(raise_request_exception=False).get(f"{url}?{query}")

    html = assert_styled_page(response, 400, "Bad request")
    assert "more than 1,000 query parameters" in html


@pytest.mark.django_db
def test_a_thousand_query_parameters_are_still_read(client):
    query = "&".join(f"p{i}=1" for i in range(1000))
    assert client.get(f"/films/?{query}").status_code in {200, 400}  # 400 lists ignored facets
    assert "more than" not in client.get(f"/films/?{query}").content.decode()


# 4. /healthz over plain HTTP in production --------------------------------------


@pytest.mark.django_db
def test_healthz_over_plain_http_in_production_answers_200_not_a_redirect(production):
    response = Client().get("/healthz", headers={"host": HOST})
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_over_plain_http_in_production_still_answers_503_when_the_database_is_down(
    production,
):

    with database_down():
        response = Client().get("/healthz", headers={"host": HOST})
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_pages_over_plain_http_in_production_are_still_redirected(production):
    response = Client().get("/films/", headers={"host": HOST})
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/films/"


# 5. The page cache key holds the scheme and host --------------------------------


@pytest.fixture
def page_cache(settings, db):
    settings.PAGE_CACHE = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["one.example", "two.example", "testserver"]
    SiteState.objects.create(version=1)
    cache.clear()
    yield
    cache.clear()


def test_a_page_cached_for_https_readers_is_not_served_to_plain_http_readers(client, page_cache):
    host = {"host": "one.example"}
    https = client.get("/robots.txt", headers={**host, "x-forwarded-proto": "https"})
    plain = client.get("/robots.txt", headers=host)
    plain_again = client.get("/robots.txt", headers=host)

    assert "Sitemap: https://one.example/sitemap.xml" in https.content.decode()
    assert "Sitemap: http://one.example/sitemap.xml" in plain.content.decode()
    assert plain["X-Page-Cache"] == "miss"
    assert plain_again["X-Page-Cache"] == "hit"
    assert plain_again.content == plain.content


def test_a_page_cached_for_one_host_is_not_served_to_another(client, page_cache):
    one = client.get("/robots.txt", headers={"host": "one.example"})
    two = client.get("/robots.txt", headers={"host": "two.example"})
    assert "one.example" in one.content.decode()
    assert "two.example" in two.content.decode()
    assert two["X-Page-Cache"] == "miss"


# 6. OPTIONS and TRACE, and the CSRF failure page --------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["options", "trace", "post", "put", "delete"])
@pytest.mark.parametrize("url", ["/healthz", "/sitemap.xml", "/robots.txt", "/", "/films/"])
def test_methods_other_than_get_and_head_are_refused_with_405(method, url):
    response = getattr(Client(raise_request_exception=False), method)(url)
    assert response.status_code == 405, (method, url)
    assert response["Allow"] == "GET, HEAD"
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/healthz", "/sitemap.xml", "/robots.txt"])
def test_head_still_works_where_options_is_refused(client, url):
    assert client.head(url).status_code == 200


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_the_styled_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "ann", "password": "wrong"})

    html = assert_styled_page(response, 403, "Form not accepted")
    assert "reload the form page" in html
    assert "CSRF cookie not set" in html  # Django's reason, for whoever reports it


@pytest.mark.django_db
def test_a_form_sent_with_its_csrf_token_is_still_accepted():
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/", {"username": "ann", "password": "wrong", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "Form not accepted" not in response.content.decode()
