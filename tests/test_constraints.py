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
    FixtureRecord,
    MusicCredit,
    MusicWork,
    Recast,
    Release,
    Review,
    ReviewQuote,
    SourceAuthor,
    TopTenEntry,
)
from people.models import Membership, OrganizationAlias, PersonAlias
from tests.builders import (
    make_category,
    make_ceremony,
    make_character,
    make_credit,
    make_figure,
    make_film,
    make_music_work,
    make_nomination,
    make_organization,
    make_person,
    make_release,
    make_review,
    make_source,
    make_top_ten_entry,
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


CASES = {
    "film_runtime_positive": (lambda: Film(name="F", slug="f", year=2013, runtime_minutes=0), "running time"),
    "credit_person_xor_organization": (
        lambda: _credit(organization=make_organization()),
        "either a person or a group",
    ),
    "credit_character_only_for_cast": (
        lambda: Credit(
            film=make_film(), key="c", person=make_person(), department="editing",
            job="editor", is_voice=True,
        ),
        "Only cast credits",
    ),
    "credit_cast_job_is_actor": (lambda: _credit(job="editor"), "job 'Actor'"),
    "credit_unique_billing_order": (
        lambda: _copy_of(make_credit(billing_order=1), key="other", character=None),
        "billing order",
    ),
    "credit_unique_key_per_film": (lambda: _copy_of(make_credit(), character=None), "Key"),
    "recast_distinct_credits": (
        lambda: (lambda c: Recast(film=c.film, key="r", replaced=c, replacement=c))(make_credit()),
        "cannot replace themself",
    ),
    "release_superseded_names_successor": (
        lambda: Release(film=make_film(), key="r", kind="limited", status="superseded"),
        "must name the release that replaced it",
    ),
    "release_not_superseded_by_itself": (
        lambda: (lambda r: setattr(r, "superseded_by", r) or r)(make_release()),
        "cannot supersede itself",
    ),
    "boxofficefigure_amount_not_negative": (
        lambda: BoxOfficeFigure(film=make_film(), key="b", kind="budget", amount=Decimal(-1)),
        "cannot be negative",
    ),
    "boxofficefigure_currency_iso": (
        lambda: BoxOfficeFigure(
            film=make_film(), key="b", kind="budget", amount=Decimal(1), currency="usd"
        ),
        "three-letter ISO 4217",
    ),
    "aggregatescore_has_value_or_grade": (
        lambda: AggregateScore(
            film=make_film(), key="a", aggregator=make_organization(), metric="approval"
        ),
        "numeric value or a letter grade",
    ),
    "aggregatescore_value_not_negative": (
        lambda: AggregateScore(
            film=make_film(), key="a", aggregator=make_organization(), metric="approval",
            value=Decimal(-5),
        ),
        "cannot be negative",
    ),
    "review_rating_has_scale": (lambda: _review(rating=Decimal(3)), "needs its scale"),
    "review_rating_within_scale": (
        lambda: _review(rating=Decimal(5), rating_scale=Decimal(4)),
        "between 0 and the scale",
    ),
    "review_has_critic_or_publication": (lambda: _review(critic=None), "critic or the publication"),
    "reviewquote_unique_order": (
        lambda: (lambda r: ReviewQuote(review=r, text="b", order=0))(
            ReviewQuote.objects.create(review=make_review(), text="a", order=0).review
        ),
        "Order",
    ),
    "reviewquote_text_not_empty": (
        lambda: ReviewQuote(review=make_review(), text="", order=0),
        "cannot be blank",
    ),
    "toptenentry_unique_film_per_list": (
        lambda: _copy_of(make_top_ten_entry(rank=1), key="other"),
        "Top ten list",
    ),
    "toptenentry_rank_positive": (
        lambda: _copy_of(make_top_ten_entry(rank=1), key="other", rank=0, top_ten_list=make_top_ten_entry().top_ten_list),
        "Ranks start at 1",
    ),
    "musicwork_track_count_positive": (
        lambda: MusicWork(name="S", slug="s", kind="album", track_count=0),
        "track_count",
    ),
    "musiccredit_person_xor_organization": (
        lambda: MusicCredit(film=make_film(), key="m", work=make_music_work(), role="performer"),
        "either a person or a group",
    ),
    "dedication_unique_person": (
        lambda: (lambda d: Dedication(film=d.film, key="other", person=d.person))(
            Dedication.objects.create(film=make_film(), key="d", person=make_person())
        ),
        "Person",
    ),
    "ceremony_unique_edition_per_body": (
        lambda: (lambda c: Ceremony(name="Again", slug="again", body=c.body, edition=86))(
            make_ceremony(edition=86)
        ),
        "edition",
    ),
    "ceremony_edition_positive": (
        lambda: Ceremony(name="Zero", slug="zero", body=make_organization(), edition=0),
        "numbered from 1",
    ),
    "category_unique_name_per_body": (
        lambda: (lambda c: Category(name=c.name, slug="other", body=c.body))(
            make_category(make_organization())
        ),
        "Name",
    ),
    "nomination_unique_category_per_film": (
        lambda: _copy_of(make_nomination(), key="other"),
        "Category",
    ),
    "nominee_unique_order": (
        lambda: (lambda n: Nominee(nomination=n, order=0, person=make_person()))(
            make_nomination(nominees=[make_person()])
        ),
        "Order",
    ),
    "nominee_exactly_one_subject": (
        lambda: Nominee(nomination=make_nomination(), order=0),
        "exactly one of",
    ),
    "nominationtally_wins_within_nominations": (
        lambda: NominationTally(
            film=make_film(), key="t", ceremony=make_ceremony(), nominations=1, wins=2
        ),
        "Wins cannot exceed",
    ),
    "personalias_unique_name": (
        lambda: (lambda a: PersonAlias(person=a.person, name=a.name))(
            PersonAlias.objects.create(person=make_person(), name="Alias")
        ),
        "Name",
    ),
    "organizationalias_unique_name": (
        lambda: (lambda a: OrganizationAlias(organization=a.organization, name=a.name))(
            OrganizationAlias.objects.create(organization=make_organization(), name="Alias")
        ),
        "Name",
    ),
    "membership_unique_person_organization": (
        lambda: (lambda m: Membership(person=m.person, organization=m.organization))(
            Membership.objects.create(person=make_person(), organization=make_organization())
        ),
        "Organization",
    ),
    "sourceauthor_unique_person": (
        lambda: (lambda a: SourceAuthor(source=a.source, person=a.person, order=1))(
            SourceAuthor.objects.create(source=make_source(), person=make_person())
        ),
        "Person",
    ),
    "character_unique_slug_per_film": (
        lambda: (lambda c: Character(film=c.film, slug=c.slug, name="Other"))(make_character()),
        "Slug",
    ),
    "fixturerecord_unique_row": (
        lambda: (lambda r: FixtureRecord(model_label=r.model_label, natural_key=r.natural_key, digest="y", loaded_at=r.loaded_at))(
            FixtureRecord.objects.create(model_label="films.film", natural_key='["f"]', digest="x", loaded_at=timezone.now())
        ),
        "Natural key",
    ),
    "creditcitation_unique_source": (
        lambda: (lambda c: type(c)(fact=c.fact, source=c.source, order=1))(
            make_credit().citations.create(source=make_source())
        ),
        "Source",
    ),
}

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
