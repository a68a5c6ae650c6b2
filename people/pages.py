"""Page assembly for people and organizations: which rows each page shows.

Each function fetches one person or organization with every row its page
shows (one query per table, whatever the number of rows), registers the facts
in the order the template renders them, and returns the template context.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from awards.models import Nominee
from filmkb.listing import PER_PAGE
from filmkb.relations import prefetch_compiled, prefetch_present
from films.citations import CitationIndex, attach_citations, cited_facts
from films.models import (
    AggregateScore,
    Credit,
    Dedication,
    FilmCompany,
    MusicCredit,
    ProductionEvent,
    Quotation,
    Release,
    Review,
    Source,
    TopTenList,
)
from people.models import Membership, Organization, Person


def _facts(relation, model, *related, **options):
    """A person's or organization's facts of one kind; their citations are attached
    afterwards, for every kind at once (``attach_citations``)."""
    return cited_facts(relation, model, *related, citations=False, **options)


def _nominees():
    return _facts(
        "nominations",
        Nominee,
        "nomination__film",
        "nomination__ceremony",
        "nomination__category",
        "nomination__disagreement__film",
    )


def _quotations():
    """Words the person or organization said, with the film they are about."""
    return _facts(
        "quotations",
        Quotation,
        "film",
        "speaker_person",
        "speaker_organization",
        order_by=["film_id", "order", "id"],
    )


def _sources(relation):
    return Prefetch(relation, queryset=Source.objects.select_related("publication"))


def group_credits(credits):
    """(department label, credits) pairs in the departments' order."""
    groups = {}
    labels = dict(Credit.Department.choices)
    for credit in credits:
        groups.setdefault(credit.department, []).append(credit)
    order = list(labels)
    return [(labels[d], groups[d]) for d in sorted(groups, key=order.index)]


@dataclass
class FilmographyRow:
    """One film of a person's filmography with every role on it, by department."""

    film: object
    departments: list  # (department label, credits)

    @property
    def credits(self):
        return [credit for _, credits in self.departments for credit in credits]


def filmography(credits):
    """One row per film, in the credits' order, with the roles grouped by department."""
    by_film = {}
    for credit in credits:
        by_film.setdefault(credit.film_id, []).append(credit)
    return [FilmographyRow(rows[0].film, group_credits(rows)) for rows in by_film.values()]


def person_relations():
    """Every row a person's page shows, by relation (one query per table, each compiled
    once per process: ``filmkb.relations.prefetch_compiled``)."""
    return [
        "aliases",
        _facts("credits", Credit, "film", "character__film"),
        _facts("music_credits", MusicCredit, "film", "work"),
        _facts("reviews", Review, "film", "publication"),
        _sources("sources_written"),
        Prefetch("top_ten_lists", queryset=TopTenList.objects.select_related("publication")),
        _nominees(),
        _facts("production_events", ProductionEvent, "film"),
        _facts("dedications", Dedication, "film"),
        _facts("memberships", Membership, "organization"),
        _quotations(),
        "characters_based_on__film",
        "works",
    ]


def person(slug):
    person = get_object_or_404(Person, slug=slug)
    prefetch_compiled(person, person_relations(), page="person")
    attach_citations(
        [
            *person.credits.all(),
            *person.memberships.all(),
            *person.music_credits.all(),
            *person.reviews.all(),
            *(nominee.nomination for nominee in person.nominations.all()),
            *person.production_events.all(),
            *person.dedications.all(),
            *person.quotations.all(),
        ]
    )
    index = CitationIndex()
    credits = sorted(person.credits.all(), key=lambda c: (c.film.year, c.film.name, c.pk))
    memberships = index.add_all(list(person.memberships.all()))
    films = filmography(credits)
    for row in films:
        index.add_all(row.credits)
    music_credits = index.add_all(list(person.music_credits.all()))
    reviews = index.add_all(list(person.reviews.all()))
    nominations = index.add_all([n.nomination for n in person.nominations.all()])
    events = index.add_all(
        sorted(
            person.production_events.all(), key=lambda e: e.date.sort_key() if e.date else (1e4,)
        )
    )
    dedications = index.add_all(list(person.dedications.all()))
    credited_films = {c.film_id for c in credits}
    quoted = index.add_all(list(person.quotations.all()))
    return {
        "object": person,
        "citations": index,
        "memberships": memberships,
        "filmography": films,
        "music_credits": music_credits,
        "reviews": reviews,
        "nominations": nominations,
        "events": events,
        "dedications": dedications,
        "quotations": quoted,
        "sources": list(person.sources_written.all()),
        "top_ten_lists": list(person.top_ten_lists.all()),
        # A work that is a film of the knowledge base the person has a credit on is
        # already listed with the credit; "Other works" never repeats it.
        "other_works": [w for w in person.works.all() if w.film_id not in credited_films],
    }


def organization_relations():
    """What an organization's page shows, by role: fetched only where it holds rows
    (``filmkb.relations.prefetch_present``), one query per relation that does."""
    return [
        "aliases",
        "children",
        _facts("film_roles", FilmCompany, "film", prefetch=["territories"]),
        _facts("distributed_releases", Release, "film", "territory"),
        _facts("festival_screenings", Release, "film", "territory"),
        _sources("sources_published"),
        _sources("sources_as_publisher"),
        _facts("reviews", Review, "film", "critic"),
        "ceremonies",
        "award_categories",
        _facts("aggregate_scores", AggregateScore, "film"),
        _facts("credits", Credit, "film", "character__film"),
        _facts("music_credits", MusicCredit, "film", "work"),
        _facts("memberships", Membership, "person"),
        "top_ten_lists",
        _nominees(),
        _facts("production_events", ProductionEvent, "film"),
        _quotations(),
        "works",
    ]


# A publication's sources and reviews grow with the knowledge base: its page shows the
# first of them and links to the source and review lists filtered to it.
ORGANIZATION_LIMITS = {"sources_published": PER_PAGE, "reviews": PER_PAGE}


def organization(slug):
    org = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    cut = prefetch_present(
        org, organization_relations(), page="organization", limits=ORGANIZATION_LIMITS
    )
    attach_citations(
        [
            *org.film_roles.all(),
            *org.distributed_releases.all(),
            *org.festival_screenings.all(),
            *org.reviews.all(),
            *org.aggregate_scores.all(),
            *org.credits.all(),
            *org.music_credits.all(),
            *org.memberships.all(),
            *(nominee.nomination for nominee in org.nominations.all()),
            *org.production_events.all(),
            *org.quotations.all(),
        ]
    )
    index = CitationIndex()
    roles = {}
    for company in org.film_roles.all():
        roles.setdefault(company.get_role_display(), []).append(company)
    for companies in roles.values():
        index.add_all(companies)
    distributed = index.add_all(list(org.distributed_releases.all()))
    screenings = index.add_all(list(org.festival_screenings.all()))
    reviews = index.add_all(list(org.reviews.all()))
    scores = index.add_all(list(org.aggregate_scores.all()))
    credits = index.add_all(list(org.credits.all()))
    music_credits = index.add_all(list(org.music_credits.all()))
    memberships = index.add_all(list(org.memberships.all()))
    nominations = index.add_all([n.nomination for n in org.nominations.all()])
    events = index.add_all(list(org.production_events.all()))
    credited_films = {c.film_id for c in credits} | {c.film_id for c in org.film_roles.all()}
    quoted = index.add_all(list(org.quotations.all()))
    return {
        "object": org,
        "citations": index,
        "roles": sorted(roles.items()),
        "distributed": distributed,
        "screenings": screenings,
        "sources": list(org.sources_published.all()),
        "sources_as_publisher": list(org.sources_as_publisher.all()),
        "reviews": reviews,
        "ceremonies": list(org.ceremonies.all()),
        "categories": list(org.award_categories.all()),
        "scores": scores,
        "credits": credits,
        "music_credits": music_credits,
        "memberships": memberships,
        "top_ten_lists": list(org.top_ten_lists.all()),
        "other_works": [w for w in org.works.all() if w.film_id not in credited_films],
        "nominations": nominations,
        "events": events,
        "quotations": quoted,
        "more_sources": "sources_published" in cut,
        "more_reviews": "reviews" in cut,
    }
