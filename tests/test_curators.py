"""Curators: a scoped editing role, and the command that creates one."""

import os
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from filmkb.curators import CURATORS_GROUP, sync_curators_group
from films.models import Credit, CreditCitation, FixtureRecord, Source
from tests import builders as b
from tests.admin_forms import admin_url, inline_management

# --------------------------------------------------------------------------- the group


@pytest.mark.django_db
def test_the_curators_group_exists_after_migrating():
    group = Group.objects.get(name=CURATORS_GROUP)
    assert group.permissions.filter(codename="change_credit").exists()


@pytest.mark.django_db
def test_curators_may_add_change_delete_and_view_every_knowledge_base_model():
    group = Group.objects.get(name=CURATORS_GROUP)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    for content_type in ContentType.objects.filter(app_label__in=["people", "films", "awards"]):
        if content_type.model in {"fixturerecord", "sitestate"}:
            continue
        for action in ("add", "change", "delete", "view"):
            assert (content_type.app_label, f"{action}_{content_type.model}") in held


@pytest.mark.django_db
def test_curators_hold_no_permission_outside_the_knowledge_base():
    group = Group.objects.get(name=CURATORS_GROUP)
    outside = group.permissions.exclude(content_type__app_label__in=["people", "films", "awards"])
    assert list(outside) == []


@pytest.mark.django_db
def test_curators_may_only_view_what_the_reload_writes():
    group = Group.objects.get(name=CURATORS_GROUP)
    codenames = set(
        group.permissions.filter(
            content_type__model__in=["fixturerecord", "sitestate"]
        ).values_list("codename", flat=True)
    )
    assert codenames == {"view_fixturerecord", "view_sitestate"}


@pytest.mark.django_db
def test_syncing_the_group_twice_changes_nothing_and_restores_removed_permissions():
    group = Group.objects.get(name=CURATORS_GROUP)
    before = set(group.permissions.all())
    group.permissions.remove(Permission.objects.get(codename="change_credit"))
    sync_curators_group()
    sync_curators_group()
    assert set(Group.objects.get(name=CURATORS_GROUP).permissions.all()) == before


# --------------------------------------------------------------------------- the admin


def test_a_curator_can_add_a_credit_with_its_citation_through_the_admin_forms(curator_client):
    film = b.make_film(name="Her", slug="her")
    character = b.make_character(film=film, name="Samantha", slug="samantha")
    person = b.make_person(name="Scarlett Johansson", slug="scarlett-johansson")
    source = b.make_source(key="variety-2013", title="Variety review")
    url = admin_url(Credit, "add")
    assert curator_client.get(url).status_code == 200

    response = curator_client.post(
        url,
        {
            "film": film.pk,
            "key": "samantha-johansson",
            "person": person.pk,
            "department": "cast",
            "job": "actor",
            "character": character.pk,
            "is_voice": "on",
            "billing_order": "2",
            "status": "final",
            **inline_management("citations", total=1),
            "citations-0-source": source.pk,
            "citations-0-locator": "para. 3",
            "citations-0-order": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    credit = Credit.objects.get(key="samantha-johansson")
    assert (credit.person, credit.character, credit.is_voice) == (person, character, True)
    citation = CreditCitation.objects.get(fact=credit)
    assert (citation.source, citation.locator) == (source, "para. 3")


def test_a_curator_can_use_autocomplete_to_find_a_person(curator_client):
    b.make_person(name="Joaquin Phoenix", slug="joaquin-phoenix")
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"term": "Joaq", "app_label": "films", "model_name": "credit", "field_name": "person"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Joaquin Phoenix"]


def test_a_curator_can_delete_a_citation(curator_client):
    citation = b.cite(b.make_credit()).citations.get()
    url = admin_url(CreditCitation, "delete", citation.pk)
    response = curator_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not CreditCitation.objects.exists()


@pytest.mark.parametrize("model", [User, Group])
def test_a_curator_is_refused_on_users_and_groups(curator_client, curator, model):
    assert curator_client.get(admin_url(model, "changelist")).status_code == 403
    assert curator_client.get(admin_url(model, "add")).status_code == 403


def test_a_curator_cannot_promote_themself(curator_client, curator):
    url = admin_url(User, "change", curator.pk)
    assert curator_client.get(url).status_code == 403
    response = curator_client.post(url, {"username": "curator", "is_superuser": "on"})
    assert response.status_code == 403
    curator.refresh_from_db()
    assert not curator.is_superuser


def test_a_curator_cannot_change_what_the_reload_writes(curator_client):
    assert curator_client.get(admin_url(FixtureRecord, "changelist")).status_code == 200
    assert curator_client.get(admin_url(FixtureRecord, "add")).status_code == 403


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model", [Credit, Source, User, Group])
def test_a_staff_user_who_is_not_a_curator_can_open_nothing(staff_client, model, view):
    assert staff_client.get(admin_url(model, view)).status_code == 403


def test_a_staff_user_who_is_not_a_curator_can_change_nothing(staff_client):
    credit = b.make_credit(credited_as="Before")
    url = admin_url(Credit, "change", credit.pk)
    assert staff_client.get(url).status_code == 403
    response = staff_client.post(url, {"credited_as": "After"})
    assert response.status_code == 403
    assert staff_client.post(admin_url(Credit, "add"), {"key": "x"}).status_code == 403
    assert (
        staff_client.post(admin_url(Credit, "delete", credit.pk), {"post": "yes"}).status_code
        == 403
    )
    credit.refresh_from_db()
    assert credit.credited_as == "Before"
    assert Credit.objects.count() == 1


def test_a_staff_user_who_is_not_a_curator_cannot_run_the_verify_action(staff_client):
    credit = b.make_credit()
    response = staff_client.post(
        admin_url(Credit, "changelist"),
        {"action": "mark_verified_action", "_selected_action": [credit.pk]},
    )
    assert response.status_code == 403
    credit.refresh_from_db()
    assert credit.verified_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("admin:index", ()),
        ("admin:films_credit_changelist", ()),
        ("admin:films_credit_add", ()),
        ("admin:auth_user_changelist", ()),
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert f"next={url}" in response["Location"]


@pytest.mark.django_db
def test_an_anonymous_post_changes_nothing(client):
    credit = b.make_credit(credited_as="Before")
    response = client.post(admin_url(Credit, "change", credit.pk), {"credited_as": "After"})
    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.credited_as == "Before"


# --------------------------------------------------------------------------- the command


@pytest.mark.django_db
def test_create_curator_makes_a_staff_user_in_the_group_from_arguments():
    out = StringIO()
    with mock.patch.dict(os.environ, {"CURATOR_PASSWORD": "a-long-unusual-passphrase"}):
        call_command(
            "create_curator",
            "--username=ann",
            "--email=ann@example.org",
            "--password-from-env=CURATOR_PASSWORD",
            stdout=out,
        )
    user = User.objects.get(username="ann")
    assert user.is_staff and not user.is_superuser
    assert user.email == "ann@example.org"
    assert user.check_password("a-long-unusual-passphrase")
    assert list(user.groups.values_list("name", flat=True)) == [CURATORS_GROUP]
    assert "Created curator 'ann'" in out.getvalue()


@pytest.mark.django_db
def test_create_curator_asks_for_what_is_missing_on_a_terminal():
    out = StringIO()
    with (
        mock.patch("sys.stdin.isatty", return_value=True),
        mock.patch("builtins.input", side_effect=["bob", "bob@example.org"]),
        mock.patch("getpass.getpass", return_value="a-long-unusual-passphrase"),
    ):
        call_command("create_curator", stdout=out)
    assert User.objects.get(username="bob").groups.filter(name=CURATORS_GROUP).exists()


@pytest.mark.django_db
def test_create_curator_refuses_two_different_passwords():
    with (
        mock.patch("sys.stdin.isatty", return_value=True),
        mock.patch("getpass.getpass", side_effect=["a-long-unusual-passphrase", "other"]),
        pytest.raises(CommandError, match="differ"),
    ):
        call_command("create_curator", "--username=bob", "--email=", stdout=StringIO())
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.django_db
def test_create_curator_without_a_terminal_needs_every_argument():
    with (
        mock.patch("sys.stdin.isatty", return_value=False),
        pytest.raises(CommandError, match="--username"),
    ):
        call_command("create_curator", stdout=StringIO())
    with (
        mock.patch("sys.stdin.isatty", return_value=False),
        pytest.raises(CommandError, match="--password-from-env"),
    ):
        call_command("create_curator", "--username=ann", stdout=StringIO())


@pytest.mark.django_db
def test_create_curator_names_an_unset_password_variable():
    with pytest.raises(CommandError, match="NO_SUCH_VARIABLE"):
        call_command(
            "create_curator",
            "--username=ann",
            "--password-from-env=NO_SUCH_VARIABLE",
            stdout=StringIO(),
        )


@pytest.mark.django_db
def test_create_curator_refuses_a_weak_password():
    with (
        mock.patch.dict(os.environ, {"CURATOR_PASSWORD": "123"}),
        pytest.raises(CommandError, match="Password refused"),
    ):
        call_command("create_curator", "--username=ann", "--password-from-env=CURATOR_PASSWORD")
    assert not User.objects.filter(username="ann").exists()


@pytest.mark.django_db
def test_create_curator_refuses_an_existing_username():
    User.objects.create_user("ann")
    with (
        mock.patch.dict(os.environ, {"CURATOR_PASSWORD": "a-long-unusual-passphrase"}),
        pytest.raises(CommandError, match="'ann' already exists"),
    ):
        call_command("create_curator", "--username=ann", "--password-from-env=CURATOR_PASSWORD")
    assert not User.objects.get(username="ann").is_staff


@pytest.mark.django_db
def test_create_curator_dry_run_creates_nothing():
    out = StringIO()
    with mock.patch.dict(os.environ, {"CURATOR_PASSWORD": "a-long-unusual-passphrase"}):
        call_command(
            "create_curator",
            "--username=ann",
            "--password-from-env=CURATOR_PASSWORD",
            "--dry-run",
            stdout=out,
        )
    assert "Would create curator 'ann'" in out.getvalue()
    assert not User.objects.filter(username="ann").exists()
