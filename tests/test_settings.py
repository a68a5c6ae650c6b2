"""Settings come from the environment; bad values stop start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROD_SECRET = "f1lmkb-test-secret-" * 4


UNSET = {"DATABASE_URL", "DJANGO_ENV", "DATABASE_PREPARE_THRESHOLD"}


def _load_settings(code="import django; django.setup()", **env):
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "filmkb.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE"),
        ({"DATABASE_URL": "mysql://root@localhost/filmkb"}, "DATABASE_URL"),
        ({"DATABASE_URL": "nonsense://"}, "DATABASE_URL"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV"),
        ({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": PROD_SECRET}, "ALLOWED_HOSTS"),
        ({"SECURE_HSTS_SECONDS": "-5"}, "SECURE_HSTS_SECONDS"),
        ({"DATABASE_PREPARE_THRESHOLD": "often"}, "DATABASE_PREPARE_THRESHOLD"),
    ],
)
def test_a_bad_environment_value_stops_start_up_and_names_the_variable(env, named):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("threshold", "options"),
    [
        (None, {"server_side_binding": True, "prepare_threshold": 2}),
        ("5", {"prepare_threshold": 5}),
        ("0", {"server_side_binding": None, "prepare_threshold": None}),
    ],
)
def test_postgresql_prepares_repeated_statements_unless_switched_off(threshold, options):
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/filmkb"}
    if threshold is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = threshold
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "o = settings.DATABASES['default']['OPTIONS']; "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    result = _load_settings(code, **env)
    assert result.returncode == 0, result.stderr
    binding, prepare = result.stdout.split()
    if "server_side_binding" in options:
        assert binding == str(options["server_side_binding"])
    assert prepare == str(options["prepare_threshold"])


def test_nothing_configured_starts_on_sqlite():
    result = _load_settings()
    assert result.returncode == 0, result.stderr


def test_production_mode_passes_the_deploy_checks():
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never does.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_ENV="production", SECRET_KEY=PROD_SECRET, ALLOWED_HOSTS="filmkb.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SQLITE_KEPT_PROBE = """
import django
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.backends.signals import connection_created

django.setup()
opened = []
connection_created.connect(lambda sender, connection, **kw: opened.append(connection.alias))
for _ in range(5):  # what the WSGI handler does around every request
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    request_finished.send(sender=None)
print(connection.settings_dict["CONN_MAX_AGE"], len(opened))
"""


def test_the_default_sqlite_connection_is_kept_across_requests(tmp_path):
    """The PRAGMAs run once per connection, not once per request (issue 10, point 2)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    env.update(
        DJANGO_SETTINGS_MODULE="filmkb.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'kept.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_KEPT_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600", "1"]
