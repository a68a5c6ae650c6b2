"""A tidy admin: grouped index without the inline-only tables, credits in billing
order, errors naming the rows in conflict, styled 403 and 404 pages with a way back."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from filmkb.admin_utils import ADMIN_GROUPS, HiddenFromIndex
from films.models import Credit, CreditCitation, Film, SourceAuthor
from people.models import PersonAlias
from tests import builders as b
from tests.admin_forms import admin_url, form_data, inline_management

pytestmark = pytest.mark.django_db


def index_models(response):
    return {
        (app["name"], model["object_name"].lower())
        for app in response.context["app_list"]
        for model in app["models"]
    }


def test_the_index_leaves_out_tables_edited_inline_and_groups_the_rest(curator_client):
    response = curator_client.get(reverse("admin:index"))
    assert response.status_code == 200
    listed = index_models(response)
    names = {name for _, name in listed}
    assert not any(name.endswith("citation") for name in names)
    assert not names & {
        "sourceauthor",
        "personalias",
        "organizationalias",
        "reviewquote",
        "nominee",
    }
    assert len(names) <= 40  # from 59
    page = response.content.decode()
    groups = [
        "People and organizations",
        "Sources",
        "The film and its credits",
        "Release and box office",
        "Reception",
        "Awards",
    ]
    positions = [page.index(f">{group}</a>") for group in groups]
    assert positions == sorted(positions)
    assert "Top-ten lists" in page
    assert "Companies of a film (production, distribution)" in page


def test_hidden_tables_still_open_and_edit_for_curators(curator_client):
    citation = b.cite(b.make_credit()).citations.get()
    assert curator_client.get(admin_url(CreditCitation, "change", citation.pk)).status_code == 200
    assert curator_client.get(admin_url(SourceAuthor, "changelist")).status_code == 200
    assert curator_client.get(admin_url(PersonAlias, "changelist")).status_code == 200


def test_every_registered_knowledge_base_model_is_on_the_index_or_inline_on_its_owner():

    grouped = {f"{app}.{name}" for app, _, names in ADMIN_GROUPS for name in names}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if model._meta.app_label not in {"people", "films", "awards"}:
            continue
        hidden = isinstance(model_admin, HiddenFromIndex)
        assert (label in grouped) != hidden, label


def test_credits_are_listed_in_billing_order_billed_first(curator_client):
    film = b.make_film()
    third = b.make_credit(film=film, billing_order=3)
    unbilled = b.make_credit(film=film, department="directing", job="director", character=None)
    first = b.make_credit(film=film, billing_order=1)
    changelist = curator_client.get(admin_url(Credit, "changelist"))
    assert list(changelist.context["cl"].result_list) == [first, third, unbilled]
    form = curator_client.get(admin_url(Film, "change", film.pk))
    [credits] = [i for i in form.context["inline_admin_formsets"] if i.formset.prefix == "credits"]
    assert [f.instance for f in credits.formset.forms] == [first, third, unbilled]
    assert next(iter(credits.fields()))["name"] == "billing_order"  # the first column


def test_a_duplicate_billing_order_names_both_rows_and_marks_them(curator_client):
    film = b.make_film()
    joaquin = b.make_person(name="Joaquin Phoenix")
    b.make_credit(film=film, person=joaquin, billing_order=1)
    b.make_credit(film=film, billing_order=2)
    url = admin_url(Film, "change", film.pk)
    data = form_data(curator_client.get(url))
    amy = b.make_person(name="Amy Adams")
    data.update(inline_management("credits", total=3, initial=2))
    data.update(
        {
            "credits-2-person": amy.pk,
            "credits-2-department": "cast",
            "credits-2-job": "actor",
            "credits-2-billing_order": "1",
            "credits-2-status": "final",
            "credits-2-key": "cast-amy-adams",
        }
    )

    response = curator_client.post(url, data)

    assert response.status_code == 200
    [credits] = [
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.prefix == "credits"
    ]
    message = " ".join(credits.non_form_errors())
    assert "row 1 (Joaquin Phoenix" in message
    assert "row 3 (Amy Adams" in message
    assert "have the same billing order (1)" in message
    assert [bool(f.non_field_errors()) for f in credits.forms] == [True, False, True]
    assert "Same billing order (1) as another row here." in credits.forms[2].non_field_errors()
    assert Credit.objects.count() == 2


@pytest.mark.parametrize("model", [User, Group])
def test_the_403_page_is_styled_and_offers_a_way_back(curator_client, model):
    response = curator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not allowed</h1>" in page
    assert 'href="/static/css/site.css"' in page or "site.css" in page
    assert f'href="{reverse("admin:index")}"' in page
    assert f'href="{reverse("films:home")}"' in page


def test_the_404_page_offers_the_admin_to_staff_and_the_home_page_to_everyone(
    client, curator_client
):
    anonymous = client.__class__().get("/no-such-page/")
    assert anonymous.status_code == 404
    page = anonymous.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert f'href="{reverse("films:home")}"' in page
    assert reverse("admin:index") not in page

    staff = curator_client.get(reverse("admin:index") + "films/no-such-model/")
    assert staff.status_code == 404
    assert f'href="{reverse("admin:index")}"' in staff.content.decode()
