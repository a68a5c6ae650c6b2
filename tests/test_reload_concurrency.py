"""Readers browsing during a reload see the old knowledge base or the new one, never a mix.

A real ``reload_fixtures`` runs in another process, paused half-way through
its writes by the ``FILMKB_RELOAD_PAUSE_AFTER_WRITE`` hook. Meanwhile readers
in this process take, over and over, one snapshot of the whole knowledge base
(a row count for every table and a name the reload changes, in a single
statement), and a gunicorn serving the same database is asked for pages.
Every snapshot must equal the state before or the state after; the pages
must show the old content while the reload is paused and the new content
once it commits. On PostgreSQL (READ COMMITTED) and on SQLite in WAL mode
alike, uncommitted writes are invisible to other connections. What happens
when the reload is killed instead is ``test_reload_kill.py``'s subject.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.apps import apps

from films.sync import PAUSE_ENV
from tests.outofprocess import (
    ROOT,
    SHARED_TEMPLATE,
    Gunicorn,
    child_env,
    fresh_database,
    manage,
    on_postgres,
    parse,
)

pytestmark = [pytest.mark.slow, SHARED_TEMPLATE]

FIXTURES = ROOT / "fixtures"
PAUSE_SECONDS = 4
RENAMED_SLUG = "joaquin-phoenix"


def film_url():
    film_file = sorted(FIXTURES.glob("films/*/film.json"))[0]
    films = json.loads(film_file.read_text())
    slug = next(o["fields"]["slug"] for o in films if o["model"] == "films.film")
    return f"/films/{slug}/"


def kb_tables():
    return sorted(
        model._meta.db_table
        for app in ("people", "films", "awards")
        for model in apps.get_app_config(app).get_models()
    )


def snapshot_sql():
    # Table names come from the model registry, not from input.
    counts = ", ".join(f'(SELECT count(*) FROM "{table}")' for table in kb_tables())  # noqa: S608
    return f"SELECT {counts}, (SELECT name FROM people_person WHERE slug = '{RENAMED_SLUG}')"  # noqa: S608


class Reader:
    """Takes snapshots in a loop on its own connection until stopped."""

    def __init__(self, url):
        self.url = url
        self.snapshots = []
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _connect(self):
        db = parse(self.url)
        if on_postgres():
            return psycopg.connect(
                dbname=db["NAME"],
                host=db["HOST"],
                port=db["PORT"],
                user=db["USER"],
                password=db["PASSWORD"] or None,
                autocommit=True,
            )
        conn = sqlite3.connect(db["NAME"], timeout=20, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn

    def take(self, conn):
        return tuple(conn.execute(snapshot_sql()).fetchone())

    def _run(self):
        conn = self._connect()
        try:
            while not self._stop.is_set():
                try:
                    self.snapshots.append(self.take(conn))
                except Exception as exc:
                    self.errors.append(repr(exc))
                time.sleep(0.005)
        finally:
            conn.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)

    def now(self):
        conn = self._connect()
        try:
            return self.take(conn)
        finally:
            conn.close()


def start_reload(url, *paths):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "reload_fixtures", "--force", *map(str, paths)],
        cwd=ROOT,
        env=child_env(url, **{PAUSE_ENV: PAUSE_SECONDS}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    for line in process.stdout:
        output.append(line)
        if line.startswith("Paused"):
            return process, output
    process.wait()
    pytest.fail("the reload never paused:\n" + "".join(output))


def finish(process, output):
    rest, _ = process.communicate(timeout=300)
    output.append(rest)
    assert process.returncode == 0, "".join(output)
    return "".join(output)


@pytest.fixture
def database(tmp_path):
    url, drop = fresh_database("concurrency", tmp_path)
    yield url
    drop()


def edited_fixtures(tmp_path):
    """The article's fixtures with one person renamed, one added and one alias removed."""
    folder = tmp_path / "edited"
    shutil.copytree(FIXTURES, folder)
    people_file = folder / "shared" / "people.json"
    objects = json.loads(people_file.read_text())
    for obj in objects:
        if obj["model"] == "people.person" and obj["fields"]["slug"] == RENAMED_SLUG:
            obj["fields"]["name"] = "Joaquin Phoenix (renamed)"
    aliases = [o for o in objects if o["model"] == "people.personalias"]
    objects.remove(aliases[0])
    objects.append(
        {
            "model": "people.person",
            "fields": {"name": "Zed Newcomer", "slug": "zed-newcomer", "sort_name": "Newcomer"},
        }
    )
    people_file.write_text(json.dumps(objects, indent=2) + "\n")
    return sorted(folder.rglob("*.json"))


def test_readers_see_an_empty_or_a_whole_knowledge_base_during_the_first_load(database):
    server = Gunicorn(database).wait_until_up()
    try:
        with Reader(database) as reader:
            before = reader.now()
            process, output = start_reload(database)

            # Paused half-way: the new rows exist only inside the reload's transaction.
            assert reader.now() == before
            assert server.get(film_url())[0] == 404
            assert server.get("/people/")[0] == 200

            finish(process, output)
            after = reader.now()
            assert server.get(film_url())[0] == 200
    finally:
        server.stop()

    assert after != before
    assert sum(after[:-1]) > 1000
    assert reader.errors == []
    assert len(reader.snapshots) > 50, "the readers hardly ran during the reload"
    assert set(reader.snapshots) <= {before, after}
    assert before in reader.snapshots
    assert after in reader.snapshots


def test_readers_see_the_old_or_the_new_data_during_a_reload_that_changes_it(database, tmp_path):
    manage(database, "reload_fixtures", "--force", "-v0")
    paths = edited_fixtures(tmp_path)
    server = Gunicorn(database).wait_until_up()
    try:
        with Reader(database) as reader:
            before = reader.now()
            assert before[-1] == "Joaquin Phoenix"
            process, output = start_reload(database, *paths)

            assert reader.now() == before
            status, _, body = server.get(f"/people/{RENAMED_SLUG}/")
            assert status == 200
            assert "(renamed)" not in body
            assert server.get("/people/zed-newcomer/")[0] == 404

            report = finish(process, output)
            after = reader.now()
            status, _, body = server.get(f"/people/{RENAMED_SLUG}/")
            assert "Joaquin Phoenix (renamed)" in body
            newcomer = server.get("/people/zed-newcomer/")
            assert newcomer[0] == 200, (report, newcomer, reader.now())
    finally:
        server.stop()

    assert "1 created" in report
    assert "1 deleted" in report
    assert after[-1] == "Joaquin Phoenix (renamed)"
    assert reader.errors == []
    assert len(reader.snapshots) > 50
    assert set(reader.snapshots) <= {before, after}


def test_the_snapshot_covers_every_knowledge_base_table():
    tables = kb_tables()
    assert "people_person" in tables
    assert "films_credit" in tables
    assert "awards_nomination" in tables
    assert len(tables) >= 20
    assert Path(FIXTURES / "shared" / "people.json").exists()
