"""The pages of the films app's entities and single facts: which rows each shows.

Each function fetches one object with what its page shows in a fixed number of
queries, registers the facts in the order the template renders them, and
returns the template context. An unknown slug or key raises ``Http404``.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from awards.models import Nominee
from films.citations import CitationIndex, cited, cited_facts
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


def quotations(*related):
    """A fact's quotations with their speakers and citations (two queries)."""
    return cited_facts(
        "quotations",
        Quotation,
        "speaker_person",
        "speaker_organization",
        *related,
        order_by=["order", "id"],
    )


def entity_context(obj, facts=(), **parts):
    """The context of an entity page: the object, its parts, and the facts' citations
    numbered in template order."""
    index = CitationIndex()
    index.add_all(facts)
    return {"object": obj, "citations": index, **parts}


def character(film_slug, slug):
    obj = get_object_or_404(
        Character.objects.select_related("film", "based_on").prefetch_related(
            cited_facts(
                "credits",
                Credit,
                "person",
                "organization",
                "character__film",
                "disagreement__film",
            ),
        ),
        film__slug=film_slug,
        slug=slug,
    )
    credits = list(obj.credits.all())
    return entity_context(obj, credits, credits=credits)


def production_event(film_slug, key):
    obj = get_object_or_404(
        ProductionEvent.objects.select_related("film", "recast", "disagreement").prefetch_related(
            "people", "organizations", "locations", cited("", ProductionEvent), quotations()
        ),
        film__slug=film_slug,
        key=key,
    )
    quoted = list(obj.quotations.all())
    return entity_context(obj, [obj, *quoted], quotations=quoted)


def release(film_slug, key):
    obj = get_object_or_404(
        Release.objects.select_related(
            "film",
            "territory",
            "location",
            "festival",
            "distributor",
            "superseded_by",
            "music_work",
            "disagreement",
        ).prefetch_related(
            cited("", Release),
            cited_facts(
                "supersedes", Release, "film", "territory", "festival", "superseded_by__film"
            ),
            cited_facts("box_office", BoxOfficeFigure, "territory"),
        ),
        film__slug=film_slug,
        key=key,
    )
    supersedes = list(obj.supersedes.all())
    figures = list(obj.box_office.all())
    return entity_context(obj, [obj, *supersedes, *figures], supersedes=supersedes, figures=figures)


def review(film_slug, key):
    obj = get_object_or_404(
        Review.objects.select_related(
            "film", "critic", "publication", "disagreement"
        ).prefetch_related("quotes", "compared_works", cited("", Review), quotations()),
        film__slug=film_slug,
        key=key,
    )
    quoted = list(obj.quotations.all())
    return entity_context(obj, [obj, *quoted], quotations=quoted)


def disagreement(film_slug, key):
    obj = get_object_or_404(
        Disagreement.objects.select_related("film"), film__slug=film_slug, key=key
    )
    members = disagreement_members(obj)
    return entity_context(obj, members, members=members)


def source(key):
    obj = get_object_or_404(
        Source.objects.select_related("publication", "publisher").prefetch_related(
            Prefetch(
                "source_authors", queryset=Source.authors.through.objects.select_related("person")
            )
        ),
        key=key,
    )
    return {"object": obj, "uses": facts_citing(obj)}


def genre(slug):
    return entity_context(get_object_or_404(Genre.objects.prefetch_related("films"), slug=slug))


def language(slug):
    return entity_context(get_object_or_404(Language.objects.prefetch_related("films"), slug=slug))


def territory(slug):
    obj = get_object_or_404(
        Territory.objects.prefetch_related(
            "films",
            "includes",
            "included_in",
            "locations",
            cited_facts("releases", Release, "film"),
            cited_facts("box_office", BoxOfficeFigure, "film"),
            cited_facts("film_companies", FilmCompany, "film", "organization"),
        ),
        slug=slug,
    )
    releases = list(obj.releases.all())
    figures = list(obj.box_office.all())
    companies = list(obj.film_companies.all())
    return entity_context(
        obj,
        [*companies, *releases, *figures],
        releases=releases,
        figures=figures,
        companies=companies,
    )


def location(slug):
    obj = get_object_or_404(
        Location.objects.select_related("parent", "territory").prefetch_related(
            "children",
            cited_facts("production_events", ProductionEvent, "film"),
            cited_facts("releases", Release, "film"),
        ),
        slug=slug,
    )
    events = list(obj.production_events.all())
    releases = list(obj.releases.all())
    return entity_context(obj, [*events, *releases], events=events, releases=releases)


def theme(slug):
    obj = get_object_or_404(
        Theme.objects.prefetch_related(cited_facts("film_themes", FilmTheme, "film")),
        slug=slug,
    )
    uses = list(obj.film_themes.all())
    return entity_context(obj, uses, uses=uses)


def work(slug):
    obj = get_object_or_404(
        Work.objects.select_related("film").prefetch_related(
            "creators",
            "creator_organizations",
            cited_facts("related_to_films", RelatedWork, "film"),
            cited_facts("compared_in_reviews", Review, "film", "critic", "publication"),
        ),
        slug=slug,
    )
    related = list(obj.related_to_films.all())
    reviews = list(obj.compared_in_reviews.all())
    return entity_context(obj, [*related, *reviews], related=related, reviews=reviews)


def music_work(slug):
    obj = get_object_or_404(
        MusicWork.objects.prefetch_related(
            "albums",
            "tracks",
            cited_facts("film_uses", FilmMusic, "film", prefetch=[quotations("film")]),
            cited_facts("credits", MusicCredit, "film", "person", "organization"),
            cited_facts("releases", Release, "film"),
            cited_facts(
                "nominations",
                Nominee,
                "nomination__film",
                "nomination__ceremony",
                "nomination__category",
                cited_via="nomination",
            ),
        ),
        slug=slug,
    )
    uses = list(obj.film_uses.all())
    quoted = [q for use in uses for q in use.quotations.all()]
    credits = list(obj.credits.all())
    releases = list(obj.releases.all())
    nominations = [n.nomination for n in obj.nominations.all()]
    return entity_context(
        obj,
        [*uses, *quoted, *credits, *releases, *nominations],
        uses=uses,
        credits=credits,
        releases=releases,
        nominations=nominations,
    )


def top_ten_list(slug):
    obj = get_object_or_404(
        TopTenList.objects.select_related("publication").prefetch_related(
            "critics", cited_facts("entries", TopTenEntry, "film")
        ),
        slug=slug,
    )
    entries = list(obj.entries.all())
    return entity_context(obj, entries, entries=entries)


def film_disagreements(film_slug):
    """Every disagreement of one film, the index above each disagreement's own page."""
    film = get_object_or_404(Film.objects.all(), slug=film_slug)
    return {"film": film, "disagreements": list(film.disagreements.order_by("subject", "key"))}
