"""Honest unknowns: kinds and fields for what a source leaves unsaid, still checked."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from awards.models import Ceremony
from films.models import BoxOfficeFigure, Release
from tests.builders import make_ceremony, make_film, make_organization

pytestmark = pytest.mark.django_db


def test_a_ceremony_needs_no_edition_but_a_stated_one_is_still_checked():
    body = make_organization(name="A Circle", slug="a-circle")
    form_class = modelform_factory(Ceremony, fields=["name", "slug", "body", "edition"])

    assert form_class({"name": "Circle awards", "slug": "circle", "body": body.pk}).is_valid()
    bad = form_class({"name": "Circle awards", "slug": "circle", "body": body.pk, "edition": 0})
    assert not bad.is_valid()
    assert "edition" in bad.errors
    make_ceremony(body, name="No edition", slug="no-edition", edition=None)
    make_ceremony(body, name="Another", slug="another", edition=None)  # several unnumbered
    with pytest.raises(IntegrityError), transaction.atomic():
        Ceremony.objects.filter(slug="another").update(edition=0)


def test_not_stated_kinds_and_a_figure_note_are_accepted_and_other_rules_still_hold():
    film = make_film(slug="vocab-film")
    release_form = modelform_factory(Release, fields=["film", "key", "kind", "status"])
    assert release_form(
        {"film": film.pk, "key": "r", "kind": Release.Kind.NOT_STATED, "status": "happened"}
    ).is_valid()
    assert not release_form(
        {"film": film.pk, "key": "r", "kind": "drive-in", "status": "happened"}
    ).is_valid()
    figure_form = modelform_factory(
        BoxOfficeFigure, fields=["film", "key", "kind", "amount", "currency", "qualifier", "note"]
    )
    data = {
        "film": film.pk,
        "key": "g",
        "kind": BoxOfficeFigure.Kind.GROSS_SCOPE_NOT_STATED,
        "amount": "100",
        "currency": "USD",
        "qualifier": "exact",
        "note": "Where it was earned is not said.",
    }
    assert figure_form(data).is_valid()
    assert "amount" in figure_form({**data, "amount": "-1"}).errors
    figure = figure_form(data).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        BoxOfficeFigure.objects.filter(pk=figure.pk).update(amount=Decimal(-1))
