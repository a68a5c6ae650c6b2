"""No wait on the database is unbounded: connect, statement, a silent server, SQLite's lock.

The timings asserted here are generous bounds that only prove "does not hang"
(the site used to wait 30 s, then gunicorn killed the worker). The silent
database is a TCP server that accepts connections and never answers; the
kept-connection case puts a proxy between gunicorn and PostgreSQL and silences it.
"""

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.test import Client

from filmkb.middleware import Watchdog
from tests.builders import make_film
from tests.faultkit import FaultProxy, SilentServer, wait_for_port
from tests.outofprocess import (
    ROOT,
    SHARED_TEMPLATE,
    Gunicorn,
    child_env,
    fresh_database,
    on_postgres,
    parse,
    pg_url,
)

pytestmark = SHARED_TEMPLATE
DOES_NOT_HANG = 5.0  # seconds: the bound for the 503 of a silent database
needs_postgres = pytest.mark.skipif(
    not on_postgres(),
    reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (the CI's PostgreSQL pass)",
)


def settings_in_a_fresh_interpreter(names, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="filmkb.settings")
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def wait_for_an_answer(server, timeout):
    """Until the worker answers: a static file, which needs no database, answers at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            server.get("/static/css/site.css")
            return
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not answer after {timeout} s")


def timed_get(server, path):
    start = time.monotonic()
    status, headers, body = server.get(path)
    return status, headers, body, time.monotonic() - start


# Settings -------------------------------------------------------------------------


def test_postgresql_gets_a_connect_and_a_statement_timeout_by_default():
    result = settings_in_a_fresh_interpreter(
        ["DATABASES"], DATABASE_URL="postgres://postgres@127.0.0.1:5432/filmkb"
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["DATABASES"]["default"]["OPTIONS"]
    assert options["connect_timeout"] == 3
    assert options["options"] == "-c statement_timeout=15000"


def test_the_timeouts_come_from_the_environment():
    result = settings_in_a_fresh_interpreter(
        ["DATABASES", "CACHES", "DATABASE_REPLY_TIMEOUT"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/filmkb?options=-c%20search_path%3Dx",
        DATABASE_CONNECT_TIMEOUT="4",
        DATABASE_STATEMENT_TIMEOUT="2.5",
        DATABASE_REPLY_TIMEOUT="0.5",
        REDIS_URL="redis://127.0.0.1:6391/0",
        REDIS_CONNECT_TIMEOUT="0.2",
        REDIS_SOCKET_TIMEOUT="0.3",
        REDIS_RETRY_SECONDS="7",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    options = values["DATABASES"]["default"]["OPTIONS"]
    assert options["connect_timeout"] == 4
    assert options["options"] == "-c search_path=x -c statement_timeout=2500"
    assert values["DATABASE_REPLY_TIMEOUT"] == 0.5
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "filmkb.cache.ResilientRedisCache"
    assert cache["OPTIONS"] == {
        "socket_connect_timeout": 0.2,
        "socket_timeout": 0.3,
        "retry_seconds": 7.0,
    }


def test_a_statement_timeout_of_zero_switches_it_off():
    result = settings_in_a_fresh_interpreter(
        ["DATABASES"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/filmkb",
        DATABASE_STATEMENT_TIMEOUT="0",
    )
    assert "options" not in json.loads(result.stdout)["DATABASES"]["default"]["OPTIONS"]


def test_sqlite_gets_the_busy_timeout_from_the_environment():
    result = settings_in_a_fresh_interpreter(["DATABASES"], SQLITE_BUSY_TIMEOUT="2.5")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["DATABASES"]["default"]["OPTIONS"]["timeout"] == 2.5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_CONNECT_TIMEOUT", "1"),  # libpq waits at least 2 s whatever it is told
        ("DATABASE_CONNECT_TIMEOUT", "soon"),
        ("DATABASE_STATEMENT_TIMEOUT", "-1"),
        ("DATABASE_REPLY_TIMEOUT", "0"),
        ("SQLITE_BUSY_TIMEOUT", "nan"),
        ("REDIS_SOCKET_TIMEOUT", "fast"),
        ("REDIS_CONNECT_TIMEOUT", "0"),
        ("REDIS_RETRY_SECONDS", "-3"),
    ],
)
def test_a_bad_timeout_stops_start_up_and_names_the_variable(name, value):
    result = settings_in_a_fresh_interpreter(["DEBUG"], **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.splitlines()[-1]


# The watchdog ----------------------------------------------------------------------


def test_the_watchdog_ends_a_wait_that_gets_no_answer():
    ours, theirs = socket.socketpair()
    watchdog = Watchdog()
    with watchdog.guard(ours.fileno(), 0.2) as token:
        received = ours.recv(10)  # the peer never writes: without the watchdog, for ever
    assert received == b""  # shut down: the blocked read returns at once
    assert token["fired"] is True
    ours.close()
    theirs.close()


def test_the_watchdog_leaves_a_call_that_was_answered_in_time_alone():
    ours, theirs = socket.socketpair()
    watchdog = Watchdog()
    threading.Timer(0.05, theirs.sendall, [b"answer"]).start()
    with watchdog.guard(ours.fileno(), 5) as token:
        assert ours.recv(10) == b"answer"
    assert token["fired"] is False
    theirs.sendall(b"again")
    assert ours.recv(10) == b"again"  # the socket still works
    ours.close()
    theirs.close()


def test_a_short_guard_fires_on_time_inside_a_long_one():
    long_ours, long_theirs = socket.socketpair()
    short_ours, short_theirs = socket.socketpair()
    watchdog = Watchdog()
    with watchdog.guard(long_ours.fileno(), 30) as outer:
        with watchdog.guard(short_ours.fileno(), 0.2) as inner:
            started = time.monotonic()
            assert short_ours.recv(10) == b""
        assert time.monotonic() - started < DOES_NOT_HANG
    assert inner["fired"] is True
    assert outer["fired"] is False
    for s in (long_ours, long_theirs, short_ours, short_theirs):
        s.close()


# A silent database -----------------------------------------------------------------


@pytest.fixture
def site_on_a_silent_database():
    with SilentServer() as silent:
        server = Gunicorn(f"postgres://postgres@127.0.0.1:{silent.port}/filmkb")
        try:
            wait_for_port(server.port, timeout=60)  # every page, /robots.txt included, is a 503
            # gunicorn listens before its worker has loaded the site: wait for an answer, so
            # that the requests timed below measure the wait on the database, not the
            # worker's start-up as well (on a busy machine that alone can take seconds).
            wait_for_an_answer(server, timeout=60)
            yield server
        finally:
            server.stop()


@pytest.mark.slow
def test_a_silent_database_gets_the_styled_503_page_in_seconds_not_a_hang(
    site_on_a_silent_database,
):
    for path in ["/films/her/", "/", "/robots.txt"]:
        status, headers, body, elapsed = timed_get(site_on_a_silent_database, path)
        assert status == 503, path
        assert elapsed < DOES_NOT_HANG, (path, elapsed)
        assert "<h1>Temporarily unavailable</h1>" in body
        assert headers["Retry-After"] == "30"
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


@pytest.mark.slow
def test_with_a_silent_database_healthz_answers_503_naming_the_database(
    site_on_a_silent_database,
):
    status, headers, body, elapsed = timed_get(site_on_a_silent_database, "/healthz")
    assert status == 503
    assert elapsed < DOES_NOT_HANG
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "status": "unavailable",
        "database": "down",
        "cache": "ok",
        "error": "ConnectionTimeout",
    }


@pytest.fixture
def site_behind_a_proxy(tmp_path):
    url, drop = fresh_database("silent", tmp_path)
    db = parse(url)
    proxy = FaultProxy(db["HOST"], int(db["PORT"])).start()
    server = Gunicorn(url.replace(f":{db['PORT']}/", f":{proxy.port}/"), CONN_MAX_AGE=600)
    try:
        server.wait_until_up()
        yield server, proxy
    finally:
        server.stop()
        proxy.close()
        drop()


@pytest.mark.slow
@needs_postgres
def test_a_kept_connection_whose_server_goes_silent_gets_the_503_page_then_recovers(
    site_behind_a_proxy,
):
    server, proxy = site_behind_a_proxy
    assert server.get("/films/")[0] == 200  # the worker now keeps a connection

    proxy.silence()
    for path in ["/films/", "/", "/healthz"]:
        status, headers, _, elapsed = timed_get(server, path)
        assert status == 503, path
        assert elapsed < DOES_NOT_HANG, (path, elapsed)
        assert headers["Retry-After" if path != "/healthz" else "Content-Type"]
    assert json.loads(server.get("/healthz")[2])["database"] == "down"

    proxy.restore()
    assert server.get("/films/")[0] == 200  # same process, no restart
    assert server.get("/healthz")[0] == 200


# Statement timeout and SQLite's busy timeout ------------------------------------


@needs_postgres
@pytest.mark.django_db
def test_the_site_connects_to_postgresql_with_the_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"


@pytest.mark.slow
@needs_postgres
def test_postgresql_cancels_a_statement_that_runs_past_the_timeout():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('SELECT pg_sleep(30)')",
        ],
        cwd=ROOT,
        env=child_env(pg_url("postgres"), DATABASE_STATEMENT_TIMEOUT="0.5"),
        capture_output=True,
        text=True,
        timeout=25,
        check=False,
    )
    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stderr


@pytest.mark.slow
def test_a_sqlite_write_waits_for_a_held_lock_only_as_long_as_the_busy_timeout(tmp_path):
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (n integer)")
    holder.execute("BEGIN IMMEDIATE")  # a write lock held, as by a long reload
    write = (
        "from django.db import connection; connection.cursor().execute('INSERT INTO t VALUES (1)')"
    )
    try:
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", write],
            cwd=ROOT,
            env=child_env(f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT="1"),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        elapsed = time.monotonic() - start
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode != 0
    assert "database is locked" in result.stderr
    assert elapsed < settings.SQLITE_BUSY_TIMEOUT  # 1 s plus start-up, not the default 20 s


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_an_outage_costs_one_connection_attempt_per_request_whatever_debug_says(settings, debug):
    """Each attempt may wait a whole connect timeout: with DEBUG on, Django's debug page
    showed the QuerySets in every frame and each tried to connect again (six attempts)."""

    make_film(name="Her", slug="her")
    settings.DEBUG = debug
    settings.PAGE_CACHE = True  # its middleware asks for the version before the view runs
    with mock.patch.object(
        type(connections["default"]),
        "ensure_connection",
        autospec=True,
        side_effect=OperationalError("connection timeout expired"),
    ) as attempts:
        response = Client(raise_request_exception=False).get("/films/her/")
    assert response.status_code == 503
    assert attempts.call_count == 1
