"""Every response carries the security headers; production mode adds HSTS and secure cookies."""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import clear_url_caches, reverse

import filmkb.urls
from tests.builders import make_film, make_person
from tests.html_audit import audit_html

ROOT = Path(__file__).resolve().parent.parent
PROD_SECRET = "f1lmkb-test-secret-" * 4

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    for name, value in EXPECTED_CSP.items():
        assert directives.get(name) == value, (name, response["Content-Security-Policy"])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def pages(db):
    film = make_film(name="Her", slug="her")
    person = make_person(name="Spike Jonze", slug="spike-jonze")
    return [
        "/",
        film.get_absolute_url(),
        person.get_absolute_url(),
        reverse("films:film_list"),
        reverse("films:search") + "?q=her",
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
        reverse("admin:login"),
    ]


def test_every_kind_of_page_carries_the_security_headers(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.django_db
def test_error_pages_carry_the_security_headers_too(client):
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert_security_headers(not_found)

    bad_page = client.get(reverse("films:film_list") + "?page=abc")
    assert bad_page.status_code == 404
    assert_security_headers(bad_page)

    wrong_method = client.post("/")
    assert wrong_method.status_code == 405
    assert_security_headers(wrong_method)


@pytest.mark.django_db
def test_no_page_or_stylesheet_relies_on_inline_script_or_style(client, pages):
    for url in pages:
        # Only JSON-LD data blocks, which browsers never execute, may sit inline.
        audit = audit_html(client.get(url).content.decode())
        assert audit.problems == {}, url


@pytest.mark.django_db
def test_the_admin_pages_need_no_inline_script_or_style(admin_client):
    for url in [
        reverse("admin:index"),
        reverse("admin:films_film_changelist"),
        reverse("admin:films_film_add"),
        reverse("admin:auth_user_changelist"),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        audit = audit_html(response.content.decode())
        assert audit.problems == {}, url
        assert audit.external_scripts, url


PRODUCTION_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "ADMIN_URL",
]


def production_settings(**extra_env):
    """The security settings a fresh interpreter computes with DJANGO_ENV=production."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="filmkb.example.org",
        DJANGO_SETTINGS_MODULE="filmkb.settings",
        **extra_env,
    )
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_mode_switches_on_https_hsts_and_secure_cookies():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


@pytest.mark.django_db
def test_with_production_settings_plain_http_is_redirected_and_https_gets_hsts(settings, client):
    for name, value in production_settings().items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["filmkb.example.org"]

    plain = client.get("/films/", SERVER_NAME="filmkb.example.org")
    assert plain.status_code == 301
    assert plain["Location"] == "https://filmkb.example.org/films/"

    secure = client.get(reverse("admin:login"), SERVER_NAME="filmkb.example.org", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert secure.cookies["csrftoken"]["secure"] is True
    assert_security_headers(secure)

    proxied = client.get(
        "/healthz", SERVER_NAME="filmkb.example.org", HTTP_X_FORWARDED_PROTO="https"
    )
    assert proxied.status_code == 200
    assert "Strict-Transport-Security" in proxied


@pytest.mark.django_db
def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/healthz")


def test_the_admin_path_comes_from_the_environment():
    assert production_settings(ADMIN_URL="/backstage-7f3a/")["ADMIN_URL"] == "backstage-7f3a/"
    assert production_settings()["ADMIN_URL"] == "admin/"


@pytest.fixture
def admin_moved(settings):
    original = settings.ADMIN_URL
    settings.ADMIN_URL = "backstage-7f3a/"
    importlib.reload(filmkb.urls)
    clear_url_caches()
    yield "/backstage-7f3a/"
    settings.ADMIN_URL = original
    importlib.reload(filmkb.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_admin_moves_with_admin_url_and_the_old_path_is_gone(client, admin_moved):
    assert reverse("admin:index") == admin_moved
    moved = client.get(admin_moved)
    assert moved.status_code == 302
    assert moved["Location"].startswith(admin_moved + "login/")
    assert client.get(admin_moved + "login/").status_code == 200
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(
    not (Path(CHROMIUM).exists() or shutil.which("chromium")),
    reason=f"no Chromium at {CHROMIUM}; install Debian's chromium package to run browser tests",
)
def test_the_admin_works_in_chromium_under_the_policy_without_a_violation(
    transactional_db, live_server, admin_user, monkeypatch
):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    film = make_film(name="Her", slug="her")
    credit_add = reverse("admin:films_credit_add")
    paths = [
        reverse("admin:index"),
        reverse("admin:films_film_change", args=[film.pk]),
        credit_add,
        reverse("admin:films_release_add"),
        reverse("admin:auth_user_add"),
    ]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    violations, errors = [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda m: "Content Security Policy" in m.text and violations.append(m.text),
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(live_server.url + reverse("admin:login"))
            page.fill("#id_username", "admin")
            page.fill("#id_password", "password")
            page.click("input[type=submit]")
            for path in paths:
                assert page.goto(live_server.url + path).status == 200, path
                if path == credit_add:  # the autocomplete widget builds its own markup
                    page.locator(".select2-selection").first.click()
                    page.wait_for_selector(".select2-results")
        finally:
            browser.close()
    assert violations == []
    assert errors == []
