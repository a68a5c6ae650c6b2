"""filmkb.prepared: a queryset compiled once gives what the queryset itself gives."""

from functools import partial

import pytest
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from filmkb.prepared import IDS, TEXT, Prepared
from films.models import Credit, Film
from tests.builders import make_character, make_credit, make_film

pytestmark = pytest.mark.django_db


def _credits(film_id):
    return (
        Credit.objects.filter(film_id=film_id)
        .select_related("person", "character__film")
        .prefetch_related("citations")
        .order_by("billing_order", "id")
    )


def test_rows_joined_rows_and_prefetches_are_those_of_the_queryset():
    one, two = make_film(), make_film()
    first = make_credit(one, billing_order=2, character=make_character(one))
    second = make_credit(one, billing_order=1)
    make_credit(two)
    prepared = Prepared(_credits)
    for film in (one, two, one):  # compiled once, run for each film
        with CaptureQueriesContext(connection) as ctx:
            found = prepared.all(film.pk)
        expected = list(_credits(film.pk))
        assert [c.pk for c in found] == [c.pk for c in expected]
        assert len(ctx.captured_queries) == 2  # the rows, then their citations
        with CaptureQueriesContext(connection) as ctx:
            for credit in found:
                assert credit.person.name  # joined in, not fetched again
                if credit.character_id:
                    assert credit.character.film.pk == film.pk
                list(credit.citations.all())
        assert ctx.captured_queries == []
    assert [c.pk for c in prepared.all(one.pk)] == [second.pk, first.pk]


def test_a_query_that_does_not_use_its_parameter_is_refused():
    prepared = Prepared(lambda _film_id: Film.objects.all())
    with pytest.raises(ValueError, match="does not use each of its parameters"):
        prepared.all(1)


def test_an_unknown_value_gives_no_rows():
    make_credit()
    assert Prepared(partial(_credits)).all(10**9) == []


def test_a_values_list_query_gives_the_tuples_the_queryset_gives():
    film = make_film()
    make_credit(film, billing_order=3)
    make_credit(film, billing_order=1)

    def pairs(film_id):
        return Credit.objects.filter(film_id=film_id).order_by("id").values_list("id", "key")

    assert Prepared(pairs).all(film.pk) == list(pairs(film.pk))


def test_text_values_and_several_values_are_substituted_in_their_places():
    one, two = make_film(), make_film()
    credit = make_credit(two)

    def by_slug_and_key(slug, key):
        return Credit.objects.filter(film__slug=slug, key=key)

    prepared = Prepared(by_slug_and_key, TEXT, TEXT)
    assert prepared.all(two.slug, credit.key) == [credit]
    assert prepared.all(one.slug, credit.key) == []
    with pytest.raises(TypeError, match="2 values expected, not 1"):
        prepared.all(two.slug)


def test_a_list_of_ids_matches_each_id_and_an_empty_list_matches_nothing_unasked():
    one, two, three = make_film(), make_film(), make_film()
    credits = [make_credit(film) for film in (one, two, three)]

    def of_films(film_ids, name):
        return Credit.objects.filter(film_id__in=film_ids, film__name=name).order_by("id")

    prepared = Prepared(lambda ids: Credit.objects.filter(film_id__in=ids).order_by("id"), IDS)
    assert prepared.all([one.pk, three.pk]) == [credits[0], credits[2]]
    assert prepared.all([two.pk]) == [credits[1]]
    with CaptureQueriesContext(connection) as ctx:
        assert prepared.all([]) == []
    assert ctx.captured_queries == []
    # a list beside another value, each in its place
    named = Prepared(of_films, IDS, TEXT)
    assert named.all([one.pk, two.pk], two.name) == [credits[1]]
    assert named.all([one.pk], two.name) == []


def test_annotations_and_text_built_around_a_placeholder_are_those_of_the_queryset():
    film = make_film(name="The Long_Goodbye 100%")
    make_film(name="The Long Goodbye")

    def containing(like):
        return (
            Film.objects.filter(name__icontains=like)
            .annotate(name_length=Length("name"))
            .order_by("pk")
        )

    prepared = Prepared(containing, TEXT)
    for text in ["long_goodbye", "100%", "LONG", "nothing"]:
        like = connection.ops.prep_for_like_query(text)
        expected = list(Film.objects.filter(name__icontains=text).order_by("pk"))
        found = prepared.all(like)
        assert found == expected, text
        assert [f.name_length for f in found] == [len(f.name) for f in expected]
    assert prepared.all(connection.ops.prep_for_like_query("_goodbye")) == [film]
