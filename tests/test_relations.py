"""filmkb.relations.prefetch_present: read only the relations that hold rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from filmkb.relations import prefetch_present
from people.models import Organization
from tests.builders import make_film, make_organization, make_review

pytestmark = pytest.mark.django_db

LOOKUPS = ["reviews", "aggregate_scores", "children", "aliases", "credits"]


def test_only_relations_with_rows_are_read_and_the_others_read_as_empty():
    paper = make_organization(name="The Daily Reel")
    review = make_review(make_film(), publication=paper)
    child = make_organization(name="Reel Weekend", parent=paper)
    paper = Organization.objects.get(pk=paper.pk)
    with CaptureQueriesContext(connection) as ctx:
        prefetch_present(paper, LOOKUPS)
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
        prefetch_present(lonely, LOOKUPS)
    assert len(ctx.captured_queries) == 1
    assert list(lonely.reviews.all()) == []
