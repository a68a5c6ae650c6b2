"""A verification stamp means "checked as it now reads": changes clear it.

Edits in the admin (the fact's own page, a film's credits inline, its
citations, a citation row on its own) and reloads that rewrite a fact or its
citations clear the stamp; saving without a change keeps it. Pages show the
mark per fact as well as per section.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from films.models import Credit, CreditCitation, Film
from films.verification import mark_verified
from tests import builders as b
from tests import sync_data
from tests.admin_forms import admin_url, form_data
from tests.sync_data import write

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 17)


@pytest.fixture
def verified_credit(curator):
    credit = b.cite(b.make_credit(billing_order=1, credited_as="Old"))
    mark_verified(Credit.objects.filter(pk=credit.pk), curator, on=DAY)
    credit.refresh_from_db()
    return credit


def stamp(obj):
    obj.refresh_from_db()
    return obj.verified_on, obj.verified_by_id


def post_change(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_saving_a_verified_fact_unchanged_keeps_its_stamp(verified_credit, curator_client, curator):
    post_change(curator_client, verified_credit)
    assert stamp(verified_credit) == (DAY, curator.pk)


def test_changing_a_verified_fact_clears_its_stamp(verified_credit, curator_client):
    post_change(curator_client, verified_credit, credited_as="New")
    assert stamp(verified_credit) == (None, None)
    # The version saved for the edit holds the cleared stamp, so a revert to it is honest.

    latest = Version.objects.get_for_object(verified_credit).first()
    assert latest.field_dict["verified_on"] is None


def test_adding_or_removing_a_citation_clears_the_stamp(verified_credit, curator_client, curator):
    other = b.make_source(title="Another source")
    post_change(
        curator_client,
        verified_credit,
        **{"citations-TOTAL_FORMS": "2", "citations-1-source": other.pk, "citations-1-order": "1"},
    )
    assert stamp(verified_credit) == (None, None)

    mark_verified(Credit.objects.filter(pk=verified_credit.pk), curator, on=DAY)
    post_change(curator_client, verified_credit, **{"citations-1-DELETE": "on"})
    assert stamp(verified_credit) == (None, None)


def test_changing_a_credit_in_the_films_inline_clears_only_that_credits_stamp(
    curator_client, curator
):
    film = b.make_film(name="Her", slug="her")
    first = b.make_credit(film=film, billing_order=1)
    second = b.make_credit(film=film, billing_order=2)
    mark_verified(Credit.objects.filter(film=film), curator, on=DAY)
    url = admin_url(Film, "change", film.pk)
    data = form_data(curator_client.get(url))
    index = next(i for i in range(2) if data[f"credits-{i}-id"] == str(second.pk))
    data[f"credits-{index}-credited_as"] = "Someone else"
    response = curator_client.post(url, data)
    assert response.status_code == 302

    assert stamp(second) == (None, None)
    assert stamp(first) == (DAY, curator.pk)


def test_editing_or_deleting_a_citation_row_on_its_own_clears_the_facts_stamp(
    verified_credit, curator_client, curator
):
    citation = CreditCitation.objects.get(fact=verified_credit)
    post_change(curator_client, citation, locator="p. 12")
    assert stamp(verified_credit) == (None, None)

    mark_verified(Credit.objects.filter(pk=verified_credit.pk), curator, on=DAY)
    response = curator_client.post(
        admin_url(CreditCitation, "delete", citation.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert stamp(verified_credit) == (None, None)


def test_a_reload_that_rewrites_a_fact_or_its_citations_clears_the_stamp(tmp_path, curator):
    path = write(tmp_path / "small.json", sync_data.objects())
    call_command("reload_fixtures", str(path), stdout=StringIO())
    mark_verified(Credit.objects.all(), curator, on=DAY)
    items = sync_data.objects()
    citation = next(i for i in items if i["model"] == "films.creditcitation")
    citation["fields"]["locator"] = "p. 99"
    write(path, items)

    call_command("reload_fixtures", str(path), stdout=StringIO())

    rewritten = Credit.objects.get(citations__locator="p. 99")
    assert stamp(rewritten) == (None, None)
    assert set(Credit.objects.exclude(pk=rewritten.pk).values_list("verified_on", flat=True)) <= {
        DAY
    }


def test_the_film_page_marks_each_verified_fact(client, curator):
    film = b.make_film(name="Her", slug="her")
    verified = b.cite(b.make_credit(film=film, billing_order=1))
    b.cite(b.make_credit(film=film, billing_order=2))
    mark_verified(Credit.objects.filter(pk=verified.pk), curator, on=DAY)

    page = client.get(reverse("films:film_cast", kwargs={"slug": "her"})).content.decode()

    assert "1 of 2 facts verified by a curator" in page  # the section's summary stays
    # Once wherever the verified credit is shown (the infobox's "Starring" and the
    # cast table), never beside the unverified one.
    assert page.count('class="verified"') == 2
    assert page.count('class="verified"') == page.count(f">{verified.person.name}</a>")
    assert 'title="Verified by a curator on 17 May 2024"' in page
    assert '<time datetime="2024-05-17">17 May 2024</time>' in page
