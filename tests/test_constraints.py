"""Every named constraint: violated once through full_clean() (a readable message
for the admin and the fixture loader) and once straight into the database."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Category, Ceremony, Nomination, NominationTally, Nominee
from films.models import (
    AggregateScore,
    BoxOfficeFigure,
    Character,
    Credit,
    Dedication,
    Film,
    FilmDescription,
    FixtureRecord,
    MusicCredit,
    MusicWork,
    Quotation,
    Recast,
    Release,
    Review,
    ReviewQuote,
    SourceAuthor,
    SourceSection,
    TopTenEntry,
)
from people.models import Membership, OrganizationAlias, PersonAlias
from tests.builders import (
    make_category,
    make_ceremony,
    make_character,
    make_credit,
    make_event,
    make_figure,
    make_film,
    make_music_work,
    make_nomination,
    make_organization,
    make_person,
    make_release,
    make_review,
    make_score,
    make_source,
    make_top_ten_entry,
    make_top_ten_list,
)

pytestmark = pytest.mark.django_db


def _credit(**kw):
    kw.setdefault("person", make_person())
    kw.setdefault("job", "actor")
    return Credit(film=make_film(), key="c", department="cast", **kw)


def _copy_of(saved, **changes):
    """An unsaved twin of a saved row (no pk), with some fields changed."""
    saved.pk = None
    saved.id = None
    saved._state.adding = True
    for name, value in changes.items():
        setattr(saved, name, value)
    return saved


def _review(**kw):
    kw.setdefault("critic", make_person())
    return Review(film=make_film(), key="r", sentiment="positive", summary="s", **kw)


CASES = {}


def case(constraint, readable):
    """Register a builder of one unsaved row that violates ``constraint``."""

    def register(build):
        CASES[constraint] = (build, readable)
        return build

    return register


@case("film_runtime_positive", "running time")
def _():
    return Film(name="F", slug="f", year=2013, runtime_minutes=0)


@case("credit_person_xor_organization", "either a person or a group")
def _():
    return _credit(organization=make_organization())


@case("credit_character_only_for_cast", "Only cast credits")
def _():
    return Credit(
        film=make_film(),
        key="c",
        person=make_person(),
        department="editing",
        job="editor",
        is_voice=True,
    )


@case("credit_cast_job_is_actor", "job 'Actor'")
def _():
    return _credit(job="editor")


@case("credit_unique_billing_order", "billing order")
def _():
    return _copy_of(make_credit(billing_order=1), key="other", character=None)


@case("credit_unique_key_per_film", "Key")
def _():
    return _copy_of(make_credit(), character=None)


@case("recast_distinct_credits", "cannot replace themself")
def _():
    credit = make_credit()
    return Recast(film=credit.film, key="r", replaced=credit, replacement=credit)


@case("release_superseded_names_successor", "must name the release that replaced it")
def _():
    return Release(film=make_film(), key="r", kind="limited", status="superseded")


@case("release_not_superseded_by_itself", "cannot supersede itself")
def _():
    release = make_release()
    release.superseded_by = release
    return release


@case("boxofficefigure_amount_not_negative", "cannot be negative")
def _():
    return BoxOfficeFigure(film=make_film(), key="b", kind="budget", amount=Decimal(-1))


@case("boxofficefigure_currency_iso", "three-letter ISO 4217")
def _():
    return BoxOfficeFigure(
        film=make_film(), key="b", kind="budget", amount=Decimal(1), currency="usd"
    )


@case("aggregatescore_has_value_or_grade", "numeric value or a letter grade")
def _():
    return AggregateScore(
        film=make_film(), key="a", aggregator=make_organization(), metric="approval"
    )


@case("aggregatescore_value_not_negative", "cannot be negative")
def _():
    return AggregateScore(
        film=make_film(),
        key="a",
        aggregator=make_organization(),
        metric="approval",
        value=Decimal(-5),
    )


@case("review_rating_has_scale", "needs its scale")
def _():
    return _review(rating=Decimal(3))


@case("review_rating_within_scale", "between 0 and the scale")
def _():
    return _review(rating=Decimal(5), rating_scale=Decimal(4))


@case("review_has_critic_or_publication", "critic or the publication")
def _():
    return _review(critic=None)


@case("reviewquote_unique_order", "Order")
def _():
    quote = ReviewQuote.objects.create(review=make_review(), text="a", order=0)
    return ReviewQuote(review=quote.review, text="b", order=0)


@case("reviewquote_text_not_empty", "cannot be blank")
def _():
    return ReviewQuote(review=make_review(), text="", order=0)


@case("toptenentry_unique_film_per_list", "Top ten list")
def _():
    return _copy_of(make_top_ten_entry(rank=1), key="other")


@case("toptenentry_rank_positive", "Ranks start at 1")
def _():
    return TopTenEntry(film=make_film(), key="t", top_ten_list=make_top_ten_list(), rank=0)


@case("musicwork_track_count_positive", "track_count")
def _():
    return MusicWork(name="S", slug="s", kind="album", track_count=0)


@case("musiccredit_person_xor_organization", "either a person or a group")
def _():
    return MusicCredit(film=make_film(), key="m", work=make_music_work(), role="performer")


@case("dedication_unique_person", "Person")
def _():
    dedication = Dedication.objects.create(film=make_film(), key="d", person=make_person())
    return Dedication(film=dedication.film, key="other", person=dedication.person)


@case("ceremony_unique_edition_per_body", "edition")
def _():
    ceremony = make_ceremony(edition=86)
    return Ceremony(name="Again", slug="again", body=ceremony.body, edition=86)


@case("ceremony_edition_positive", "numbered from 1")
def _():
    return Ceremony(name="Zero", slug="zero", body=make_organization(), edition=0)


@case("category_unique_name_per_body", "Name")
def _():
    category = make_category(make_organization())
    return Category(name=category.name, slug="other", body=category.body)


@case("nomination_unique_category_per_film", "Category")
def _():
    return _copy_of(make_nomination(), key="other")


@case("nominee_unique_order", "Order")
def _():
    nomination = make_nomination(nominees=[make_person()])
    return Nominee(nomination=nomination, order=0, person=make_person())


@case("nominee_exactly_one_subject", "exactly one of")
def _():
    return Nominee(nomination=make_nomination(), order=0)


@case("nominationtally_wins_within_nominations", "Wins cannot exceed")
def _():
    return NominationTally(
        film=make_film(), key="t", ceremony=make_ceremony(), nominations=1, wins=2
    )


@case("personalias_unique_name", "Name")
def _():
    alias = PersonAlias.objects.create(person=make_person(), name="Alias")
    return PersonAlias(person=alias.person, name=alias.name)


@case("organizationalias_unique_name", "Name")
def _():
    alias = OrganizationAlias.objects.create(organization=make_organization(), name="Alias")
    return OrganizationAlias(organization=alias.organization, name=alias.name)


@case("membership_unique_person_organization", "Organization")
def _():
    membership = Membership.objects.create(person=make_person(), organization=make_organization())
    return Membership(person=membership.person, organization=membership.organization)


@case("sourceauthor_unique_person", "Person")
def _():
    author = SourceAuthor.objects.create(source=make_source(), person=make_person())
    return SourceAuthor(source=author.source, person=author.person, order=1)


@case("character_unique_slug_per_film", "Slug")
def _():
    character = make_character()
    return Character(film=character.film, slug=character.slug, name="Other")


@case("fixturerecord_unique_row", "Natural key")
def _():
    record = FixtureRecord.objects.create(
        model_label="films.film", natural_key='["f"]', digest="x", loaded_at=timezone.now()
    )
    return FixtureRecord(
        model_label=record.model_label,
        natural_key=record.natural_key,
        digest="y",
        loaded_at=record.loaded_at,
    )


@case("creditcitation_unique_source", "Source")
def _():
    citation = make_credit().citations.create(source=make_source())
    return type(citation)(fact=citation.fact, source=citation.source, order=1)


def _quotation(**kw):
    kw.setdefault("speaker_person", make_person())
    kw.setdefault("text", "Said once.")
    return Quotation(film=make_film(), key="q", about="a thing", **kw)


@case("quotation_speaker_person_xor_organization", "Name the speaker")
def _():
    return _quotation(speaker_organization=make_organization())


@case("quotation_belongs_to_at_most_one_fact", "belongs to at most one fact")
def _():
    return _quotation(production_event=make_event(), aggregate_score=make_score())


@case("quotation_text_not_empty", "cannot be blank")
def _():
    return _quotation(text="")


@case("filmdescription_label_not_empty", "cannot be blank")
def _():
    return FilmDescription(film=make_film(), key="d", kind="genre", label="")


def _section(**kw):
    source = make_source()
    SourceSection.objects.create(source=source, slug="lead", title="Lead", order=0)
    kw.setdefault("slug", "plot")
    kw.setdefault("order", 1)
    return SourceSection(source=source, title="Plot", **kw)


@case("sourcesection_unique_slug", "already exists")
def _():
    return _section(slug="lead")


@case("sourcesection_unique_order", "already exists")
def _():
    return _section(order=0)


GENERIC_KEY_CONSTRAINTS = {  # the same film_key_constraint() on every fact model
    name
    for model in apps.get_models()
    for constraint in model._meta.constraints
    if (name := constraint.name).endswith("_unique_key_per_film")
}
GENERIC_CITATION_CONSTRAINTS = {  # the same citation_model() constraint on every citation table
    constraint.name
    for model in apps.get_models()
    for constraint in model._meta.constraints
    if constraint.name.endswith("citation_unique_source")
}


def test_every_named_constraint_has_a_violation_case():
    all_names = {c.name for m in apps.get_models() for c in m._meta.constraints}
    specific = all_names - GENERIC_KEY_CONSTRAINTS - GENERIC_CITATION_CONSTRAINTS
    assert specific - set(CASES) == set()
    assert "credit_unique_key_per_film" in CASES  # one representative of the generic key rule
    assert "creditcitation_unique_source" in CASES  # one representative of the citation rule


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_violated_constraint_gets_a_readable_error_and_the_database_refuses_it(name):
    build, readable = CASES[name]
    instance = build()

    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    assert readable.lower() in str(excinfo.value).lower()

    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_a_nomination_in_a_category_of_another_body_is_refused():
    nomination = make_nomination()
    nomination.category = make_category(make_organization())
    with pytest.raises(ValidationError, match="another award body"):
        nomination.full_clean()


def test_a_credit_for_a_character_of_another_film_is_refused():
    credit = make_credit()
    credit.character = make_character()
    with pytest.raises(ValidationError, match="another film"):
        credit.full_clean()


def test_a_release_with_an_unknown_format_is_refused():
    release = make_release(formats="dvd, laserdisc")
    with pytest.raises(ValidationError, match="laserdisc"):
        release.full_clean()
    assert release.get_formats_display() == ["DVD", "laserdisc"]


def test_a_box_office_figure_is_valid_with_defaults():
    make_figure().full_clean()
    assert Nomination.Result.WON.label == "Won"
    assert TopTenEntry._meta.verbose_name_plural == "top-ten entries"
