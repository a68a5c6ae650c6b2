"""Backups restore with no difference: the fixture export, and pg_dump on PostgreSQL.

A source database gets the article and then a curator's edits (a renamed
person, a verification stamp, a curator account). The export is reloaded into
an empty database, and a canonical dump of the knowledge base (every row of
``people``, ``films`` and ``awards`` by natural key, sorted) must be the same
in both, as must a second export. The fixture export holds the knowledge
base only: verification stamps, accounts and change history are left out by
design (``EXCLUDED_FIELDS``), which is why the README also describes
``pg_dump``, tested here to restore everything, row for row.
"""

import json
import shutil
import subprocess

import pytest

from films.sync import find_fixture_files
from tests import knowledge_base
from tests.outofprocess import SHARED_TEMPLATE, fresh_database, manage, on_postgres, parse

pytestmark = [pytest.mark.slow, SHARED_TEMPLATE]

RENAMED = "Joaquin Phoenix (edited in the admin)"
CURATOR_EDITS = f"""
from django.contrib.auth import get_user_model
from django.utils import timezone
from films.models import Credit
from people.models import Person
curator = get_user_model().objects.create_user("ann", "ann@example.org", "pw-12345678")
Person.objects.filter(slug="joaquin-phoenix").update(name={RENAMED!r})
Credit.objects.filter(person__slug="joaquin-phoenix").update(
    verified_on=timezone.localdate(), verified_by=curator
)
"""
# Bookkeeping that differs between any two databases by nature, not content.
NOT_CONTENT_MODELS = {"films.fixturerecord", "films.sitestate"}
NOT_CONTENT_FIELDS = {"updated_at", "verified_on", "verified_by"}


def dump(url, *labels):
    result = manage(url, "dumpdata", *labels, "--natural-foreign", "--natural-primary")
    return json.loads(result.stdout)


def canonical_kb(url):
    objects = []
    for obj in dump(url, "people", "films", "awards"):
        if obj["model"] in NOT_CONTENT_MODELS:
            continue
        assert "pk" not in obj, f"{obj['model']} has no natural key"
        fields = {k: v for k, v in obj["fields"].items() if k not in NOT_CONTENT_FIELDS}
        objects.append(json.dumps({"model": obj["model"], "fields": fields}, sort_keys=True))
    return sorted(objects)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """Built once for the module: the tests read it and never change it."""
    url, drop = fresh_database("backup_src", tmp_path_factory.mktemp("source"))
    # The article and the suite's fictional film, named file by file (a subprocess
    # has no EXTRA_FIXTURE_DIRS): explicit layout files load exactly what they hold.
    files = [str(f.path) for f in find_fixture_files(knowledge_base.FIXTURE_DIRS)]
    manage(url, "reload_fixtures", "--force", "-v0", *files)
    manage(url, "shell", "-c", CURATOR_EDITS)
    yield url
    drop()


@pytest.fixture
def empty(tmp_path):
    url, drop = fresh_database("backup_dst", tmp_path)
    yield url
    drop()


def test_an_export_reloaded_into_an_empty_database_restores_the_knowledge_base(
    source, empty, tmp_path
):
    backup = tmp_path / "backup"
    manage(source, "export_fixtures", "--output", str(backup))
    files = sorted(backup.rglob("*.json"))
    assert len(files) >= 5
    assert RENAMED in "".join(f.read_text() for f in files)

    manage(empty, "reload_fixtures", "--force", "-v0", *map(str, files))

    original, restored = canonical_kb(source), canonical_kb(empty)
    assert len(original) > 1000
    assert any(knowledge_base.TEST_FILM in row for row in original)
    assert restored == original

    again = tmp_path / "again"
    manage(empty, "export_fixtures", "--output", str(again))
    for f in files:
        name = f.relative_to(backup)
        assert (again / name).read_bytes() == f.read_bytes(), name


def test_the_canonical_dump_notices_a_difference(source, empty, tmp_path):
    # Guards the comparison above against comparing two empty or equal-by-accident dumps.
    manage(empty, "reload_fixtures", "--force", "-v0")
    assert canonical_kb(empty) != canonical_kb(source)


@pytest.mark.skipif(not on_postgres(), reason="pg_dump needs PostgreSQL (the CI's PostgreSQL pass)")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_pg_dump_and_pg_restore_bring_back_everything(source, empty, tmp_path):
    archive = tmp_path / "filmkb.dump"
    src, dst = parse(source), parse(empty)

    def connection_args(db):
        return ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"]]

    subprocess.run(
        ["pg_dump", "-Fc", "-f", str(archive), *connection_args(src), src["NAME"]],
        check=True,
        capture_output=True,
    )
    # The empty database was migrated from the same template: restore over it cleanly.
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            dst["NAME"],
            *connection_args(dst),
            str(archive),
        ],
        check=True,
        capture_output=True,
    )

    everything = ["--exclude", "contenttypes", "--exclude", "auth.permission"]
    assert dump(empty, *everything) == dump(source, *everything)
    assert any(o["model"] == "auth.user" for o in dump(empty, "auth.user"))
    verified = [
        o
        for o in dump(empty, "films.credit")
        if o["fields"]["verified_by"] is not None and o["fields"]["verified_on"] is not None
    ]
    assert verified
