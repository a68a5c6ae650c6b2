"""reload_fixtures and export_fixtures: round trips, refusals, curator protection."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete
from django.test.utils import CaptureQueriesContext

from awards.models import NominationTally, Nominee
from filmkb import versioning
from films import sync
from films.fixture_layout import LOAD_ORDER, check_layout, is_film_model, owner_of
from films.models import (
    AggregateScore,
    BoxOfficeFigure,
    Credit,
    Film,
    FixtureRecord,
    Genre,
    MusicWork,
    Recast,
    Release,
    Review,
    ReviewQuote,
    SiteState,
)
from people.models import Organization, Person
from tests import sync_data
from tests.sync_data import find, snapshot, write

pytestmark = pytest.mark.django_db


def reload(*args, **kwargs):
    out = StringIO()
    call_command("reload_fixtures", *[str(a) for a in args], stdout=out, **kwargs)
    return out.getvalue()


def export(directory, **kwargs):
    out = StringIO()
    call_command("export_fixtures", output=directory, stdout=out, **kwargs)
    return out.getvalue()


def table(output):
    """The per-model report lines of the command's output."""
    return [line for line in output.splitlines() if re.match(r"^\S+\.\S+\s+\d", line)]


def counts(output, label):
    (line,) = [row for row in table(output) if row.split()[0] == label]
    return tuple(int(n) for n in line.split()[1:])


@pytest.fixture
def small(tmp_path):
    return write(tmp_path / "small.json", sync_data.objects())


@pytest.fixture
def loaded(small):
    reload(small)
    return small


# --------------------------------------------------------------------------- round trips


def test_reload_into_an_empty_database_creates_everything_and_resolves_forward_references(small):
    output = reload(small)

    assert counts(output, "people.person") == (2, 0, 0, 0)
    assert "17 created, 0 updated, 0 deleted, 0 unchanged" in output
    paper = Organization.objects.get(slug="daily-paper")
    assert paper.parent.slug == "media-group"
    planned = Release.objects.get(key="planned")
    assert planned.superseded_by.key == "actual"
    assert [a.slug for a in MusicWork.objects.get(slug="song").albums.all()] == ["album"]
    assert str(Release.objects.get(key="actual").date) == "December 2013"


def test_reload_twice_changes_nothing_the_second_time(loaded):
    output = reload(loaded)

    assert "0 created, 0 updated, 0 deleted, 17 unchanged" in output
    assert all(row.split()[1:4] == ["0", "0", "0"] for row in table(output))


def test_reload_then_export_then_reload_and_export_leaves_files_byte_identical(
    loaded, tmp_path, settings
):
    first, second = tmp_path / "first", tmp_path / "second"
    export(first)
    settings.FIXTURE_DIR = first

    output = reload()  # the default: every layout file present in FIXTURE_DIR
    export(second)

    assert "0 created, 0 updated, 0 deleted, 17 unchanged" in output
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*.json"))
    assert names == [
        "films/test-film/cast-and-crew.json",
        "films/test-film/film.json",
        "films/test-film/release-and-box-office.json",
        "shared/lookups.json",
        "shared/people.json",
        "shared/sources.json",
        "shared/works.json",
    ]
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*.json"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_export_writes_the_layout_sorted_by_natural_key_without_ids(loaded, tmp_path):
    export(tmp_path / "out")

    text = (tmp_path / "out" / "shared" / "lookups.json").read_text()
    items = json.loads(text)
    assert text.endswith("]\n")
    assert [o["model"] for o in items] == ["films.genre", "films.genre"]
    assert [o["fields"]["slug"] for o in items] == ["drama", "romance"]
    (film,) = json.loads((tmp_path / "out" / "films" / "test-film" / "film.json").read_text())
    assert "pk" not in film
    assert film["fields"]["genres"] == [["drama"], ["romance"]]  # many-to-many lists sorted
    assert "updated_at" not in film["fields"]
    film_dir = tmp_path / "out" / "films" / "test-film"
    figure = json.loads((film_dir / "release-and-box-office.json").read_text())[-1]
    assert figure["fields"]["amount"] == "47351251.00"


def test_export_dry_run_writes_nothing(loaded, tmp_path):
    output = export(tmp_path / "out", dry_run=True)

    assert "would change" in output
    assert not (tmp_path / "out").exists()


def _drop_romance(items):
    items.remove(find(items, "films.genre", slug="romance"))
    find(items, "films.film", slug="test-film")["fields"]["genres"] = [["drama"]]


def test_reload_detects_updates_and_deletes_and_records_them(loaded):
    items = sync_data.objects()
    find(items, "people.person", slug="ann-critic")["fields"]["name"] = "Ann B. Critic"
    _drop_romance(items)
    write(loaded, items)

    output = reload(loaded)

    assert counts(output, "people.person") == (0, 1, 0, 1)
    assert counts(output, "films.genre") == (0, 0, 1, 1)
    assert counts(output, "films.film") == (0, 1, 0, 0)  # its genres changed
    assert Person.objects.get(slug="ann-critic").name == "Ann B. Critic"
    assert list(Genre.objects.values_list("slug", flat=True)) == ["drama"]
    assert not FixtureRecord.objects.filter(natural_key='["romance"]').exists()
    assert "0 created, 0 updated, 0 deleted" in reload(loaded)


def _cast(key, person, billing):
    return {
        "model": "films.credit",
        "fields": {
            "film": ["test-film"],
            "key": key,
            "person": [person],
            "department": "cast",
            "job": "actor",
            "billing_order": billing,
        },
    }


def test_reload_renumbers_and_swaps_billing_positions_without_tripping_on_old_values(loaded):
    items = sync_data.objects()
    items.append(_cast("ann-cameo", "ann-critic", 2))
    reload(write(loaded, items))

    items = [o for o in sync_data.objects() if o["model"] != "films.credit"]
    items.append(_cast("ann-cameo", "ann-critic", 1))  # swapped with joe-as-hero
    items.append({**find(sync_data.objects(), "films.credit", key="joe-as-hero")})
    find(items, "films.credit", key="joe-as-hero")["fields"]["billing_order"] = 2
    items.append(_cast("joe-cameo", "joe-actor", 3))  # and a new one after them
    output = reload(write(loaded, items))

    assert counts(output, "films.credit") == (1, 2, 0, 0)
    billing = dict(Credit.objects.values_list("key", "billing_order"))
    assert billing == {"ann-cameo": 1, "joe-as-hero": 2, "joe-cameo": 3}

    items = [o for o in items if o["fields"].get("key") != "joe-cameo"]
    items.insert(0, _cast("new-lead", "joe-actor", 1))  # a new lead shifts everyone down
    find(items, "films.credit", key="ann-cameo")["fields"]["billing_order"] = 2
    find(items, "films.credit", key="joe-as-hero")["fields"]["billing_order"] = 3
    reload(write(loaded, items))

    billing = dict(Credit.objects.values_list("key", "billing_order"))
    assert billing == {"new-lead": 1, "ann-cameo": 2, "joe-as-hero": 3}


def test_reload_deletes_a_row_whose_last_reference_it_moves_elsewhere(loaded):
    items = [o for o in sync_data.objects() if o["fields"].get("slug") != "joe-actor"]
    items.remove(find(items, "people.personalias", name="J. Actor"))
    find(items, "films.credit", key="joe-as-hero")["fields"]["person"] = ["ann-critic"]

    output = reload(write(loaded, items))

    assert counts(output, "people.person") == (0, 0, 1, 1)
    assert counts(output, "films.credit") == (0, 1, 0, 0)
    assert Credit.objects.get(key="joe-as-hero").person.slug == "ann-critic"
    assert not Person.objects.filter(slug="joe-actor").exists()


def test_reload_with_paths_syncs_only_the_models_those_files_hold(loaded, tmp_path):
    only_people = [o for o in sync_data.objects() if o["model"] == "people.person"]
    only_people.pop()  # Joe Actor is gone from this file, but credits still name him...
    path = write(tmp_path / "people-only.json", only_people)

    with pytest.raises(CommandError, match=r"joe-actor|Joe Actor"):
        reload(path)  # ...so deleting him is refused and nothing is written
    assert Person.objects.filter(slug="joe-actor").exists()

    output = reload(write(path, [*only_people[:1], sync_data.objects()[1]]))
    assert [row.split()[0] for row in table(output)] == ["people.person"]


def test_dry_run_reports_the_same_as_the_real_run_and_changes_nothing(loaded):
    items = sync_data.objects()
    find(items, "people.person", slug="ann-critic")["fields"]["name"] = "Ann B. Critic"
    _drop_romance(items)
    items.append({"model": "films.genre", "fields": {"name": "Sci-fi", "slug": "sci-fi"}})
    write(loaded, items)
    before = snapshot()

    dry = reload(loaded, dry_run=True)

    assert snapshot() == before
    assert "Dry run, nothing written: 1 created, 2 updated, 1 deleted" in dry
    real = reload(loaded)
    assert table(dry) == table(real)


def test_reload_bumps_the_site_version_once_and_stamps_the_reload_time(loaded):
    state = SiteState.objects.get()
    assert state.last_reload_at is not None
    items = sync_data.objects()
    _drop_romance(items)
    find(items, "people.person", slug="ann-critic")["fields"]["name"] = "Ann B. Critic"

    reload(write(loaded, items))

    after = SiteState.objects.get()
    assert after.version == state.version + 1
    assert after.last_reload_at > state.last_reload_at
    reload(loaded, dry_run=True)
    assert SiteState.objects.get().version == state.version + 1


def test_a_reload_that_changes_nothing_keeps_the_version_and_writes_nothing(loaded):
    before = snapshot()
    state = SiteState.objects.get()

    output = reload(loaded)

    assert "No change: 0 created, 0 updated, 0 deleted, 17 unchanged" in output
    assert f"knowledge-base version {state.version} kept" in output
    assert snapshot() == before
    assert SiteState.objects.get() == state
    assert SiteState.objects.get().changed_at == state.changed_at


def test_bump_version_creates_the_single_state_row_when_missing():
    assert versioning.bump_version() == 2
    assert versioning.bump_version() == 3
    assert SiteState.objects.count() == 1


def test_signal_handlers_can_tell_a_reload_is_writing(loaded):
    seen = []

    def handler(sender, **kwargs):
        seen.append(versioning.reload_running())

    items = sync_data.objects()
    _drop_romance(items)
    post_delete.connect(handler, weak=False)
    try:
        reload(write(loaded, items))
    finally:
        post_delete.disconnect(handler)
    assert seen
    assert all(seen)
    assert versioning.reload_running() is False


def test_make_run_on_a_fresh_checkout_reports_no_fixture_files(tmp_path, settings):
    settings.FIXTURE_DIR = tmp_path

    output = reload(force=True)

    assert "No fixture files" in output
    assert not SiteState.objects.exists()


def test_reload_query_count_does_not_grow_with_the_number_of_rows(
    tmp_path, django_assert_num_queries
):
    def people(n):
        items = []
        for i in range(n):
            items.append({"model": "people.person", "fields": {"name": f"P{i}", "slug": f"p{i}"}})
            items.append(
                {"model": "people.personalias", "fields": {"person": [f"p{i}"], "name": "Alias"}}
            )
        return write(tmp_path / f"people-{n}.json", items)

    versioning.bump_version()  # the state row exists in both runs
    with CaptureQueriesContext(connection) as small:
        reload(people(5))
    # The same queries for 8 times the rows: the state row lock; one SELECT per
    # managed model and per many-to-many table (the current state); one for the
    # reload records; per written model one bulk INSERT; the records' INSERT;
    # the version bump; savepoints. pytest-django prints the SQL on failure.
    with django_assert_num_queries(len(small.captured_queries)):
        reload(people(40))


# --------------------------------------------------------------------------- bad input


def _changed(path, mutate):
    items = sync_data.objects()
    mutate(items)
    return write(path, items)


def _field(model, field, value, **match):
    def mutate(items):
        find(items, model, **match)["fields"][field] = value

    return mutate


def _add(*objects):
    def mutate(items):
        items.extend(objects)

    return mutate


BAD_INPUT = {
    "unknown model": (
        _add({"model": "films.spaceship", "fields": {"name": "x"}}),
        ["object 18 in the file", "field 'model'", "unknown model 'films.spaceship'"],
    ),
    "unmanaged model": (
        _add({"model": "auth.user", "fields": {"username": "x"}}),
        ["object 18 in the file", "field 'model'", "not loaded from fixtures"],
    ),
    "unknown field": (
        _field("people.person", "shoe_size", 42, slug="ann-critic"),
        ['people.person ["ann-critic"]', "field 'shoe_size'", "unknown field"],
    ),
    "natural key that points nowhere": (
        _field("films.credit", "person", ["nobody"], key="joe-as-hero"),
        [
            'films.credit ["test-film", "joe-as-hero"]',
            "field 'person'",
            'no people.person with natural key ["nobody"]',
        ],
    ),
    "many-to-many key that points nowhere": (
        _field("films.film", "genres", [["drama"], ["western"]], slug="test-film"),
        ['films.film ["test-film"]', "field 'genres'", '["western"]'],
    ),
    "natural key of the wrong shape": (
        _field("films.credit", "person", [["joe-actor"]], key="joe-as-hero"),
        ['films.credit ["test-film", "joe-as-hero"]', "field 'person'", "expected a natural key"],
    ),
    "value of the wrong type": (
        _field("films.film", "year", "twenty-thirteen", slug="test-film"),
        ['films.film ["test-film"]', "field 'year'", "must be an integer"],
    ),
    "value not among the choices": (
        _field("films.release", "kind", "drive-in", key="actual"),
        ['films.release ["test-film", "actual"]', "field 'kind'", "not a valid choice"],
    ),
    "duplicate key": (
        _add({"model": "people.person", "fields": {"name": "Ann Again", "slug": "ann-critic"}}),
        ['people.person ["ann-critic"]', "duplicate natural key", "object 1 of"],
    ),
    "check constraint violation": (
        _field("films.musicwork", "track_count", 0, slug="album"),
        ['films.musicwork ["album"]', "field 'track_count'", "musicwork_track_count_positive"],
    ),
    "unique constraint violation": (
        _field("films.credit", "character", ["test-film", "villain"], key="joe-as-hero"),
        ["films.credit", "field 'character'", '["test-film", "villain"]'],
    ),
    "impossible date": (
        _field("films.release", "date", "2013-02-30", key="actual"),
        ['films.release ["test-film", "actual"]', "field 'date'", "Day 30 does not exist"],
    ),
    "impossible precision": (
        _field("films.release", "date", "2013-12~spring", key="actual"),
        ['films.release ["test-film", "actual"]', "field 'date'", "season qualifies a year"],
    ),
    "negative amount": (
        _field("films.boxofficefigure", "amount", "-5", key="worldwide"),
        [
            'films.boxofficefigure ["test-film", "worldwide"]',
            "field 'amount'",
            "cannot be negative",
        ],
    ),
    "superseded release naming no successor": (
        _field("films.release", "superseded_by", None, key="planned"),
        ['films.release ["test-film", "planned"]', "field 'superseded_by'"],
    ),
    "database id instead of natural key": (
        _add({"model": "people.person", "pk": 7, "fields": {"name": "Z", "slug": "z"}}),
        ["field 'pk'", "natural keys"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_refused_naming_file_object_and_field_and_nothing_changes(
    case, loaded, tmp_path
):
    mutate, expected = BAD_INPUT[case]
    bad = _changed(tmp_path / "bad.json", mutate)
    # The same file also carries a valid change, which must not be written either.
    items = json.loads(bad.read_text())
    find(items, "people.person", slug="joe-actor")["fields"]["name"] = "Joe Changed"
    write(bad, items)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload(bad)

    message = str(error.value)
    assert str(bad) in message
    for fragment in expected:
        assert fragment in message
    assert snapshot() == before


def test_a_unique_constraint_across_rows_is_checked_before_writing(loaded, tmp_path):
    second_cast = {
        "model": "films.credit",
        "fields": {
            "film": ["test-film"],
            "key": "ann-cameo",
            "person": ["ann-critic"],
            "department": "cast",
            "job": "actor",
            "billing_order": 1,
        },
    }
    bad = _changed(tmp_path / "bad.json", _add(second_cast))
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload(bad)

    message = str(error.value)
    assert 'films.credit ["test-film", "ann-cameo"]' in message
    assert "field 'film'" in message
    assert "credit_unique_billing_order" in message
    assert snapshot() == before


def test_malformed_json_is_refused_with_its_line_and_column(loaded, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('[\n  {"model": "people.person",\n   "fields": {"name": "x",}}\n]\n')
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload(bad)

    assert str(bad) in str(error.value)
    assert "malformed JSON at line 3, column" in str(error.value)
    assert snapshot() == before


@pytest.mark.parametrize("trouble", ["missing", "directory", "no permission"])
def test_an_unreadable_file_is_refused_and_nothing_changes(trouble, loaded, tmp_path, monkeypatch):
    path = tmp_path / "unreadable.json"
    if trouble == "directory":
        path.mkdir()
    elif trouble == "no permission":
        write(path, sync_data.objects())
        original = Path.read_text

        def denied(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Path, "read_text", denied)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload(loaded, path)  # the good file first: it must not be written either

    assert str(path) in str(error.value)
    expected = {"missing": "does not exist", "directory": "cannot be read"}
    assert expected.get(trouble, "permission denied") in str(error.value)
    assert snapshot() == before


# --------------------------------------------------------------------------- curators' edits


def test_a_row_a_curator_edited_is_listed_and_not_overwritten_without_force(loaded):
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")
    items = sync_data.objects()
    find(items, "films.genre", slug="drama")["fields"]["name"] = "Drama film"
    write(loaded, items)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload(loaded)

    message = str(error.value)
    assert 'people.person ["ann-critic"]' in message
    assert "(name)" in message
    assert "--force" in message
    assert "films.genre" not in message  # only curators' rows are listed
    assert snapshot() == before
    assert Person.objects.get(slug="ann-critic").name == "Ann Curated"


def test_force_overwrites_a_curators_edit_and_resets_the_baseline(loaded):
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")

    output = reload(loaded, force=True)

    assert "Overwritten (--force)" in output
    assert Person.objects.get(slug="ann-critic").name == "Ann Critic"
    assert "0 created, 0 updated, 0 deleted" in reload(loaded)


def test_a_row_a_curator_added_is_not_deleted_without_force(loaded):
    Person.objects.create(name="New Person", slug="new-person")

    with pytest.raises(CommandError, match=r'people.person \["new-person"\]: .*would delete'):
        reload(loaded)
    assert Person.objects.filter(slug="new-person").exists()

    reload(loaded, force=True)
    assert not Person.objects.filter(slug="new-person").exists()


def test_a_row_a_curator_deleted_is_not_recreated_without_force(loaded):
    BoxOfficeFigure.objects.all().delete()

    with pytest.raises(CommandError, match="would recreate"):
        reload(loaded)
    assert not BoxOfficeFigure.objects.exists()


def test_an_exported_curator_edit_becomes_the_baseline_after_the_next_reload(
    loaded, tmp_path, settings
):
    reload(loaded)
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated")
    export(tmp_path / "fixtures")
    settings.FIXTURE_DIR = tmp_path / "fixtures"

    state = SiteState.objects.get()

    output = reload()  # no --force needed: the files now say what the curator said

    assert "0 created, 0 updated, 0 deleted" in output
    after = SiteState.objects.get()
    assert after.version == state.version  # no row changed: pages stay cached
    assert after.last_reload_at > state.last_reload_at  # but the edit is now the baseline
    Person.objects.filter(slug="ann-critic").update(name="Ann Curated Again")
    with pytest.raises(CommandError, match="ann-critic"):
        reload()


# --------------------------------------------------------------------------- constraints in memory


def _constraint_cases():
    return [
        BoxOfficeFigure(amount=-1, currency="USD"),
        BoxOfficeFigure(amount=5, currency="usd"),
        BoxOfficeFigure(amount=5, currency="USD"),
        Credit(person_id=1, organization_id=2, department="cast", job="actor"),
        Credit(person_id=None, organization_id=None, department="cast", job="actor"),
        Credit(person_id=1, department="writing", job="screenwriter", character_id=3),
        Credit(person_id=1, department="cast", job="director"),
        Credit(person_id=1, department="cast", job="actor", character_id=3, is_voice=True),
        Release(pk=4, status="superseded", superseded_by_id=None),
        Release(pk=4, status="superseded", superseded_by_id=4),
        Release(pk=4, status="superseded", superseded_by_id=5),
        Recast(replaced_id=1, replacement_id=1),
        Recast(replaced_id=1, replacement_id=2),
        Review(rating=5, rating_scale=4, critic_id=1),
        Review(rating=3, rating_scale=None, critic_id=1),
        Review(rating=None, rating_scale=None, critic_id=None, publication_id=None),
        ReviewQuote(text=""),
        ReviewQuote(text="fine"),
        MusicWork(track_count=0),
        MusicWork(track_count=None),
        Film(runtime_minutes=0),
        AggregateScore(value=None, grade=""),
        AggregateScore(value=-3, grade=""),
        Nominee(person_id=1, organization_id=None, music_work_id=None),
        Nominee(person_id=1, organization_id=1, music_work_id=None),
        NominationTally(nominations=2, wins=3),
        NominationTally(nominations=2, wins=None),
    ]


def test_check_constraints_evaluated_in_memory_agree_with_the_database():
    compared = 0
    for instance in _constraint_cases():
        for constraint in instance._meta.constraints:
            condition = getattr(constraint, "condition", None)
            if condition is None or not hasattr(constraint, "violation_error_message"):
                continue
            against = instance._get_field_expression_map(meta=instance._meta)
            expected = Q(condition).check(against)
            assert sync.condition_holds(condition, instance, "default") == expected, (
                instance,
                constraint.name,
            )
            compared += 1
    assert compared > 40


# --------------------------------------------------------------------------- the article itself


def test_the_article_fixtures_load_then_reload_unchanged_then_export_without_a_diff(
    tmp_path, settings
):
    settings.EXTRA_FIXTURE_DIRS = []
    paths = sync.default_paths()
    if not paths:
        pytest.skip("fixtures/ holds no fixture files yet")

    first = reload()
    version = SiteState.objects.get().version
    second = reload()
    export(tmp_path / "out")

    assert " 0 unchanged" in first
    assert "No change: 0 created, 0 updated, 0 deleted" in second
    assert SiteState.objects.get().version == version
    root = sync.default_fixture_dir()
    exported = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*"))
    assert exported == sorted(p.relative_to(root) for p in root.rglob("*"))
    for path in paths:
        name = path.relative_to(root)
        assert (tmp_path / "out" / name).read_bytes() == path.read_bytes(), name


def test_reload_shows_progress_through_a_large_file_at_verbosity_two(tmp_path):
    items = [
        {"model": "people.person", "fields": {"name": f"P{i}", "slug": f"p{i}"}} for i in range(600)
    ]
    path = write(tmp_path / "large.json", items)

    quiet = reload(path, verbosity=0)
    loud = reload(path, verbosity=2, force=True)

    assert quiet == ""
    assert Person.objects.count() == 600
    assert f"Read {path}: 600 objects" in loud
    assert "validated 500/600 objects" in loud


# --------------------------------------------------------------------------- the per-film layout


def _layout_dir(tmp_path):
    """The small fixture set exported into the per-film layout."""
    reload(write(tmp_path / "small.json", sync_data.objects()))
    export(tmp_path / "kb")
    return tmp_path / "kb"


def _add_to(path, obj):
    items = json.loads(path.read_text())
    items.append(obj)
    write(path, items)


def test_a_row_in_another_films_folder_is_refused_naming_where_it_belongs(tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    other = root / "films" / "other-film"
    other.mkdir()
    write(
        other / "film.json",
        [{"model": "films.film", "fields": {"name": "Other", "slug": "other-film", "year": 2001}}],
    )
    _add_to(
        other / "cast-and-crew.json" if False else other / "film.json",
        {
            "model": "films.disagreement",
            "fields": {"film": ["test-film"], "key": "stray", "subject": "x"},
        },
    )
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload()

    message = str(error.value)
    assert str(other / "film.json") in message
    assert 'films.disagreement ["test-film", "stray"]' in message
    assert "belongs to film 'test-film'" in message
    assert "films/test-film/film.json" in message
    assert snapshot() == before


@pytest.mark.parametrize(
    ("where", "obj", "expected"),
    [
        (
            "films/test-film/film.json",
            {"model": "people.person", "fields": {"name": "Shared", "slug": "shared"}},
            "shared by every film: move it to shared/people.json",
        ),
        (
            "shared/people.json",
            {
                "model": "films.disagreement",
                "fields": {"film": ["test-film"], "key": "x", "subject": "x"},
            },
            "belong to one film: move it to films/<film-slug>/film.json",
        ),
        (
            "films/test-film/film.json",
            {
                "model": "films.release",
                "fields": {"film": ["test-film"], "key": "x", "kind": "wide"},
            },
            "belong in films/test-film/release-and-box-office.json, not here",
        ),
    ],
)
def test_a_row_in_the_wrong_file_is_refused(where, obj, expected, tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    _add_to(root / where, obj)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload()

    assert str(root / where) in str(error.value)
    assert expected in str(error.value)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("stray", "expected"),
    [
        ("people.json", "not part of the fixture layout"),
        ("shared/peoples.json", "unknown shared topic"),
        ("films/test-film/crew.json", "unknown film topic"),
        ("films/Not A Slug/film.json", "named by the film's slug"),
    ],
)
def test_a_file_the_layout_has_no_place_for_is_refused_by_name(stray, expected, tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    (root / stray).parent.mkdir(parents=True, exist_ok=True)
    write(root / stray, [])

    with pytest.raises(CommandError) as error:
        reload()

    assert expected in str(error.value)
    assert str((root / stray).parent if "Not A Slug" in stray else root / stray) in str(error.value)


def test_reloading_one_films_file_leaves_other_films_alone(tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    other = root / "films" / "other-film"
    other.mkdir()
    write(
        other / "film.json",
        [{"model": "films.film", "fields": {"name": "Other", "slug": "other-film", "year": 2001}}],
    )
    reload()
    figures = root / "films" / "test-film" / "release-and-box-office.json"
    write(
        figures,
        [o for o in json.loads(figures.read_text()) if o["model"] != "films.boxofficefigure"],
    )

    output = reload(figures)

    assert counts(output, "films.boxofficefigure") == (0, 0, 1, 0)
    assert counts(output, "films.release") == (0, 0, 0, 2)
    assert Film_slugs() == ["other-film", "test-film"]


def Film_slugs():

    return sorted(Film.objects.values_list("slug", flat=True))


def test_a_film_folder_removed_from_the_fixtures_removes_the_film(tmp_path, settings):

    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    shutil.copytree(root / "films" / "test-film", root / "films" / "copy")
    for path in (root / "films" / "copy").iterdir():
        path.write_text(path.read_text().replace('"test-film"', '"copy"'))
    reload()
    assert Film_slugs() == ["copy", "test-film"]
    shutil.rmtree(root / "films" / "copy")

    output = reload()

    assert counts(output, "films.film") == (0, 0, 1, 1)
    assert Film_slugs() == ["test-film"]


def test_export_with_several_fixture_directories_needs_an_output(loaded, settings, tmp_path):
    settings.EXTRA_FIXTURE_DIRS = [tmp_path]

    with pytest.raises(CommandError, match="several fixture directories"):
        call_command("export_fixtures", stdout=StringIO())


# --------------------------------------------------------------------------- start_film


def test_start_film_scaffolds_a_folder_the_reload_accepts_and_export_keeps(tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    out = StringIO()

    call_command("start_film", "new-film-2024", title="New Film", year=2024, stdout=out)

    path = root / "films" / "new-film-2024" / "film.json"
    assert f"Created {path}" in out.getvalue()
    assert "1 created" in reload(dry_run=True)
    reload()

    assert str(Film.objects.get(slug="new-film-2024")) == "New Film (2024)"
    before = path.read_bytes()
    export(root)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("slug", "year", "expected"),
    [
        ("test-film", 2013, "already exists"),
        ("Not a slug!", 2013, "field 'slug'"),
        ("early-film", 1700, "field 'year'"),
    ],
)
def test_start_film_refuses_bad_input_naming_it(slug, year, expected, tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    before = sorted(p.relative_to(root) for p in root.rglob("*"))

    with pytest.raises(CommandError, match=re.escape(expected)):
        call_command("start_film", slug, title="A Film", year=year, stdout=StringIO())

    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_film_folder_named_other_than_its_films_slug_is_refused(tmp_path, settings):
    root = _layout_dir(tmp_path)
    settings.FIXTURE_DIR = root
    (root / "films" / "test-film").rename(root / "films" / "misnamed")
    before = snapshot()

    with pytest.raises(CommandError) as error:
        reload()

    message = str(error.value)
    assert str(root / "films" / "misnamed" / "film.json") in message
    assert "the folder of film 'misnamed' holds the film 'test-film'" in message
    assert snapshot() == before


def test_the_layout_places_every_managed_model_in_one_file_and_loads_it_once():

    check_layout()
    assert owner_of("films.credit", ("her-2013", "director")) == "her-2013"
    assert owner_of("films.film", ("her-2013",)) == "her-2013"
    assert owner_of("people.person", ("spike-jonze",)) is None
    assert LOAD_ORDER.index("films.film") < LOAD_ORDER.index("films.credit")
    assert not is_film_model("awards.ceremony")
