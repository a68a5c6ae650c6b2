"""Change history (django-reversion): who changed what, a field-level diff, revert."""

import pytest
from django.contrib.auth.models import User
from reversion.models import Version

from filmkb.history import field_changes, version_diff
from films.models import Credit, CreditCitation
from tests import builders as b
from tests.admin_forms import admin_url, form_data


@pytest.fixture
def edited_credit(curator_client):
    """A credit edited twice in the admin: credited_as "First" then "Second",
    and its one citation swapped for another source in the second edit."""
    first_source = b.make_source(title="First source")
    second_source = b.make_source(title="Second source")
    credit = b.make_credit(department="directing", job="director", character=None)
    url = admin_url(Credit, "change", credit.pk)

    data = form_data(curator_client.get(url))
    data.update(
        {
            "credited_as": "First",
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": first_source.pk,
            "citations-0-order": "0",
        }
    )
    assert curator_client.post(url, data).status_code == 302

    data = form_data(curator_client.get(url))
    data.update(
        {
            "credited_as": "Second",
            "job": "screenwriter",
            "department": "writing",
            "citations-0-source": second_source.pk,
        }
    )
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    credit.refresh_from_db()
    return credit


def versions_of(obj):
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def test_every_admin_save_records_a_version_with_its_author(edited_credit, curator):
    versions = versions_of(edited_credit)
    assert len(versions) == 2
    assert {v.revision.user for v in versions} == {curator}
    assert versions[1].field_dict["credited_as"] == "Second"


def test_an_edit_appears_in_the_history_with_a_link_to_its_diff(edited_credit, curator_client):
    response = curator_client.get(admin_url(Credit, "history", edited_credit.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="version-diff-link"') == 2
    assert "curator" in page
    latest = versions_of(edited_credit)[-1]
    assert admin_url(Credit, "version_diff", edited_credit.pk, latest.pk) in page


def test_the_diff_shows_each_changed_field_with_its_old_and_new_value(
    edited_credit, curator_client
):
    latest = versions_of(edited_credit)[-1]
    response = curator_client.get(admin_url(Credit, "version_diff", edited_credit.pk, latest.pk))
    assert response.status_code == 200
    changes = {c.label: (c.old, c.new) for c in response.context["diff"]["fields"]}
    assert changes == {
        "credited as": ("First", "Second"),
        "department": ("Directing", "Writing"),  # choice labels, not codes
        "job": ("Director", "Screenwriter"),
    }
    page = response.content.decode()
    assert "<del>First</del>" in page
    assert "<ins>Second</ins>" in page


def test_the_diff_lists_the_citations_saved_with_the_fact(edited_credit):
    latest = versions_of(edited_credit)[-1]
    [row] = version_diff(latest)["rows"]
    assert (row.kind, row.status) == ("credit citation", "changed")
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("source", "First source", "Second source")
    ]


def test_the_diff_lists_a_citation_removed_with_the_fact(edited_credit, curator_client):
    url = admin_url(Credit, "change", edited_credit.pk)
    data = form_data(curator_client.get(url))
    data["citations-0-DELETE"] = "on"
    assert curator_client.post(url, data).status_code == 302
    latest = versions_of(edited_credit)[-1]
    assert [(row.label, row.status) for row in version_diff(latest)["rows"]] == [
        (f"{edited_credit} — Second source", "removed")
    ]


def test_the_first_version_lists_every_filled_in_field(edited_credit):
    first = versions_of(edited_credit)[0]
    diff = version_diff(first)
    assert diff["previous"] is None
    labels = {c.label for c in diff["fields"]}
    assert {"film", "person", "department", "job", "credited as"} <= labels


@pytest.mark.django_db
def test_related_objects_are_shown_by_name_and_deleted_ones_by_id():
    person = b.make_person(name="Spike Jonze")
    changes = field_changes(Credit, {"person_id": None}, {"person_id": person.pk})
    assert [(c.label, c.old, c.new) for c in changes] == [("person", "—", "Spike Jonze")]
    changes = field_changes(Credit, {"person_id": 999999}, {"person_id": None})
    assert changes[0].old == "#999999 (deleted)"


def test_reverting_restores_the_earlier_values_and_citations(edited_credit, curator_client):
    first = versions_of(edited_credit)[0]
    url = admin_url(Credit, "revision", edited_credit.pk, first.pk)

    form = curator_client.get(url)
    assert form.status_code == 200
    edited_credit.refresh_from_db()
    assert edited_credit.credited_as == "Second"  # looking at a version changes nothing

    response = curator_client.post(url, form_data(form))
    assert response.status_code == 302
    edited_credit.refresh_from_db()
    assert (edited_credit.credited_as, edited_credit.job) == ("First", "director")
    sources = [c.source.title for c in CreditCitation.objects.filter(fact=edited_credit)]
    assert sources == ["First source"]
    assert len(versions_of(edited_credit)) == 3  # the revert is itself a version


def test_a_deleted_fact_can_be_recovered_with_its_citations(edited_credit, curator_client):
    pk = edited_credit.pk
    response = curator_client.post(admin_url(Credit, "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Credit.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(Credit).get()
    form = curator_client.get(admin_url(Credit, "recover", deleted.pk))
    assert form.status_code == 200
    response = curator_client.post(admin_url(Credit, "recover", deleted.pk), form_data(form))
    assert response.status_code == 302
    credit = Credit.objects.get(pk=pk)
    assert credit.credited_as == "Second"
    assert [c.source.title for c in credit.citations.all()] == ["Second source"]


def test_a_staff_user_who_is_not_a_curator_cannot_read_the_history(edited_credit, client):
    client.force_login(User.objects.create_user("staff", is_staff=True))
    latest = versions_of(edited_credit)[-1]
    assert client.get(admin_url(Credit, "history", edited_credit.pk)).status_code == 403
    diff_url = admin_url(Credit, "version_diff", edited_credit.pk, latest.pk)
    assert client.get(diff_url).status_code == 403
    revert_url = admin_url(Credit, "revision", edited_credit.pk, latest.pk)
    assert client.post(revert_url, {}).status_code == 403


def test_a_diff_of_another_objects_version_is_not_found(edited_credit, curator_client):
    other = b.make_credit()
    latest = versions_of(edited_credit)[-1]
    assert (
        curator_client.get(admin_url(Credit, "version_diff", other.pk, latest.pk)).status_code
        == 404
    )
