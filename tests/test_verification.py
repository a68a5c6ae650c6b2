"""Verification stamps: the admin action, the summary, and the public note."""

import datetime

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse

from films.models import Credit, SiteState
from films.verification import mark_verified, verification_summary
from tests import builders as b
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 17)


def test_an_empty_section_has_nothing_verified():
    assert verification_summary(Credit.objects.none()) == {
        "total": 0,
        "verified": 0,
        "last_verified": None,
    }
    assert verification_summary([]) == {"total": 0, "verified": 0, "last_verified": None}


def test_the_summary_counts_verified_facts_and_the_latest_date(django_assert_num_queries):
    film = b.make_film()
    credits = [b.make_credit(film=film) for _ in range(3)]
    Credit.objects.filter(pk=credits[0].pk).update(verified_on=DAY)
    Credit.objects.filter(pk=credits[1].pk).update(verified_on=DAY - datetime.timedelta(days=9))
    expected = {"total": 3, "verified": 2, "last_verified": DAY}

    with django_assert_num_queries(1):  # one aggregate
        assert verification_summary(Credit.objects.filter(film=film)) == expected
    rows = list(Credit.objects.filter(film=film))
    with django_assert_num_queries(0):  # rows the page already has
        assert verification_summary(rows) == expected


def test_marking_verified_stamps_date_and_curator_without_counting_as_an_edit(curator):
    credit = b.make_credit()
    Credit.objects.filter(pk=credit.pk).update(updated_at=None)  # as loaded from fixtures
    SiteState.objects.update(version=5)

    assert mark_verified(Credit.objects.all(), curator, on=DAY) == 1

    credit.refresh_from_db()
    assert (credit.verified_on, credit.verified_by) == (DAY, curator)
    assert credit.updated_at is None  # not an edit the fixtures must pick up
    assert SiteState.objects.get().version == 6  # but cached pages must show it


def test_the_admin_action_marks_the_selected_rows_verified_today(curator_client, curator):
    chosen, other = b.make_credit(), b.make_credit()
    response = curator_client.post(
        admin_url(Credit, "changelist"),
        {"action": "mark_verified_action", "_selected_action": [chosen.pk]},
    )
    assert response.status_code == 302
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.verified_on == datetime.date.today()  # noqa: DTZ011 (TIME_ZONE is UTC)
    assert chosen.verified_by == curator
    assert other.verified_on is None


def test_the_action_is_offered_on_every_fact_changelist(curator_client, rf, curator):
    b.make_credit()
    response = curator_client.get(admin_url(Credit, "changelist"))
    assert "Mark selected as verified today" in response.content.decode()

    request = rf.get("/")
    request.user = curator
    for model, model_admin in admin.site._registry.items():
        if any(f.name == "verified_on" for f in model._meta.fields):
            assert "mark_verified_action" in model_admin.get_actions(request), model


def test_the_stamp_is_shown_read_only_in_the_change_form(curator_client, curator):
    credit = b.make_credit()
    mark_verified(Credit.objects.filter(pk=credit.pk), curator, on=DAY)
    response = curator_client.get(admin_url(Credit, "change", credit.pk))
    form = response.context["adminform"].form
    assert "verified_on" not in form.fields
    page = response.content.decode()
    assert "May 17, 2024" in page or "17 May 2024" in page
    assert "curator" in page


def test_the_verified_filter_separates_verified_rows(curator_client, curator):
    verified, unverified = b.make_credit(), b.make_credit()
    mark_verified(Credit.objects.filter(pk=verified.pk), curator)
    url = admin_url(Credit, "changelist")
    assert [
        c.pk for c in curator_client.get(url, {"verified": "yes"}).context["cl"].result_list
    ] == [verified.pk]
    assert [
        c.pk for c in curator_client.get(url, {"verified": "no"}).context["cl"].result_list
    ] == [unverified.pk]


def test_the_include_states_how_many_facts_are_verified_and_when():
    html = render_to_string(
        "includes/verification.html",
        {"summary": {"total": 12, "verified": 3, "last_verified": DAY}},
    )
    assert '<p class="verification">' in html
    assert "3 of 12 facts verified" in html
    assert '<time datetime="2024-05-17">17 May 2024</time>' in html


def test_the_include_says_when_nothing_is_verified_and_is_empty_for_an_empty_section():
    html = render_to_string(
        "includes/verification.html",
        {"summary": {"total": 1, "verified": 0, "last_verified": None}},
    )
    assert "Not yet verified by a curator (1 fact)" in html
    empty = {"summary": {"total": 0, "verified": 0, "last_verified": None}}
    assert render_to_string("includes/verification.html", empty).strip() == ""


def test_marking_rows_verified_updates_the_public_page_note(client, curator_client):
    film = b.make_film(name="Her", slug="her")
    credits = [b.make_credit(film=film, billing_order=n) for n in (1, 2)]
    url = reverse("films:film_cast", kwargs={"slug": film.slug})
    before = client.get(url).content.decode()
    assert "Not yet verified by a curator (2 facts)" in before

    curator_client.post(
        admin_url(Credit, "changelist"),
        {"action": "mark_verified_action", "_selected_action": [credits[0].pk]},
    )

    after = client.get(url).content.decode()
    assert "1 of 2 facts verified by a curator" in after
    today = datetime.date.today()  # noqa: DTZ011 (TIME_ZONE is UTC)
    assert f'<time datetime="{today:%Y-%m-%d}">' in after
