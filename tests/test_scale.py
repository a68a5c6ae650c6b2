"""The synthetic archive generator (films.scale) and its commands, on small numbers."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from awards.models import Nomination, Nominee
from films import scale
from films.fixture_layout import SYNTHETIC_PREFIX
from films.models import (
    Character,
    Credit,
    CreditCitation,
    Film,
    Release,
    Review,
    ReviewQuote,
    SiteState,
    Source,
    TopTenEntry,
)
from films.sync import curated_rows, synthetic_lookup
from people.models import Organization, Person
from tests.builders import cite, make_credit, make_film, make_person

SMALL = {"films": 5, "people": 20, "credits": 100}


def snapshot():
    """Every synthetic row's content without database ids, to compare two runs."""
    films = Film.objects.filter(slug__startswith=scale.SYNTHETIC_PREFIX)
    return {
        "films": list(films.order_by("slug").values_list("slug", "name", "year", "synopsis")),
        "people": list(
            Person.objects.filter(slug__startswith=scale.SYNTHETIC_PREFIX)
            .order_by("slug")
            .values_list("slug", "name")
        ),
        "credits": list(
            Credit.objects.filter(film__in=films)
            .order_by("film__slug", "key")
            .values_list("film__slug", "key", "person__slug", "job", "character__slug")
        ),
        "reviews": list(
            Review.objects.filter(film__in=films)
            .order_by("film__slug", "key")
            .values_list("film__slug", "key", "critic__slug", "rating", "summary")
        ),
        "citations": list(
            CreditCitation.objects.filter(fact__film__in=films)
            .order_by("fact__film__slug", "fact__key", "source__key")
            .values_list("fact__film__slug", "fact__key", "source__key")
        ),
    }


def wipe_synthetic():
    scale.remove()


@pytest.mark.django_db
def test_generate_writes_the_requested_films_people_and_credits():
    counts = scale.generate(**SMALL, seed=1)

    assert counts["films"] == 5
    assert counts["people"] == 20
    assert counts["credits"] == 100
    assert Credit.objects.filter(film__slug__startswith="synthetic-").count() == 100


@pytest.mark.django_db
def test_every_film_gets_the_article_shaped_facts():
    counts = scale.generate(**SMALL, seed=1)
    per_film = scale.PER_FILM

    assert counts["releases"] == 5 * per_film["releases"]
    assert counts["box_office"] == 5 * per_film["box_office"]
    assert counts["aggregate_scores"] == 5 * per_film["aggregate_scores"]
    assert counts["reviews"] == 5 * per_film["reviews"]
    assert counts["quotes"] == 5 * per_film["reviews"] * per_film["quotes_per_review"]
    assert counts["nominations"] == 5 * per_film["nominations"]
    assert counts["nominees"] == 5 * 10
    assert counts["production_events"] == 5 * per_film["production_events"]
    assert counts["sources"] == 5 * per_film["sources"]
    assert counts["top_ten_entries"] == 5 * min(per_film["top_ten_entries"], 5)
    assert counts["characters"] > 0
    film = Film.objects.get(slug=scale.synthetic("film", 0))
    assert film.credits.cast().exists()
    assert film.credits.crew().exists()


@pytest.mark.django_db
def test_every_synthetic_fact_is_cited():
    scale.generate(**SMALL, seed=1)

    uncited = (
        Credit.objects.filter(film__slug__startswith="synthetic-", citations__isnull=True)
        .union(Release.objects.filter(film__slug__startswith="synthetic-", citations__isnull=True))
        .union(Review.objects.filter(film__slug__startswith="synthetic-", citations__isnull=True))
    )
    assert not uncited.exists()
    assert not Nomination.objects.filter(citations__isnull=True).exists()


@pytest.mark.django_db
def test_credits_are_spread_evenly_when_they_do_not_divide():
    scale.generate(films=3, people=10, credits=10, seed=1)

    per_film = sorted(
        Film.objects.filter(slug__startswith="synthetic-").values_list("credits__film", flat=True)
    )
    counts = sorted(per_film.count(pk) for pk in set(per_film))
    assert counts == [3, 3, 4]


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows():
    scale.generate(**SMALL, seed=7)
    first = snapshot()
    wipe_synthetic()
    scale.generate(**SMALL, seed=7)

    assert snapshot() == first


@pytest.mark.django_db
def test_another_seed_writes_different_rows():
    scale.generate(**SMALL, seed=7)
    first = snapshot()
    wipe_synthetic()
    scale.generate(**SMALL, seed=8)

    assert snapshot() != first


@pytest.mark.django_db
def test_a_sample_of_synthetic_rows_passes_full_clean():
    scale.generate(**SMALL, seed=1)
    films = Film.objects.filter(slug__startswith="synthetic-")

    samples = [
        films.first(),
        Person.objects.filter(slug__startswith="synthetic-").first(),
        Organization.objects.filter(slug__startswith="synthetic-").first(),
        Source.objects.filter(key__startswith="synthetic-").first(),
        *Credit.objects.filter(film__in=films).order_by("?")[:10],
        Character.objects.filter(film__in=films).first(),
        *Release.objects.filter(film__in=films)[:3],
        *Review.objects.filter(film__in=films)[:3],
        ReviewQuote.objects.filter(review__film__in=films).first(),
        TopTenEntry.objects.filter(film__in=films).first(),
        *Nomination.objects.filter(film__in=films)[:3],
        Nominee.objects.filter(nomination__film__in=films).first(),
    ]
    for obj in samples:
        obj.full_clean()


@pytest.mark.django_db
def test_remove_deletes_every_synthetic_row_and_leaves_curated_data_untouched():
    curated_film = make_film(name="Her", slug="her")
    curated_person = make_person(name="Spike Jonze", slug="spike-jonze")
    credit = cite(make_credit(film=curated_film, person=curated_person))
    before = {
        "films": Film.objects.count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "sources": Source.objects.count(),
        "credits": Credit.objects.count(),
        "citations": CreditCitation.objects.count(),
    }
    scale.generate(**SMALL, seed=1)

    deleted = scale.remove(batch_size=2)

    assert sum(deleted.values()) > 0
    assert all(value == 0 for value in scale.synthetic_counts().values())
    assert {
        "films": Film.objects.count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "sources": Source.objects.count(),
        "credits": Credit.objects.count(),
        "citations": CreditCitation.objects.count(),
    } == before
    credit.refresh_from_db()
    assert model_to_dict(credit)["person"] == curated_person.pk


@pytest.mark.django_db
def test_generate_and_remove_each_bump_the_knowledge_base_version_once():
    SiteState.objects.create(version=5)

    scale.generate(**SMALL, seed=1)
    assert SiteState.objects.get().version == 6

    scale.remove()
    assert SiteState.objects.get().version == 7


@pytest.mark.django_db
def test_generate_refuses_when_synthetic_data_is_already_there():
    scale.generate(**SMALL, seed=1)

    with pytest.raises(ValueError, match="already present"):
        scale.generate(**SMALL, seed=1)


@pytest.mark.django_db
def test_the_command_generates_then_removes_and_reports_counts():
    out = StringIO()
    call_command(
        "generate_scale_data", films=2, people=5, credits=12, seed=3, stdout=out, stderr=StringIO()
    )
    assert "Generated: 2 films, 5 people" in out.getvalue()
    assert "12 credits" in out.getvalue()
    assert Film.objects.filter(slug__startswith="synthetic-").count() == 2

    out = StringIO()
    call_command("remove_scale_data", stdout=out, stderr=StringIO())
    assert "Removed" in out.getvalue()
    assert not Film.objects.filter(slug__startswith="synthetic-").exists()


@pytest.mark.django_db
def test_the_command_with_dry_run_writes_nothing():
    out = StringIO()
    call_command("generate_scale_data", films=2, people=5, credits=12, dry_run=True, stdout=out)

    assert "nothing written" in out.getvalue()
    assert not Film.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_bad_numbers_and_a_second_run():
    with pytest.raises(CommandError, match="--films"):
        call_command("generate_scale_data", films=0, people=5, credits=1, stdout=StringIO())

    call_command(
        "generate_scale_data", films=1, people=2, credits=2, stdout=StringIO(), stderr=StringIO()
    )
    with pytest.raises(CommandError, match="remove"):
        call_command(
            "generate_scale_data",
            films=1,
            people=2,
            credits=2,
            stdout=StringIO(),
            stderr=StringIO(),
        )


@pytest.mark.django_db
def test_a_reload_and_an_export_leave_synthetic_scale_data_alone(tmp_path):
    make_person(name="Curated Person", slug="curated-person")
    call_command("export_fixtures", output=str(tmp_path), stdout=StringIO())
    call_command(
        "generate_scale_data",
        films=2,
        people=5,
        credits=10,
        seed=1,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    synthetic_people = Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    synthetic_credits = Credit.objects.filter(key__startswith=SYNTHETIC_PREFIX).count()
    assert synthetic_people and synthetic_credits

    out = StringIO()
    call_command("reload_fixtures", *sorted(map(str, tmp_path.rglob("*.json"))), stdout=out)

    assert Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count() == synthetic_people
    assert Credit.objects.filter(key__startswith=SYNTHETIC_PREFIX).count() == synthetic_credits
    assert synthetic_lookup(CreditCitation) == "fact__key"
    assert not curated_rows(Credit).filter(key__startswith=SYNTHETIC_PREFIX).exists()
    exported = tmp_path / "again"
    call_command("export_fixtures", output=str(exported), stdout=StringIO())
    assert SYNTHETIC_PREFIX not in "".join(p.read_text() for p in exported.rglob("*.json"))
