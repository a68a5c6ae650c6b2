"""Repeated failed admin sign-ins lock that username out from that address (django-axes)."""

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.html_audit import audit_html

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery-staple"
WRONG = "not-the-password-5150"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "ann", "ann@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(client, username="ann", address="203.0.113.7"):
    responses = [
        sign_in(client, username, WRONG, address) for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses


def test_the_failures_before_the_limit_show_the_ordinary_login_error(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "ann", WRONG)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    assert not signed_in(client)


def test_reaching_the_failure_limit_locks_the_sign_in_with_a_429_page(client, staff):
    responses = fail_until_locked(client)

    locked = responses[-1]
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in temporarily locked" in html
    assert f"{settings.AXES_FAILURE_LIMIT} failed sign-in attempts" in html
    assert int(locked["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert audit_html(html).problems == {}
    assert "'unsafe-inline'" not in locked["Content-Security-Policy"]


def test_the_lockout_is_logged_as_a_warning(client, staff, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_until_locked(client)

    lockouts = [
        r for r in caplog.records if r.name.startswith("axes") and "Locking out" in r.message
    ]
    assert len(lockouts) == 1
    assert lockouts[0].levelno == logging.WARNING
    assert "ann" in lockouts[0].getMessage()
    assert "203.0.113.7" in lockouts[0].getMessage()
    assert PASSWORD not in caplog.text
    assert WRONG not in caplog.text


def test_the_correct_password_is_refused_during_the_lockout(client, staff):
    fail_until_locked(client)

    response = sign_in(client, "ann", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_lockout_ends_after_the_cool_off_and_the_correct_password_works(client, staff):
    fail_until_locked(client)
    assert sign_in(client, "ann", PASSWORD).status_code == 429

    # Travel past the cool-off: age the recorded attempt rather than sleeping.
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)

    response = sign_in(client, "ann", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()  # success resets the count


def test_a_successful_sign_in_before_the_limit_resets_the_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "ann", WRONG)
    assert sign_in(client, "ann", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "ann", WRONG).status_code == 200


def test_the_lockout_holds_for_that_username_from_that_address_only(client, staff):
    get_user_model().objects.create_user("bob", password=PASSWORD, is_staff=True)
    fail_until_locked(client, "ann", "203.0.113.7")

    assert sign_in(client, "bob", PASSWORD, "203.0.113.7").status_code == 302
    client.logout()
    assert sign_in(client, "ann", PASSWORD, "198.51.100.9").status_code == 302


def test_a_locked_out_address_cannot_get_around_it_by_changing_the_user_agent(client, staff):
    fail_until_locked(client)
    response = client.post(
        reverse("admin:login"),
        {"username": "ann", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="something-else/1.0",
    )
    assert response.status_code == 429


def test_the_failure_limit_and_the_cool_off_come_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    env.update(AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="60")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "filmkb.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["3", "3600"]

    env.update(AXES_FAILURE_LIMIT="0")
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "filmkb.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "AXES_FAILURE_LIMIT" in run.stderr.splitlines()[-1]


def test_axes_is_the_first_authentication_backend():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
