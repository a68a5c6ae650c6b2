"""Lockout behind reverse proxies: TRUSTED_PROXY_COUNT says how far X-Forwarded-For is trusted."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from filmkb.lockout import client_ip

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery-staple"
WRONG = "not-the-password-5150"
PROXY = "10.0.0.2"  # every request reaches the site from the proxy


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "ann", "ann@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, password, forwarded_for=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("admin:login"),
        {"username": "ann", "password": password, "next": reverse("admin:index")},
        **extra,
    )


def address(forwarded_for=None, remote="10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_ip(RequestFactory().get("/", **extra))


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("198.51.100.9") == "10.0.0.2"
    assert address() == "10.0.0.2"


def test_with_trusted_proxies_the_nth_address_from_the_right_is_the_clients(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address("198.51.100.9") == "198.51.100.9"
    # A client's own forged entries stand to the left of what the proxy appended.
    assert address("1.2.3.4, 198.51.100.9") == "198.51.100.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert address("1.2.3.4, 198.51.100.9, 10.0.0.1") == "198.51.100.9"
    assert address(" 2001:db8::7 ,10.0.0.1") == "2001:db8::7"


def test_a_missing_short_or_malformed_header_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address() == "10.0.0.2"
    assert address("198.51.100.9") == "10.0.0.2"  # did not pass through both proxies
    assert address("not-an-address, 10.0.0.1") == "10.0.0.2"
    assert address(",,") == "10.0.0.2"


def test_behind_a_proxy_one_attacker_cannot_lock_a_curator_out_for_everyone(
    client, staff, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG, forwarded_for="198.51.100.66")
    assert sign_in(client, PASSWORD, forwarded_for="198.51.100.66").status_code == 429

    # The curator, at another address behind the same proxy, still gets in.
    response = sign_in(client.__class__(), PASSWORD, forwarded_for="203.0.113.7")
    assert response.status_code == 302


def test_without_the_setting_the_proxy_address_is_shared_and_forged_headers_do_not_help(
    client, staff, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG, forwarded_for=f"198.51.100.{n}")  # a fresh forged address each time
    assert sign_in(client, PASSWORD, forwarded_for="203.0.113.7").status_code == 429


def _setting(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="filmkb.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_count_comes_from_the_environment_and_a_bad_value_names_the_variable():
    assert settings.AXES_CLIENT_IP_CALLABLE == "filmkb.lockout.client_ip"
    assert _setting().stdout.split() == ["0"]
    assert _setting(TRUSTED_PROXY_COUNT="2").stdout.split() == ["2"]
    for bad in ("-1", "two"):
        run = _setting(TRUSTED_PROXY_COUNT=bad)
        assert run.returncode != 0
        assert "TRUSTED_PROXY_COUNT" in run.stderr.splitlines()[-1]
