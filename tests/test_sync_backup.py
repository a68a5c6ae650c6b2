"""reload_fixtures --force first saves what it overwrites, in the export format."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from people.models import Person
from tests import sync_data
from tests.sync_data import snapshot, write

pytestmark = pytest.mark.django_db


def reload(*args, **kwargs):
    out = StringIO()
    call_command("reload_fixtures", *[str(a) for a in args], stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def loaded(tmp_path):
    path = write(tmp_path / "small.json", sync_data.objects())
    reload(path)
    return path


def backup_path(output):
    match = re.search(r"^Backup of the rows --force overwrites: (\S+) ", output, re.M)
    assert match, output
    return match.group(1)


def test_force_writes_a_timestamped_backup_of_what_it_overwrites_and_a_test_restores_it(
    loaded, tmp_path
):
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")
    Person.objects.create(name="New Person", slug="new-person")

    output = reload(loaded, force=True, backup_dir=tmp_path / "backups")

    path = backup_path(output)
    assert re.search(r"backups/reload-force-\d{8}T\d{6}\d*Z\.json$", path)
    assert f"manage.py loaddata {path}" in output
    objects = json.loads(Path(path).read_text(encoding="utf-8"))
    # The export format: model and fields with natural keys, no database ids.
    assert sorted((o["model"], o["fields"]["slug"], o["fields"]["name"]) for o in objects) == [
        ("people.person", "ann-critic", "Ann Curated"),
        ("people.person", "new-person", "New Person"),
    ]
    assert all(set(o) == {"model", "fields"} for o in objects)
    assert Person.objects.get(slug="ann-critic").name == "Ann Critic"
    assert not Person.objects.filter(slug="new-person").exists()

    call_command("loaddata", path, stdout=StringIO())

    assert Person.objects.get(slug="ann-critic").name == "Ann Curated"
    assert Person.objects.get(slug="new-person").name == "New Person"


def test_the_backup_is_said_even_at_verbosity_zero(loaded, tmp_path):
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")
    output = reload(loaded, force=True, backup_dir=tmp_path / "b", verbosity=0)
    assert backup_path(output)


def test_no_backup_without_an_overwrite_nor_on_a_dry_run(loaded, tmp_path):
    directory = tmp_path / "backups"
    assert "Backup" not in reload(loaded, force=True, backup_dir=directory)
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")
    assert "Backup" not in reload(loaded, force=True, dry_run=True, backup_dir=directory)
    assert not directory.exists()


def test_an_unwritable_backup_folder_stops_the_reload_before_it_writes(loaded, tmp_path):
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    before = snapshot()

    with pytest.raises(CommandError, match=r"not-a-folder.*cannot write the backup before --force"):
        reload(loaded, force=True, backup_dir=blocked)

    assert snapshot() == before
    assert Person.objects.get(slug="ann-critic").name == "Ann Curated"
