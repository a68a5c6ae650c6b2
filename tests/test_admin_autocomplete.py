"""Autocomplete you can choose from: labels that tell look-alikes apart, searchable by them."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from films import sync
from films.models import Credit, Source
from people.models import Organization, Person
from tests import builders as b
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db


def search(client, model, term, source=("films", "creditcitation", "source")):
    app_label, model_name, field_name = source
    opts = model._meta
    return client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_autocomplete"),
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field_name},
    )


def texts(response):
    assert response.status_code == 200, response.content
    return [r["text"] for r in response.json()["results"]]


@pytest.fixture
def article():
    if not sync.default_paths()[0]:
        pytest.skip("fixtures/ holds no fixture files yet")
    call_command("reload_fixtures", stdout=StringIO())


def test_the_articles_look_alike_sources_get_distinct_labels(article, curator_client):
    labels = texts(search(curator_client, Source, "Her"))
    hers = [label for label in labels if label.startswith("Her — ")]
    assert len(hers) >= 4  # four sources are titled just "Her"
    assert "Her — Slant Magazine, 12 October 2013 · gonzalez-slant-her" in hers
    hitfix = [label for label in labels if "replaced Samantha Morton" in label]
    assert len(hitfix) == 2
    assert len(set(labels)) == len(labels)  # no two results read the same


def test_sources_are_found_by_publication_date_and_author(curator_client):
    slant = b.make_organization(name="Slant Magazine", slug="slant")
    b.make_source(title="Her", key="gonzalez-slant-her", publication=slant, published="2013-10-12")
    b.make_source(title="Her", key="metacritic-her")
    assert texts(search(curator_client, Source, "Slant")) == [
        "Her — Slant Magazine, 12 October 2013 · gonzalez-slant-her"
    ]
    assert texts(search(curator_client, Source, "2013-10")) == [
        "Her — Slant Magazine, 12 October 2013 · gonzalez-slant-her"
    ]
    assert texts(search(curator_client, Source, "metacritic")) == ["Her · metacritic-her"]


def test_people_carry_a_hint_and_are_found_by_it(curator_client):
    b.make_person(name="Chris Pratt", slug="chris-pratt", description="Actor (Paul).")
    b.make_person(name="Chris Cooper", slug="chris-cooper")
    field = ("films", "credit", "person")

    assert texts(search(curator_client, Person, "Chris", field)) == [
        "Chris Cooper — chris-cooper",
        "Chris Pratt — Actor (Paul).",
    ]
    assert texts(search(curator_client, Person, "Paul", field)) == ["Chris Pratt — Actor (Paul)."]


def test_organizations_carry_their_kind_and_parent_and_are_found_by_them(curator_client):
    parent = b.make_organization(name="Warner Bros.", slug="wb", kind="studio")
    b.make_organization(name="Warner Bros. Pictures", slug="wbp", kind="distributor", parent=parent)
    field = ("films", "credit", "organization")
    assert texts(search(curator_client, Organization, "Warner Bros. Pictures", field)) == [
        "Warner Bros. Pictures — distributor, part of Warner Bros."
    ]
    assert "Warner Bros. Pictures — distributor, part of Warner Bros." in texts(
        search(curator_client, Organization, "distributor", field)
    )


def test_the_form_points_each_autocomplete_at_the_labelled_view_and_shows_the_label(
    curator_client,
):
    slant = b.make_organization(name="Slant Magazine", slug="slant")
    source = b.make_source(title="Her", key="gonzalez-slant-her", publication=slant)
    credit = b.cite(b.make_credit(), source)
    page = curator_client.get(admin_url(Credit, "change", credit.pk)).content.decode()
    assert f'data-ajax--url="{reverse("admin:films_source_autocomplete")}"' in page
    assert f'data-ajax--url="{reverse("admin:people_person_autocomplete")}"' in page
    assert "Her — Slant Magazine · gonzalez-slant-her</option>" in page


def test_autocomplete_is_refused_to_anonymous_and_non_curator_staff_and_bad_fields(
    curator_client,
):
    client = Client()
    assert search(client, Source, "Her").status_code == 302  # to the login page
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert search(client, Source, "Her").status_code == 403
    bad = search(curator_client, Source, "Her", ("films", "creditcitation", "no_such_field"))
    assert bad.status_code == 403
