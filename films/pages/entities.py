"""The pages of the films app's entities and single facts: which rows each shows.

Each function fetches one object with what its page shows in a fixed number of
queries, registers the facts in the order the template renders them, and
returns the template context. An unknown slug or key raises ``Http404``.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from awards.models import Nominee
from filmkb.prepared import TEXT, Prepared
from filmkb.relations import set_prefetched
from films.citations import CitationIndex
from films.models import (
    BoxOfficeFigure,
    Character,
    Credit,
    Disagreement,
    Film,
    FilmCompany,
    FilmMusic,
    FilmTheme,
    Genre,
    Language,
    Location,
    MusicCredit,
    MusicWork,
    ProductionEvent,
    Quotation,
    RelatedWork,
    Release,
    Review,
    Source,
    Territory,
    Theme,
    TopTenEntry,
    TopTenList,
    Work,
)
from films.pages.facts import disagreement_members, facts_citing
from films.pages.linked import Linked, fetch_linked, one_or_404, own_list

# The quotations shown on a fact's page, with their speakers.
SPEAKERS = ("speaker_person", "speaker_organization")
QUOTATION_ORDER = ("order", "id")


def _quotations(link):
    return Linked(Quotation, link, SPEAKERS, order_by=QUOTATION_ORDER)


def _one(model, *related, lookups=("film__slug", "key")):
    """A Prepared query for one row of ``model`` by its text ``lookups``."""
    return Prepared(
        lambda *values: model.objects.select_related(*related).filter(
            **dict(zip(lookups, values, strict=True))
        ),
        *[TEXT] * len(lookups),
    )


def _by_slug(model, *related):
    return _one(model, *related, lookups=("slug",))


def entity_context(obj, facts=(), **parts):
    """The context of an entity page: the object, its parts, and the facts' citations
    numbered in template order."""
    index = CitationIndex()
    index.add_all(facts)
    return {"object": obj, "citations": index, **parts}


CHARACTER = _one(Character, "film", "based_on", lookups=("film__slug", "slug"))
CHARACTER_LISTS = {"credits": Linked(Credit, "character", ("person", "organization"))}


def character(film_slug, slug):
    obj = one_or_404(CHARACTER, film_slug, slug)
    credits = fetch_linked(obj, CHARACTER_LISTS)["credits"]
    _fill(obj, credits=credits)
    return entity_context(obj, credits, credits=credits)


EVENT = _one(ProductionEvent, "film", "recast", "disagreement__film")
EVENT_LISTS = {"quotations": _quotations("production_event")}


def production_event(film_slug, key):
    obj = one_or_404(EVENT, film_slug, key)
    quoted = fetch_linked(
        obj, EVENT_LISTS, many=("people", "organizations", "locations"), cite=True
    )["quotations"]
    set_prefetched(obj, "quotations", quoted)
    return entity_context(obj, [obj, *quoted], quotations=quoted)


RELEASE = _one(
    Release,
    "film",
    "territory",
    "location",
    "festival",
    "distributor",
    "superseded_by",
    "music_work",
    "disagreement__film",
)
RELEASE_LISTS = {
    "supersedes": Linked(
        Release, "superseded_by", ("film", "territory", "festival", "superseded_by__film")
    ),
    "figures": Linked(BoxOfficeFigure, "release", ("territory",)),
}


def release(film_slug, key):
    obj = one_or_404(RELEASE, film_slug, key)
    found = fetch_linked(obj, RELEASE_LISTS, cite=True)
    supersedes, figures = found["supersedes"], found["figures"]
    return entity_context(obj, [obj, *supersedes, *figures], supersedes=supersedes, figures=figures)


REVIEW = _one(Review, "film", "critic", "publication", "disagreement__film")
REVIEW_LISTS = {"quotations": _quotations("review")}


def review(film_slug, key):
    obj = one_or_404(REVIEW, film_slug, key)
    quoted = fetch_linked(obj, REVIEW_LISTS, many=("quotes", "compared_works"), cite=True)[
        "quotations"
    ]
    set_prefetched(obj, "quotations", quoted)
    return entity_context(obj, [obj, *quoted], quotations=quoted)


def disagreement(film_slug, key):
    obj = get_object_or_404(
        Disagreement.objects.select_related("film"), film__slug=film_slug, key=key
    )
    members = disagreement_members(obj)
    return entity_context(obj, members, members=members)


def source(key, number="1"):
    obj = get_object_or_404(
        Source.objects.select_related("publication", "publisher").prefetch_related(
            Prefetch(
                "source_authors", queryset=Source.authors.through.objects.select_related("person")
            )
        ),
        key=key,
    )
    page, uses = facts_citing(obj, number)
    return {"object": obj, "uses": uses, "page": page}


GENRE = _by_slug(Genre)


def genre(slug):
    obj = one_or_404(GENRE, slug)
    return entity_context(obj, more_films=own_list(obj, "films"))


LANGUAGE = _by_slug(Language)


def language(slug):
    obj = one_or_404(LANGUAGE, slug)
    return entity_context(obj, more_films=own_list(obj, "films"))


TERRITORY = _by_slug(Territory)
TERRITORY_LISTS = {
    "companies": Linked(FilmCompany, "territories", ("film", "organization")),
    "releases": Linked(Release, "territory", ("film",)),
    "figures": Linked(BoxOfficeFigure, "territory", ("film",)),
}


def territory(slug):
    obj = one_or_404(TERRITORY, slug)
    more_films = own_list(obj, "films")
    found = fetch_linked(obj, TERRITORY_LISTS, many=("includes", "included_in", "locations"))
    _fill(obj, film_companies=found["companies"], releases=found["releases"])
    set_prefetched(obj, "box_office", found["figures"])
    return entity_context(
        obj,
        [*found["companies"], *found["releases"], *found["figures"]],
        releases=found["releases"],
        figures=found["figures"],
        companies=found["companies"],
        more_films=more_films,
    )


LOCATION = _by_slug(Location, "parent", "territory")
LOCATION_LISTS = {
    "events": Linked(ProductionEvent, "locations", ("film",)),
    "releases": Linked(Release, "location", ("film",)),
}


def location(slug):
    obj = one_or_404(LOCATION, slug)
    found = fetch_linked(obj, LOCATION_LISTS, many=("children",))
    _fill(obj, production_events=found["events"], releases=found["releases"])
    return entity_context(
        obj,
        [*found["events"], *found["releases"]],
        events=found["events"],
        releases=found["releases"],
    )


THEME = _by_slug(Theme)
THEME_LISTS = {"uses": Linked(FilmTheme, "theme", ("film",))}


def theme(slug):
    obj = one_or_404(THEME, slug)
    uses = fetch_linked(obj, THEME_LISTS)["uses"]
    _fill(obj, film_themes=uses)
    return entity_context(obj, uses, uses=uses)


WORK = _by_slug(Work, "film")
WORK_LISTS = {
    "related": Linked(RelatedWork, "work", ("film",)),
    "reviews": Linked(Review, "compared_works", ("film", "critic", "publication")),
}


def work(slug):
    obj = one_or_404(WORK, slug)
    found = fetch_linked(obj, WORK_LISTS, many=("creators", "creator_organizations"))
    related, reviews = found["related"], found["reviews"]
    _fill(obj, related_to_films=related, compared_in_reviews=reviews)
    return entity_context(obj, [*related, *reviews], related=related, reviews=reviews)


MUSIC_WORK = _by_slug(MusicWork)
MUSIC_LISTS = {
    "uses": Linked(FilmMusic, "work", ("film",), nested=("quotations",)),
    "credits": Linked(MusicCredit, "work", ("film", "person", "organization")),
    "releases": Linked(Release, "music_work", ("film",)),
    "nominations": Linked(
        Nominee,
        "music_work",
        ("nomination__film", "nomination__ceremony", "nomination__category"),
        cited_via="nomination",
    ),
}


def music_work(slug):
    obj = one_or_404(MUSIC_WORK, slug)
    found = fetch_linked(obj, MUSIC_LISTS, many=("albums", "tracks"))
    uses, credits, releases = found["uses"], found["credits"], found["releases"]
    _fill(obj, film_uses=uses, credits=credits, releases=releases, nominations=found["nominations"])
    quoted = [q for use in uses for q in use.quotations.all()]
    nominations = [n.nomination for n in found["nominations"]]
    return entity_context(
        obj,
        [*uses, *quoted, *credits, *releases, *nominations],
        uses=uses,
        credits=credits,
        releases=releases,
        nominations=nominations,
    )


TOP_TEN_LIST = _by_slug(TopTenList, "publication")
TOP_TEN_LISTS = {"entries": Linked(TopTenEntry, "top_ten_list", ("film",))}


def top_ten_list(slug):
    obj = one_or_404(TOP_TEN_LIST, slug)
    entries = fetch_linked(obj, TOP_TEN_LISTS, many=("critics",))["entries"]
    _fill(obj, entries=entries)
    return entity_context(obj, entries, entries=entries)


def _fill(obj, **lists):
    """The lists a page fetched, also as ``obj.<relation>.all()`` for its template."""
    for name, rows in lists.items():
        set_prefetched(obj, name, rows)


def film_disagreements(film_slug):
    """Every disagreement of one film, the index above each disagreement's own page."""
    film = get_object_or_404(Film.objects.all(), slug=film_slug)
    return {"film": film, "disagreements": list(film.disagreements.order_by("subject", "key"))}
