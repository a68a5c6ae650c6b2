"""The fast lane (filmkb/fastlane.py): /healthz and warm pages without the middleware stack.

Each test serves requests through the site's WSGI application as gunicorn calls it (the
lane in front of Django's handler) and checks who answered and that the lane's answer is
the one the whole stack gives.
"""

import gzip
import json
from unittest import mock

import pytest
from csp.constants import NONCE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections
from django.http import HttpResponse
from django.test import Client, RequestFactory

from filmkb import fastlane, wsgi
from filmkb.fastlane import FastLane
from filmkb.middleware import ContentSecurityPolicyMiddleware
from films.models import SiteState
from tests.builders import make_film
from tests.test_security_headers import assert_security_headers

FILM = "/films/lane-film/"
GZIP = {"accept-encoding": "gzip, deflate, br"}


class Answer:
    def __init__(self, status, headers, body):
        self.status_code = int(status.split()[0])
        self.header_list = headers
        self.headers = dict(headers)
        self.content = body

    def __getitem__(self, name):
        return self.headers[name]

    def __contains__(self, name):
        return name in self.headers

    def json(self):
        return json.loads(self.content)


class Site:
    """The WSGI application as ``filmkb.wsgi`` builds it, with the stack's answers counted."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.stack_answers = 0
        self.application = FastLane(self.stack)

    def stack(self, environ, start_response):
        self.stack_answers += 1
        return self.handler(environ, start_response)

    def get(self, path, method="GET", secure=False, cookies=None, **headers):
        environ = RequestFactory().generic(method, path, secure=secure, headers=headers).environ
        if cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return self.call(self.application, environ)

    def through_stack(self, path, method="GET", secure=False, **headers):
        """The same request answered by Django's handler alone, as before the lane."""
        environ = RequestFactory().generic(method, path, secure=secure, headers=headers).environ
        return self.call(self.handler, environ)

    @staticmethod
    def call(application, environ):
        started = []
        result = application(environ, lambda status, headers: started.append((status, headers)))
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return Answer(*started[0], body)


@pytest.fixture
def site(settings, monkeypatch):
    """As django.test.Client does, the test's database connection is kept across requests
    (the test runs inside a transaction that closing it would end)."""
    settings.PAGE_CACHE = True
    cache.clear()
    monkeypatch.setattr(fastlane, "close_obsolete_connection", lambda: None)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Site()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


@pytest.fixture
def film(db):
    SiteState.objects.create(version=1)
    return make_film(name="Lane Film", slug="lane-film", tagline="First tagline")


def without_date(answer):
    return {name: value for name, value in answer.headers.items() if name != "Expires"}


# What the lane does for each middleware outside the per-reader ones, which it skips.
LANE_STANDS_IN_FOR = {
    "django.middleware.security.SecurityMiddleware": "fastlane.site_headers, must_redirect",
    "filmkb.middleware.ContentSecurityPolicyMiddleware": "fastlane.site_headers",
    "django.middleware.clickjacking.XFrameOptionsMiddleware": "fastlane.site_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware": "static paths are never cached pages",
    "filmkb.middleware.CompressionMiddleware": "the stored gzip copy; would_compress",
    "filmkb.middleware.TooManyParametersMiddleware": "request.GET read before anything",
    "filmkb.middleware.DatabaseUnavailableMiddleware": "watch_query, OUTAGE_ENVIRON_KEY",
    "django.contrib.sessions.middleware.SessionMiddleware": "no session cookie; Vary: Cookie",
    "django.middleware.common.CommonMiddleware": "get_host(); Content-Length",
    "django.middleware.csrf.CsrfViewMiddleware": "no CSRF cookie, GET or HEAD",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "no session: anonymous",
    "django.contrib.messages.middleware.MessageMiddleware": "no messages on cached pages",
    "axes.middleware.AxesMiddleware": "acts on sign-ins only",
    "filmkb.cache.PageCacheMiddleware": "find_slot, cached_entry, cached_answer",
}


def test_the_lane_accounts_for_every_middleware(settings):
    """A middleware added to settings.MIDDLEWARE needs a thought about the lane first."""
    assert set(settings.MIDDLEWARE) == set(LANE_STANDS_IN_FOR)
    assert set(fastlane.HEADER_MIDDLEWARE) <= set(settings.MIDDLEWARE)


def test_the_site_application_is_the_lane_in_front_of_django():
    assert isinstance(wsgi.application, FastLane)
    assert isinstance(wsgi.application.application, WSGIHandler)


@pytest.mark.parametrize(
    "request_headers",
    [{}, GZIP, {"accept-encoding": "identity"}],
    ids=["plain", "gzip", "identity"],
)
def test_a_warm_page_is_the_stacks_answer_given_by_the_lane(site, film, request_headers):
    first = site.get(FILM, **request_headers)
    assert first["X-Page-Cache"] == "miss"
    assert site.stack_answers == 1

    lane = site.get(FILM, **request_headers)
    stack = site.through_stack(FILM, **request_headers)

    assert site.stack_answers == 1  # the lane answered
    assert stack["X-Page-Cache"] == lane["X-Page-Cache"] == "hit"
    assert lane.status_code == stack.status_code == 200
    assert lane.headers == stack.headers
    assert lane.content == stack.content
    assert_security_headers(lane)
    assert lane["Vary"] == "Accept-Encoding, Cookie"


def test_the_lane_sends_the_gzip_copy_to_readers_who_accept_it(site, film):
    plain = site.get(FILM)
    site.get(FILM, **GZIP)
    compressed = site.get(FILM, **GZIP)

    assert site.stack_answers == 1  # one stored page holds both
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert site.get(FILM)["ETag"] == plain["ETag"]


def test_a_head_request_gets_the_headers_without_the_body(site, film):
    site.get(FILM, method="HEAD")
    lane = site.get(FILM, method="HEAD")
    stack = site.through_stack(FILM, method="HEAD")

    assert site.stack_answers == 1
    assert lane.content == b""
    assert lane.headers == stack.headers
    assert int(lane["Content-Length"]) > 0


def test_a_current_copy_gets_304_from_the_lane(site, film):
    etag = site.get(FILM)["ETag"]

    lane = site.get(FILM, if_none_match=etag)
    stack = site.through_stack(FILM, if_none_match=etag)

    assert site.stack_answers == 1
    assert lane.status_code == stack.status_code == 304
    assert lane.content == b""
    assert lane.headers == stack.headers


def test_an_edit_is_seen_by_the_next_reader_of_the_lane(site, film):
    site.get(FILM)
    assert b"First tagline" in site.get(FILM).content

    film.tagline = "Second tagline"
    film.save()

    after = site.get(FILM)
    assert after["X-Page-Cache"] == "miss"
    assert b"Second tagline" in after.content
    assert site.stack_answers == 2
    assert b"Second tagline" in site.get(FILM).content
    assert site.stack_answers == 2


def test_an_edit_to_another_film_leaves_this_page_to_the_lane(site, film):
    other = make_film(name="Other Film", slug="other-film")
    site.get(FILM)

    other.tagline = "Changed elsewhere"
    other.save()

    assert site.get(FILM)["X-Page-Cache"] == "hit"
    assert site.stack_answers == 1


def test_random_parameters_reach_the_same_stored_page(site, film):
    site.get(FILM)

    busted = site.get(FILM + "?nc=8823417")

    assert busted["X-Page-Cache"] == "hit"
    assert site.stack_answers == 1


def test_a_signed_in_curator_never_gets_the_lane(site, film, curator):
    site.get(FILM)
    client = Client()
    client.force_login(curator)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = site.get(FILM, cookies={settings.SESSION_COOKIE_NAME: session})

    assert site.stack_answers == 2
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # a fresh page, rendered for the curator


def test_a_reader_with_a_csrf_token_goes_through_the_stack(site, film):
    site.get(FILM)

    response = site.get(FILM, cookies={settings.CSRF_COOKIE_NAME: "x" * 32})

    assert site.stack_answers == 2
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/admin/login/", "/films/no-such-film/", "/static/css/site.css"])
def test_what_the_cache_does_not_hold_goes_through_the_stack(site, film, path):
    site.get(path)
    site.get(path)

    assert site.stack_answers == 2


def test_posts_go_through_the_stack(site, film):
    site.get(FILM)

    assert site.get(FILM, method="POST").status_code == 403  # no CSRF token
    assert site.stack_answers == 2


def test_a_host_the_site_does_not_serve_gets_the_stacks_400(site, film):
    site.get(FILM)

    response = site.get(FILM, host="evil.example")

    assert response.status_code == 400
    assert site.stack_answers == 2


def test_too_many_parameters_get_the_stacks_400(site, film):
    site.get(FILM)
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = site.get(f"{FILM}?{query}")

    assert response.status_code == 400
    assert site.stack_answers == 2


def test_an_outage_met_by_the_lane_is_the_503_page_without_a_second_wait(site, film):
    site.get(FILM)
    calls = []

    def database_down():
        calls.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("filmkb.cache.page_state", side_effect=database_down):
        response = site.get(FILM)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert_security_headers(response)
    assert len(calls) == 1  # the stack answered the 503 page without asking again
    assert site.stack_answers == 2


def test_healthz_is_answered_by_the_lane_as_the_view_answers_it(site, db):
    lane = site.get("/healthz")
    stack = site.through_stack("/healthz")

    assert site.stack_answers == 0
    assert lane.status_code == 200
    assert lane.json() == stack.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert without_date(lane) == without_date(stack)
    assert "Expires" in lane
    assert_security_headers(lane)


def test_healthz_from_the_lane_is_503_with_the_json_when_the_database_is_down(site, db):
    with mock.patch("filmkb.health.connection.cursor", side_effect=OperationalError("down")):
        response = site.get("/healthz")

    assert site.stack_answers == 0
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "down",
        "cache": "ok",
        "error": "OperationalError",
    }
    assert_security_headers(response)


def test_in_production_the_lane_adds_hsts_and_leaves_the_redirect_to_the_stack(
    site, film, settings
):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = True
    site = Site()  # SecurityMiddleware reads its settings when the handler loads it
    site.get(FILM, secure=True)

    lane = site.get(FILM, secure=True)
    stack = site.through_stack(FILM, secure=True)
    redirect = site.get(FILM)
    health = site.get("/healthz")  # exempt: a load balancer speaks plain HTTP

    assert lane.headers == stack.headers
    assert lane["Strict-Transport-Security"] == "max-age=3600"
    assert redirect.status_code == 301
    assert site.stack_answers == 2  # the miss and the redirect
    assert health.status_code == 200
    assert "Strict-Transport-Security" not in health


def test_the_csp_middleware_sends_django_csps_policy():
    request = RequestFactory().get("/")
    ours = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    theirs = CSPMiddleware(lambda r: HttpResponse())
    ours.process_request(request)

    assert (
        ours.process_response(request, HttpResponse())["Content-Security-Policy"]
        == theirs.process_response(RequestFactory().get("/"), HttpResponse())[
            "Content-Security-Policy"
        ]
    )


def test_an_answer_with_its_own_policy_or_a_nonce_is_built_by_django_csp(settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}
    }
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    own = HttpResponse()
    own._csp_update = {"img-src": ["https://images.example"]}
    request = RequestFactory().get("/")
    middleware.process_request(request)
    policy = middleware.process_response(request, own)["Content-Security-Policy"]
    assert "img-src https://images.example" in policy

    request = RequestFactory().get("/")
    middleware.process_request(request)
    nonce = str(request.csp_nonce)
    policy = middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" in policy


def test_a_changed_policy_setting_is_used_at_once(settings):
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    request = RequestFactory().get("/")
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse())

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    request = RequestFactory().get("/")
    middleware.process_request(request)

    assert (
        middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
        == "default-src 'none'"
    )


def test_the_answers_kept_per_process_are_bounded(site, film, monkeypatch):
    monkeypatch.setattr(fastlane, "MAX_ANSWERS", 2)
    for number in range(3):
        path = make_film(name=f"Film {number}", slug=f"film-{number}").get_absolute_url()
        site.get(path)  # the miss
        assert site.get(path)["X-Page-Cache"] == "hit"

    assert len(site.application.answers) == 2
