"""The article's awkward cases, built with small builders and read back."""

from decimal import Decimal

import pytest

from awards.models import Nomination
from filmkb.dates import PartialDate
from films.models import BoxOfficeFigure, Credit, ProductionEvent, Release, TopTenEntry
from tests.builders import (
    cite,
    make_credit,
    make_disagreement,
    make_event,
    make_figure,
    make_film,
    make_music_work,
    make_nomination,
    make_person,
    make_recast,
    make_release,
    make_source,
    make_top_ten_entry,
    make_top_ten_list,
)

pytestmark = pytest.mark.django_db


def test_a_release_announced_for_one_date_and_superseded_by_another_reads_back():
    film = make_film()
    actual = make_release(film, date="2013-12-18", theaters=6)
    planned = make_release(
        film,
        date="2013-11-20",
        status=Release.Status.SUPERSEDED,
        superseded_by=actual,
        announced_on="2013-05-21",
    )
    planned.full_clean()

    planned.refresh_from_db()
    assert planned.superseded_by == actual
    assert list(actual.supersedes.all()) == [planned]
    assert planned.date == PartialDate(2013, 11, 20)
    assert str(planned.announced_on) == "21 May 2013"


def test_a_voice_role_recast_from_one_actor_to_another_reads_back():
    film = make_film()
    morton = make_credit(film, is_voice=True, status=Credit.Status.REPLACED)
    johansson = make_credit(film, character=morton.character, is_voice=True)
    recast = make_recast(morton, johansson, date="2013~spring", stage="post-production")

    recast.refresh_from_db()
    assert recast.replaced.person == morton.person
    assert recast.replacement.person == johansson.person
    assert recast.character == johansson.character
    assert str(recast.date) == "spring 2013"
    assert list(morton.character.recasts.all()) == [recast]
    assert f"{johansson.person} replaced {morton.person}" in str(recast)


def test_two_worldwide_grosses_with_different_sources_are_kept_side_by_side_as_disagreeing():
    film = make_film()
    disagreement = make_disagreement(film, subject="Worldwide gross")
    lead = cite(
        make_figure(film, amount=Decimal("48000000"), qualifier="over", disagreement=disagreement),
        make_source(title="Box Office Mojo"),
    )
    body = cite(
        make_figure(film, amount=Decimal("47400000"), disagreement=disagreement),
        make_source(title="The Numbers"),
    )

    members = disagreement.films_boxofficefigure_members.order_by("amount")
    assert list(members) == [body, lead]
    assert {f.citations.get().source.title for f in members} == {"Box Office Mojo", "The Numbers"}
    assert lead.display_amount == "over $48 million"
    assert body.display_amount == "$47.4 million"


def test_a_year_only_date_and_a_month_only_date_keep_their_precision_in_the_database():
    film = make_film()
    make_event(film, key="year", date="2011~late", kind=ProductionEvent.Kind.CASTING)
    make_event(film, key="month", date="2012-04", kind=ProductionEvent.Kind.CASTING)

    by_key = {e.key: e for e in ProductionEvent.objects.filter(film=film)}
    assert str(by_key["year"].date) == "late 2011"
    assert by_key["year"].date.precision == "year"
    assert str(by_key["month"].date) == "April 2012"
    assert by_key["month"].date.precision == "month"
    assert [e.key for e in ProductionEvent.objects.filter(film=film).chronological()] == [
        "year",
        "month",
    ]


def test_an_unranked_top_ten_entry_sits_beside_ranked_ones_and_sorts_last():
    film = make_film()
    first = make_top_ten_entry(film, rank=1)
    unranked = make_top_ten_entry(
        film, make_top_ten_list(ordering="listed_alphabetically"), rank=None
    )
    second = make_top_ten_entry(film, rank=2)

    assert list(TopTenEntry.objects.filter(film=film)) == [first, second, unranked]
    assert str(unranked).endswith("unranked")


def test_a_nomination_with_two_nominees_reads_back_in_order():
    karen, ezra = make_person(name="Karen O"), make_person(name="Ezra Koenig")
    nomination = make_nomination(nominees=[karen, ezra], result=Nomination.Result.NOMINATED)
    song = make_music_work(name="The Moon Song")
    song_nomination = make_nomination(nominees=[song])

    assert [n.subject for n in nomination.nominees.all()] == [karen, ezra]
    assert [n.subject for n in song_nomination.nominees.all()] == [song]


def test_a_fact_citing_two_sources_keeps_both_in_order_with_locators():
    first, second = make_source(), make_source()
    credit = make_credit()
    credit.citations.create(source=first, order=0, locator="para. 2")
    credit.citations.create(source=second, order=1, note="Gives the character's surname.")

    citations = list(credit.citations.select_related("source"))
    assert [c.source for c in citations] == [first, second]
    assert citations[0].locator == "para. 2"
    assert citations[0].natural_key() == (credit.film.slug, credit.key, first.key)


def test_a_film_fact_is_found_again_by_its_natural_key():
    figure = make_figure(kind=BoxOfficeFigure.Kind.BUDGET)
    assert BoxOfficeFigure.objects.get_by_natural_key(*figure.natural_key()) == figure
    citation = cite(figure).citations.get()
    model = type(citation)
    assert model.objects.get_by_natural_key(*citation.natural_key()) == citation


def test_money_renders_with_its_qualifier():
    assert make_figure(amount=Decimal("258000")).display_amount == "$258,000"
    assert make_figure(amount=Decimal("23000000")).display_amount == "$23 million"
    assert make_figure(amount=Decimal("5350000")).display_amount == "$5.35 million"
