"""Search that ranks like a film site's (films/search.py).

Runs on SQLite and PostgreSQL; the typo-tolerance test needs pg_trgm and is
skipped on SQLite (run with DATABASE_URL=postgres://...).
"""

import pytest
from django.db import connection

from films.search import search
from people.models import Organization, PersonAlias
from tests.builders import (
    make_category,
    make_ceremony,
    make_film,
    make_organization,
    make_person,
    make_source,
)

pytestmark = pytest.mark.django_db


def _hits(results):
    return [(group.kind, str(item)) for group in results.groups for item in group.items]


def test_a_band_named_exactly_comes_before_the_members_whose_descriptions_name_it(db):
    make_person(name="Win Butler", description="Singer of Arcade Fire.")
    make_person(name="Regine Chassagne", description="Member of Arcade Fire.")
    make_organization(name="Arcade Fire", kind=Organization.Kind.MUSICAL_GROUP)
    hits = _hits(search("Arcade Fire"))
    assert hits[0] == ("organizations", "Arcade Fire")
    assert {name for kind, name in hits if kind == "people"} == {"Win Butler", "Regine Chassagne"}


def test_within_a_kind_exact_then_prefix_then_word_prefix_names_come_first(db):
    make_person(name="Berg Anna")  # a later word starts with the query
    make_person(name="Annabel Lee")  # the name starts with it
    make_person(name="Anna")  # the name is the query
    names = [str(p) for p in search("anna").groups[0].items]
    assert names == ["Anna", "Annabel Lee", "Berg Anna"]


def test_a_film_whose_title_is_a_common_word_comes_first(db):
    make_person(name="Christopher Hersh", slug="christopher-hersh")
    make_film(name="Her", slug="her")
    results = search("her")
    assert _hits(results)[0][0] == "films"
    assert str(results.groups[0].items[0]).startswith("Her")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite matches word starts only")
def test_on_sqlite_a_query_matches_the_start_of_words_not_their_middle(db):
    make_person(name="Christopher Other", slug="christopher-other")
    make_film(name="Her", slug="her")
    assert [kind for kind, _ in _hits(search("her"))] == ["films"]


def test_ceremonies_and_categories_are_searchable(db):
    body = make_organization(name="Academy of Film", kind=Organization.Kind.AWARD_BODY)
    make_ceremony(body, name="86th Academy Awards", slug="86th-academy-awards")
    make_category(body, name="Best Original Screenplay", slug="best-original-screenplay")
    assert ("ceremonies", "86th Academy Awards") in _hits(search("86th"))
    assert ("ceremonies", "86th Academy Awards") in _hits(search("Academy Awards"))
    assert ("categories", "Best Original Screenplay") in [
        (kind, name.split(" (")[0]) for kind, name in _hits(search("screenplay"))
    ]


def test_the_search_page_lists_a_ceremony_with_its_body(client, db):
    body = make_organization(name="Academy of Film", kind=Organization.Kind.AWARD_BODY)
    ceremony = make_ceremony(body, name="86th Academy Awards", slug="86th-academy-awards")
    html = client.get("/search/?q=86th").content.decode()
    assert f'href="{ceremony.get_absolute_url()}">86th Academy Awards</a>' in html
    assert f'href="{body.get_absolute_url()}">Academy of Film</a>' in html


def test_sources_are_searchable_by_title(db):
    make_source(title="Weekend Report: Burgundy Beaten")
    assert _hits(search("Burgundy"))[0][0] == "sources"


def test_each_entity_is_listed_once_however_many_of_its_names_match(db):
    person = make_person(name="Scarlett Johansson", slug="scarlett-johansson")
    for alias in ["ScarJo", "Scarlett J."]:
        PersonAlias.objects.create(person=person, name=alias)
    hits = _hits(search("Scar"))
    assert hits.count(("people", "Scarlett Johansson")) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL-only")
def test_a_misspelt_name_finds_the_person_on_postgresql(db):
    make_person(name="Scarlett Johansson", slug="scarlett-johansson")
    make_person(name="Joaquin Phoenix", slug="joaquin-phoenix")
    results = search("Johanson")
    assert _hits(results)[0] == ("people", "Scarlett Johansson")
    assert "close" in results.message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL-only")
def test_close_names_of_several_kinds_come_best_first_in_bounded_queries(
    db, django_assert_max_num_queries
):
    make_person(name="Marion Harbour", slug="marion-harbour")
    make_organization(name="Harbor Pictures")
    make_film(name="Silent Harbor", slug="silent-harbor")
    make_person(name="Unrelated Name", slug="unrelated-name")
    # seven kinds that found nothing, one query for the closest names of every kind,
    # one per kind with close names
    with django_assert_max_num_queries(7 + 1 + 3):
        results = search("Harbr")
    kinds = [group.kind for group in results.groups]
    assert set(kinds) == {"people", "organizations", "films"}
    assert all(group.fuzzy for group in results.groups)
    best = [group.items[0].similarity for group in results.groups]
    assert best == sorted(best, reverse=True)
    assert ("people", "Unrelated Name") not in _hits(results)
