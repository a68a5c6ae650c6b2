"""Public pages about people and organizations."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from awards.models import Nomination, Nominee
from filmkb import jsonld
from filmkb.listing import filtered_page, render_listing
from films.citations import CitationIndex, cited
from films.models import (
    AggregateScore,
    Credit,
    Dedication,
    FilmCompany,
    MusicCredit,
    ProductionEvent,
    Release,
    Review,
    Source,
    TopTenList,
)
from people.filters import OrganizationFilter, PersonFilter
from people.models import Membership, Organization, Person


def _facts(relation, model, *related, prefetch=()):
    if any(f.name == "disagreement" for f in model._meta.fields):
        related = (*related, "disagreement__film")  # linked by the cites tag, no query
    return Prefetch(
        relation,
        queryset=model.objects.select_related(*related).prefetch_related(
            cited("", model), *prefetch
        ),
    )


def _nominees(relation):
    return Prefetch(
        relation,
        queryset=Nominee.objects.select_related(
            "nomination__film", "nomination__ceremony", "nomination__category"
        ).prefetch_related(cited("nomination", Nomination)),
    )


def _sources(relation):
    return Prefetch(relation, queryset=Source.objects.select_related("publication"))


def _group_credits(credits):
    groups = {}
    labels = dict(Credit.Department.choices)
    for credit in credits:
        groups.setdefault(credit.department, []).append(credit)
    order = list(labels)
    return [(labels[d], groups[d]) for d in sorted(groups, key=order.index)]


@require_safe
def person_list(request):
    listing = filtered_page(request, PersonFilter, Person.objects.for_list())
    return render_listing(request, "people/person_list.html", listing)


def person_detail_queryset():
    """A person with every row their page shows (one query per table)."""
    return Person.objects.prefetch_related(
        "aliases",
        _facts("credits", Credit, "film", "character__film"),
        _facts("music_credits", MusicCredit, "film", "work"),
        _facts("reviews", Review, "film", "publication", prefetch=["quotes"]),
        _sources("sources_written"),
        Prefetch(
            "top_ten_lists",
            queryset=TopTenList.objects.select_related("publication"),
        ),
        _nominees("nominations"),
        _facts("production_events", ProductionEvent, "film"),
        _facts("dedications", Dedication, "film"),
        _facts("memberships", Membership, "organization"),
        "characters_based_on__film",
        "works",
    )


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(person_detail_queryset(), slug=slug)
    index = CitationIndex()
    credits = sorted(person.credits.all(), key=lambda c: (c.film.year, c.film.name, c.pk))
    memberships = index.add_all(list(person.memberships.all()))
    index.add_all(credits)
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
    context = {
        "object": person,
        "citations": index,
        "memberships": memberships,
        "credit_groups": _group_credits(credits),
        "music_credits": music_credits,
        "reviews": reviews,
        "nominations": nominations,
        "events": events,
        "dedications": dedications,
        "sources": list(person.sources_written.all()),
        "top_ten_lists": list(person.top_ten_lists.all()),
        # A work that is a film of the knowledge base the person has a credit on is
        # already listed with the credit; "Other works" never repeats it.
        "other_works": [w for w in person.works.all() if w.film_id not in credited_films],
        "jsonld": jsonld.person(request, person),
    }
    return render(request, "people/person_detail.html", context)


@require_safe
def organization_list(request):
    listing = filtered_page(request, OrganizationFilter, Organization.objects.all())
    return render_listing(request, "people/organization_list.html", listing)


def organization_detail_queryset():
    """An organization with every row its page shows, by role (one query per table)."""
    return Organization.objects.select_related("parent").prefetch_related(
        "aliases",
        "children",
        _facts("film_roles", FilmCompany, "film", prefetch=["territories"]),
        _facts("distributed_releases", Release, "film", "territory"),
        _facts("festival_screenings", Release, "film", "territory"),
        _sources("sources_published"),
        _sources("sources_as_publisher"),
        _facts("reviews", Review, "film", "critic"),
        Prefetch("ceremonies", queryset=Organization.ceremonies.rel.related_model.objects.all()),
        "award_categories",
        _facts("aggregate_scores", AggregateScore, "film"),
        _facts("credits", Credit, "film", "character__film"),
        _facts("music_credits", MusicCredit, "film", "work"),
        _facts("memberships", Membership, "person"),
        "top_ten_lists",
        _nominees("nominations"),
        _facts("production_events", ProductionEvent, "film"),
        "works",
    )


@require_safe
def organization_detail(request, slug):
    org = get_object_or_404(organization_detail_queryset(), slug=slug)
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
    context = {
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
        "jsonld": jsonld.organization(request, org),
    }
    return render(request, "people/organization_detail.html", context)
