"""The admin: every model registered, every page opens, bad input is a form error."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from awards.models import Nomination, NominationTally, Nominee
from filmkb.admin_utils import FactAdmin, ReadOnlyAdmin
from filmkb.dates import PartialDate
from films.models import (
    BoxOfficeFigure,
    Character,
    Credit,
    Film,
    FixtureRecord,
    Genre,
    Language,
    Location,
    MusicWork,
    ProductionEvent,
    SiteState,
    Territory,
    Theme,
    Work,
)
from tests import builders as b
from tests.admin_forms import admin_url, form_data, inline_management

KB_MODELS = [
    model
    for label in ("people", "films", "awards")
    for model in apps.get_app_config(label).get_models()
]


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def some_of_everything(db):
    """A small knowledge base so changelists render rows of every kind."""
    film = b.make_film(name="Her", slug="her")
    credit = b.cite(b.make_credit(film=film))
    review = b.cite(b.make_review(film=film))
    b.make_quote(review)
    b.make_nomination(film=film, nominees=[credit.person])
    b.make_release(film=film)
    b.make_figure(film=film)
    b.make_event(film=film, date=PartialDate(2012, qualifier="mid"))
    b.make_top_ten_entry(film=film)
    b.make_score(film=film)
    person, org = credit.person, b.make_organization()
    person.aliases.create(name="Alias")
    org.aliases.create(name="Org alias")
    b.cite(person.memberships.create(organization=org, role="member"))
    source = b.make_source()
    source.source_authors.create(person=person)
    territory = Territory.objects.create(name="United States", slug="us")
    Location.objects.create(name="Los Angeles", slug="la", territory=territory)
    film.genres.add(Genre.objects.create(name="Drama", slug="drama"))
    film.languages.add(Language.objects.create(name="English", slug="english"))
    theme = Theme.objects.create(name="Loneliness", slug="loneliness")
    work = Work.objects.create(name="Lost in Translation", slug="lost-in-translation")
    music = MusicWork.objects.create(name="The Moon Song", slug="moon-song", kind="song")
    b.cite(film.titles.create(key="t", title="Her", kind="original"))
    b.cite(film.companies.create(key="c", organization=org, role="production"))
    b.cite(film.film_themes.create(key="th", theme=theme))
    b.cite(film.dedications.create(key="d", person=person))
    b.cite(film.related_works.create(key="r", work=work, kind="compared_with"))
    b.cite(film.external_links.create(key="e", site="imdb", identifier="tt1798709"))
    b.cite(b.make_recast(credit, b.make_credit(film=film, character=credit.character)))
    b.cite(film.music.create(key="m", work=music, usage="original_song"))
    b.cite(film.music_credits.create(key="mc", work=music, person=person, role="composer"))
    b.make_disagreement(film)
    b.cite(film.nomination_tallies.create(key="nt", ceremony=b.make_ceremony(), nominations=3))
    SiteState.objects.update(last_reload_at=timezone.now())  # the builders' writes made the row
    FixtureRecord.objects.create(
        model_label="films.film", natural_key="her", digest="0" * 64, loaded_at=timezone.now()
    )
    return film


def test_every_knowledge_base_model_has_an_admin():
    missing = [m._meta.label for m in KB_MODELS if m not in admin.site._registry]
    assert missing == []


def test_every_fact_admin_edits_citations_and_marks_verified():
    for model, model_admin in admin.site._registry.items():
        if any(f.name == "verified_on" for f in model._meta.fields):
            assert isinstance(model_admin, FactAdmin), model._meta.label


def test_every_foreign_key_to_a_large_table_uses_autocomplete():
    large = {m for m in KB_MODELS if m._meta.label_lower not in {"films.sitestate"}}
    for model, model_admin in admin.site._registry.items():
        if model not in KB_MODELS or isinstance(model_admin, ReadOnlyAdmin):
            continue
        for field in model._meta.get_fields():
            if not (field.concrete and (field.many_to_one or field.many_to_many)):
                continue
            if not field.editable or field.related_model not in large:
                continue
            if field.many_to_many and not field.remote_field.through._meta.auto_created:
                continue  # edited through its own inline (e.g. a source's authors)
            assert field.name in model_admin.autocomplete_fields, (
                f"{model._meta.label}.{field.name}"
            )


@pytest.mark.parametrize("model", KB_MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_opens_for_a_superuser(superuser_client, some_of_everything, model):
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", KB_MODELS, ids=lambda m: m._meta.label)
def test_every_add_page_opens_for_a_superuser(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))
    expected = 403 if model in (FixtureRecord, SiteState) else 200
    assert response.status_code == expected


def test_the_change_page_of_every_sample_row_opens_for_a_superuser(
    superuser_client, some_of_everything
):
    opened = 0
    for model in KB_MODELS:
        obj = model._default_manager.first()
        if obj is None:
            continue
        response = superuser_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 200, model._meta.label
        opened += 1
    assert opened >= 50


@pytest.mark.parametrize(
    "model",
    [m for m in KB_MODELS if m not in (FixtureRecord, SiteState)],
    ids=lambda m: m._meta.label,
)
def test_an_empty_add_form_is_answered_with_form_errors_not_a_server_error(superuser_client, model):
    url = admin_url(model, "add")
    data = form_data(superuser_client.get(url))
    data = {key: value for key, value in data.items() if "-" in key}  # management forms only
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]


def test_the_changelist_search_and_filters_answer(superuser_client, some_of_everything):
    b.make_credit(film=some_of_everything, person=b.make_person(name="Joaquin Phoenix"))
    url = admin_url(Credit, "changelist")
    response = superuser_client.get(url, {"q": "Phoenix", "department": "cast", "verified": "no"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_housekeeping_rows_can_be_viewed_but_not_changed(superuser_client, some_of_everything):
    record = FixtureRecord.objects.get()
    assert superuser_client.get(admin_url(FixtureRecord, "change", record.pk)).status_code == 200
    response = superuser_client.post(
        admin_url(FixtureRecord, "change", record.pk), {"model_label": "x"}
    )
    assert response.status_code == 403
    assert FixtureRecord.objects.get().model_label == "films.film"


# --------------------------------------------------------------------------- constraints


def test_a_cast_credit_with_a_crew_job_is_a_form_error(superuser_client):
    film = b.make_film()
    person = b.make_person()
    url = admin_url(Credit, "add")
    data = {
        "film": film.pk,
        "key": "odd-credit",
        "person": person.pk,
        "department": "cast",
        "job": "director",
        "status": "final",
        **inline_management("citations"),
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "Cast credits have the job" in str(response.context["adminform"].form.errors)
    assert not Credit.objects.filter(key="odd-credit").exists()


def test_a_duplicate_fact_key_is_a_form_error(superuser_client):
    credit = b.make_credit(department="directing", job="director", character=None)
    data = {
        "film": credit.film.pk,
        "key": credit.key,
        "person": b.make_person().pk,
        "department": "directing",
        "job": "director",
        "status": "final",
        **inline_management("citations"),
    }
    response = superuser_client.post(admin_url(Credit, "add"), data)
    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors)
    assert Credit.objects.filter(key=credit.key).count() == 1


def test_more_wins_than_nominations_is_a_form_error(superuser_client):
    ceremony = b.make_ceremony()
    data = {
        "film": b.make_film().pk,
        "key": "tally",
        "ceremony": ceremony.pk,
        "nominations": "2",
        "wins": "5",
        **inline_management("citations"),
    }
    response = superuser_client.post(admin_url(NominationTally, "add"), data)
    assert response.status_code == 200
    assert "Wins cannot exceed nominations" in str(response.context["adminform"].form.errors)
    assert not NominationTally.objects.exists()


def test_a_negative_amount_is_a_form_error(superuser_client):
    data = {
        "film": b.make_film().pk,
        "key": "gross",
        "kind": "worldwide",
        "amount": "-5",
        "currency": "USD",
        "qualifier": "exact",
        "order": "0",
        **inline_management("citations"),
    }
    response = superuser_client.post(admin_url(BoxOfficeFigure, "add"), data)
    assert response.status_code == 200
    assert "cannot be negative" in str(response.context["adminform"].form.errors)
    assert not BoxOfficeFigure.objects.exists()


def test_a_nominee_naming_two_subjects_is_an_inline_form_error(superuser_client):
    nomination = b.make_nomination()
    url = admin_url(Nomination, "change", nomination.pk)
    data = form_data(superuser_client.get(url))
    data.update(inline_management("nominees", total=1))
    data.update(
        {
            "nominees-0-person": b.make_person().pk,
            "nominees-0-organization": b.make_organization().pk,
            "nominees-0-order": "0",
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    errors = [
        f.errors for inline in response.context["inline_admin_formsets"] for f in inline.formset
    ]
    assert "exactly one of" in str(errors)
    assert not Nominee.objects.exists()


def test_a_bad_partial_date_is_a_form_error_and_a_natural_one_is_stored(superuser_client):
    film = b.make_film()
    data = {
        "film": film.pk,
        "key": "shoot",
        "kind": "principal_photography",
        "title": "Filming",
        "date": "sometime soon",
        **inline_management("citations"),
    }
    response = superuser_client.post(admin_url(ProductionEvent, "add"), data)
    assert response.status_code == 200
    assert "is not a date" in str(response.context["adminform"].form.errors)

    data["date"] = "mid-2012"
    data["end_date"] = "18 December 2013"
    response = superuser_client.post(admin_url(ProductionEvent, "add"), data)
    assert response.status_code == 302
    event = ProductionEvent.objects.get(key="shoot")
    assert event.date == PartialDate(2012, qualifier="mid")
    assert event.end_date == PartialDate(2013, 12, 18)


# --------------------------------------------------------------------------- reload tracking


def test_rows_edited_after_the_last_reload_are_flagged_and_filtered(superuser_client):
    film = b.make_film()
    edited = b.make_character(film=film, name="Edited")
    loaded = b.make_character(film=film, name="As loaded")
    Character.objects.filter(pk=loaded.pk).update(updated_at=None)  # as a raw fixture load
    SiteState.objects.update(last_reload_at=timezone.now() - datetime.timedelta(hours=1))
    url = admin_url(Character, "changelist")

    changed = superuser_client.get(url, {"changed_since_reload": "yes"})
    unchanged = superuser_client.get(url, {"changed_since_reload": "no"})

    assert [c.pk for c in changed.context["cl"].result_list] == [edited.pk]
    assert [c.pk for c in unchanged.context["cl"].result_list] == [loaded.pk]
    assert "Changed since reload" in changed.content.decode()


def test_view_on_site_links_a_fact_without_a_page_to_its_film(superuser_client):
    credit = b.make_credit(film=b.make_film(name="Her", slug="her"))
    response = superuser_client.get(admin_url(Credit, "change", credit.pk))
    film_url = reverse("films:film", kwargs={"slug": "her"})
    assert f'href="{film_url}"' in response.content.decode()


def test_view_on_site_links_a_character_to_its_own_page(superuser_client):
    character = b.make_character(film=b.make_film(slug="her"), slug="samantha")
    response = superuser_client.get(admin_url(Character, "change", character.pk))
    assert f'href="{character.get_absolute_url()}"' in response.content.decode()


def test_view_on_site_is_left_out_when_the_public_page_is_not_routed():
    model_admin = admin.site._registry[Credit]
    with mock.patch.object(Film, "get_absolute_url", side_effect=NoReverseMatch):
        assert model_admin.view_on_site(Credit(film=Film(slug="her", year=2013))) is None


def test_figures_show_amounts_as_written(superuser_client):
    b.make_figure(amount=Decimal("48300000"))
    response = superuser_client.get(admin_url(BoxOfficeFigure, "changelist"))
    assert "$48.3 million" in response.content.decode()


def test_two_new_credits_with_the_same_billing_order_are_a_form_error(superuser_client):
    film = b.make_film()
    url = admin_url(Film, "change", film.pk)
    data = form_data(superuser_client.get(url))
    data.update(inline_management("credits", total=2))
    for i in range(2):
        data.update(
            {
                f"credits-{i}-person": b.make_person().pk,
                f"credits-{i}-department": "cast",
                f"credits-{i}-job": "actor",
                f"credits-{i}-billing_order": "1",
                f"credits-{i}-status": "final",
                f"credits-{i}-key": f"credit-{i}",
            }
        )
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    errors = [
        inline.formset.non_form_errors() for inline in response.context["inline_admin_formsets"]
    ]
    assert "Credits in row 1 (" in str(errors)
    assert "have the same billing order (1)" in str(errors)
    assert not Credit.objects.exists()

    data["credits-1-billing_order"] = "2"
    assert superuser_client.post(url, data).status_code == 302
    assert sorted(Credit.objects.values_list("billing_order", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Credit, lambda film: b.make_credit(film=film)),
        (Nomination, lambda film: b.make_nomination(film=film)),
        (BoxOfficeFigure, lambda film: b.make_figure(film=film)),
    ],
    ids=["credit", "nomination", "figure"],
)
def test_a_changelist_runs_as_many_queries_for_20_rows_as_for_1(
    superuser_client, model, make, django_assert_num_queries
):
    film = b.make_film()
    make(film)
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as one:
        superuser_client.get(url)
    for _ in range(19):
        make(film)
    # Session, user, savepoint (the changelist runs in a revision), the last reload
    # time (for the changed-since-reload column), total count, filtered count, the
    # page of rows with their related objects joined, release savepoint.
    with django_assert_num_queries(len(one.captured_queries)):
        superuser_client.get(url)
