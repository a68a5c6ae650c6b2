"""filmkb.relations: read only the relations that hold rows; compiled relation queries."""

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from filmkb.relations import prefetch_compiled, prefetch_present
from films.models import Review
from people.models import Organization, Person
from tests.builders import make_credit, make_film, make_organization, make_person, make_review

pytestmark = pytest.mark.django_db

LOOKUPS = ["reviews", "aggregate_scores", "children", "aliases", "credits"]


def test_only_relations_with_rows_are_read_and_the_others_read_as_empty():
    paper = make_organization(name="The Daily Reel")
    review = make_review(make_film(), publication=paper)
    child = make_organization(name="Reel Weekend", parent=paper)
    paper = Organization.objects.get(pk=paper.pk)
    with CaptureQueriesContext(connection) as ctx:
        prefetch_present(paper, LOOKUPS, page="test")
    assert len(ctx.captured_queries) == 3  # which hold rows; reviews; children
    with CaptureQueriesContext(connection) as ctx:
        assert list(paper.reviews.all()) == [review]
        assert list(paper.children.all()) == [child]
        assert list(paper.aggregate_scores.all()) == []
        assert list(paper.aliases.all()) == []
        assert list(paper.credits.all()) == []
    assert ctx.captured_queries == []


def test_an_object_with_no_rows_runs_one_query():
    lonely = make_organization(name="Nobody's Studio")
    with CaptureQueriesContext(connection) as ctx:
        prefetch_present(lonely, LOOKUPS, page="test")
    assert len(ctx.captured_queries) == 1
    assert list(lonely.reviews.all()) == []


def test_compiled_relations_give_what_prefetch_related_gives_for_each_object():
    lead, other = make_person(), make_person()
    credits = [make_credit(make_film(), lead) for _ in range(3)]
    make_credit(make_film(), other)
    lookups = ["credits", "aliases", Prefetch("reviews", queryset=Review.objects.all())]
    for made in (lead, other, lead):  # the second and third reuse the compiled queries
        person = Person.objects.get(pk=made.pk)
        prefetch_compiled(person, lookups, page="test")
        expected = Person.objects.prefetch_related("credits").get(pk=person.pk)
        with CaptureQueriesContext(connection) as ctx:
            assert list(person.credits.all()) == list(expected.credits.all())
            assert list(person.aliases.all()) == []
        assert ctx.captured_queries == []
    assert {c.pk for c in Person.objects.get(pk=lead.pk).credits.all()} == {c.pk for c in credits}


def test_only_reverse_relations_of_the_object_are_compiled():
    person = make_person()
    with pytest.raises(ValueError, match="not a reverse relation"):
        prefetch_compiled(person, ["name"], page="test-bad")
