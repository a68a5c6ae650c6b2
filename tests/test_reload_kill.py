"""A reload killed with SIGKILL half-way leaves the previous data whole.

Each test makes its own database that a subprocess can see (pytest-django's
test database is private to this process): a SQLite file in tmp_path copied
from the suite's migrated template (tests/outofprocess.py), or a PostgreSQL
database named filmkb_killtest_<pid>, migrated here and dropped afterwards.
It loads version 1 of a fixture file, starts a reload of version 2 that the
test hook FILMKB_RELOAD_PAUSE_AFTER_WRITE pauses after it has deleted and
created rows, kills it, and compares every managed row, the reload records
and the site version with what was there before.
"""

import json
import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings

from films.sync import PAUSE_ENV
from tests import sync_data
from tests.outofprocess import SHARED_TEMPLATE, fresh_database, on_postgres

pytestmark = [pytest.mark.slow, SHARED_TEMPLATE]

POSTGRES_ADMIN_URL = os.environ.get(
    "KILLTEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SNAPSHOT = (
    "import json; from tests.sync_data import snapshot; "
    "print(json.dumps(snapshot(), default=str, sort_keys=True))"
)


def manage(database_url, *args, pause=None):
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop(PAUSE_ENV, None)
    if pause:
        env[PAUSE_ENV] = str(pause)
    command = [sys.executable, "manage.py", *args]
    if args[0] != "shell":
        command.append("--skip-checks")
    return command, env


def run(database_url, *args):
    command, env = manage(database_url, *args)
    done = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def versions(tmp_path):
    """Version 1 and version 2 of a fixture file; 2 renames, deletes and adds rows."""
    one = sync_data.objects() + [
        {"model": "people.person", "fields": {"name": f"Extra {i}", "slug": f"extra-{i}"}}
        for i in range(300)
    ]
    two = json.loads(json.dumps(one))
    for item in two:
        if item["model"] == "people.person":
            item["fields"]["name"] += " (v2)"
    two = [o for o in two if not o["fields"].get("slug", "").startswith("extra-1")]
    two += [
        {"model": "films.genre", "fields": {"name": f"Genre {i}", "slug": f"g{i}"}}
        for i in range(50)
    ]
    return (
        sync_data.write(tmp_path / "v1.json", one),
        sync_data.write(tmp_path / "v2.json", two),
    )


def kill_mid_reload(database_url, path):
    command, env = manage(database_url, "reload_fixtures", str(path), "-v", "2", pause=120)
    process = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = []
    try:
        for line in process.stdout:
            seen.append(line)
            if line.startswith("Paused"):
                break
        else:
            pytest.fail("the reload ended before pausing:\n" + "".join(seen))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    return "".join(seen)


def check_kill_leaves_previous_data_whole(database_url, tmp_path):
    """database_url: a migrated, empty database."""
    v1, v2 = versions(tmp_path)
    run(database_url, "reload_fixtures", str(v1))
    before = run(database_url, "shell", "-c", SNAPSHOT)

    output = kill_mid_reload(database_url, v2)

    assert "films.genre: created 50" in output  # rows were written before the kill
    assert "people.person: deleted 111" in output
    assert run(database_url, "shell", "-c", SNAPSHOT) == before
    # The database is not left locked or damaged: the same reload now completes.
    assert "50 created" in run(database_url, "reload_fixtures", str(v2))
    assert run(database_url, "shell", "-c", SNAPSHOT) != before


# Each database's case runs in that database's pass of the suite (CI runs both), as the
# other out-of-process tests do, rather than twice.
@pytest.mark.skipif(on_postgres(), reason="the SQLite pass of the suite runs it")
def test_a_killed_reload_leaves_the_previous_data_whole_on_sqlite(tmp_path):
    url, _ = fresh_database("kill", tmp_path)  # a file in tmp_path: nothing to drop
    check_kill_leaves_previous_data_whole(url, tmp_path)


@pytest.mark.skipif(
    not on_postgres(), reason="the PostgreSQL pass of the suite runs it (DATABASE_URL)"
)
def test_a_killed_reload_leaves_the_previous_data_whole_on_postgresql(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    name = f"filmkb_killtest_{os.getpid()}"
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            run(f"{base}/{name}", "migrate", "--noinput", "-v", "0")
            check_kill_leaves_previous_data_whole(f"{base}/{name}", tmp_path)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
