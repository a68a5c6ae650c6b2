"""Every write to the knowledge base bumps its version (the cache key)."""

import pytest
from django.core import serializers
from django.utils import timezone
from reversion.models import Version

from filmkb import signals, versioning
from films.models import Film, FixtureRecord, SiteState
from tests import builders as b
from tests.admin_forms import admin_url, form_data

pytestmark = pytest.mark.django_db


def version():
    return SiteState.objects.values_list("version", flat=True).get()


@pytest.fixture
def state(db):
    return SiteState.objects.create(version=10)


def test_a_save_bumps_the_version(state):
    b.make_person()
    assert version() == 11


def test_an_update_and_a_delete_bump_the_version(state):
    film = b.make_film()
    film.tagline = "A love story"
    film.save()
    film.delete()
    assert version() == 13


def test_a_many_to_many_change_bumps_the_version(state):
    film = b.make_film()
    genre = film.genres.create(name="Drama", slug="drama")  # saves the genre, then adds it
    before = version()
    film.genres.remove(genre)
    assert version() == before + 1


def test_the_first_write_creates_the_state_row():
    b.make_person()
    assert SiteState.objects.count() == 1
    assert version() == 2


def test_raw_saves_from_fixtures_do_not_bump(state):
    data = serializers.serialize("json", [Film(pk=999, name="Raw", slug="raw", year=2013)])
    for obj in serializers.deserialize("json", data):
        obj.save()  # loaddata saves with raw=True
    assert Film.objects.filter(slug="raw").exists()
    assert version() == 10


def test_writes_during_a_reload_do_not_bump(state):
    with versioning.reloading():
        b.make_film()
    assert version() == 10


def test_housekeeping_writes_do_not_bump(state):
    FixtureRecord.objects.create(
        model_label="films.film", natural_key="x", digest="0", loaded_at=timezone.now()
    )
    assert version() == 10


def test_every_knowledge_base_table_is_watched():
    watched = {model._meta.label_lower for model in signals.kb_models()}
    assert {"films.credit", "films.creditcitation", "awards.nominee", "people.person"} <= watched
    assert "films.film_genres" in watched  # auto-created many-to-many table
    assert not watched & {"films.sitestate", "films.fixturerecord"}


def test_an_admin_edit_and_a_revert_bump_the_version(curator_client):
    SiteState.objects.create(version=10)
    film = b.make_film(tagline="Before")
    url = admin_url(Film, "change", film.pk)
    data = form_data(curator_client.get(url))
    data["tagline"] = "After"
    before = version()
    assert curator_client.post(url, data).status_code == 302
    after_edit = version()
    assert after_edit > before

    first = Version.objects.get_for_object(film).get()
    revert_url = admin_url(Film, "revision", film.pk, first.pk)
    form = curator_client.get(revert_url)
    assert version() == after_edit  # looking at an old version writes nothing
    assert curator_client.post(revert_url, form_data(form)).status_code == 302
    assert version() > after_edit
