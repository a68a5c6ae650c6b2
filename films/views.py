"""Public pages about films and what the knowledge base records about them.

Views are thin: they fetch through a named QuerySet method or a function in
``films.queries``, number the citations of what they show with a
``CitationIndex``, and render. Templates never query.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from awards.models import Nomination, Nominee
from filmkb.listing import filtered_page, render_listing
from films import jsonld, queries
from films import search as site_search
from films.citations import CitationIndex, cited, cited_facts
from films.filters import FilmFilter, ReviewFilter, SourceFilter
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
from films.timeline import split_dated, timeline_entries
from films.verification import section_verification


@require_safe
def home(request):
    films = Film.objects.order_by("-year", "name")[:10]
    return render(request, "films/home.html", {"counts": queries.home_counts(), "films": films})


# --------------------------------------------------------------------------- films


@require_safe
def film_list(request):
    listing = filtered_page(request, FilmFilter, Film.objects.for_list())
    return render_listing(request, "films/film_list.html", listing)


@require_safe
def film_detail(request, slug):
    page = queries.film_page(slug)
    context = {
        "page": page,
        "film": page.film,
        "citations": page.citations,
        "jsonld": jsonld.movie(page, request),
        "verification": section_verification(page),
    }
    return render(request, "films/film_detail.html", context)


def _render_entity(request, template, obj, facts=(), **extra):
    """Register facts (in template order) and render an entity page."""
    index = CitationIndex()
    for fact in facts:
        index.add(fact)
    return render(request, template, {"object": obj, "citations": index, **extra})


@require_safe
def character_detail(request, slug, character):
    obj = get_object_or_404(
        Character.objects.select_related("film", "based_on").prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.select_related(
                    "person", "organization", "character__film", "disagreement__film"
                ).prefetch_related(cited("", Credit)),
            ),
        ),
        film__slug=slug,
        slug=character,
    )
    credits = list(obj.credits.all())
    return _render_entity(request, "films/character_detail.html", obj, credits, credits=credits)


@require_safe
def event_detail(request, slug, key):
    obj = get_object_or_404(
        ProductionEvent.objects.select_related("film", "recast", "disagreement").prefetch_related(
            "people", "organizations", "locations", cited("", ProductionEvent)
        ),
        film__slug=slug,
        key=key,
    )
    return _render_entity(request, "films/event_detail.html", obj, [obj])


@require_safe
def release_detail(request, slug, key):
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
            cited_facts("supersedes", Release, "territory", "festival", "superseded_by__film"),
            Prefetch(
                "box_office",
                queryset=BoxOfficeFigure.objects.select_related("territory").prefetch_related(
                    cited("", BoxOfficeFigure)
                ),
            ),
        ),
        film__slug=slug,
        key=key,
    )
    supersedes = list(obj.supersedes.all())
    figures = list(obj.box_office.all())
    return _render_entity(
        request,
        "films/release_detail.html",
        obj,
        [obj, *supersedes, *figures],
        supersedes=supersedes,
        figures=figures,
    )


@require_safe
def review_detail(request, slug, key):
    obj = get_object_or_404(
        Review.objects.select_related(
            "film", "critic", "publication", "disagreement"
        ).prefetch_related("quotes", "compared_works", cited("", Review)),
        film__slug=slug,
        key=key,
    )
    return _render_entity(request, "films/review_detail.html", obj, [obj])


@require_safe
def review_list(request):
    listing = filtered_page(
        request, ReviewFilter, Review.objects.for_list().prefetch_related(cited("", Review))
    )
    index = CitationIndex()
    index.add_all(listing.page.object_list)
    return render_listing(request, "films/review_list.html", listing, citations=index)


@require_safe
def disagreement_detail(request, slug, key):
    obj = get_object_or_404(Disagreement.objects.select_related("film"), film__slug=slug, key=key)
    members = queries.disagreement_members(obj)
    return _render_entity(request, "films/disagreement_detail.html", obj, members, members=members)


# --------------------------------------------------------------------------- sources


@require_safe
def source_list(request):
    listing = filtered_page(request, SourceFilter, Source.objects.for_list())
    return render_listing(request, "films/source_list.html", listing)


@require_safe
def source_detail(request, key):
    source = get_object_or_404(
        Source.objects.select_related("publication", "publisher").prefetch_related(
            Prefetch(
                "source_authors", queryset=Source.authors.through.objects.select_related("person")
            )
        ),
        key=key,
    )
    uses = queries.facts_citing(source)
    return render(request, "films/source_detail.html", {"object": source, "uses": uses})


# --------------------------------------------------------------------------- lookups


@require_safe
def genre_detail(request, slug):
    obj = get_object_or_404(Genre.objects.prefetch_related("films"), slug=slug)
    return _render_entity(request, "films/genre_detail.html", obj)


@require_safe
def language_detail(request, slug):
    obj = get_object_or_404(Language.objects.prefetch_related("films"), slug=slug)
    return _render_entity(request, "films/language_detail.html", obj)


@require_safe
def territory_detail(request, slug):
    obj = get_object_or_404(
        Territory.objects.prefetch_related(
            "films",
            "includes",
            "included_in",
            "locations",
            cited_facts("releases", Release),
            cited_facts("box_office", BoxOfficeFigure),
            cited_facts("film_companies", FilmCompany, "organization"),
        ),
        slug=slug,
    )
    releases = list(obj.releases.all())
    figures = list(obj.box_office.all())
    companies = list(obj.film_companies.all())
    return _render_entity(
        request,
        "films/territory_detail.html",
        obj,
        [*companies, *releases, *figures],
        releases=releases,
        figures=figures,
        companies=companies,
    )


@require_safe
def location_detail(request, slug):
    obj = get_object_or_404(
        Location.objects.select_related("parent", "territory").prefetch_related(
            "children",
            cited_facts("production_events", ProductionEvent),
            cited_facts("releases", Release),
        ),
        slug=slug,
    )
    events = list(obj.production_events.all())
    releases = list(obj.releases.all())
    return _render_entity(
        request,
        "films/location_detail.html",
        obj,
        [*events, *releases],
        events=events,
        releases=releases,
    )


@require_safe
def theme_detail(request, slug):
    obj = get_object_or_404(
        Theme.objects.prefetch_related(cited_facts("film_themes", FilmTheme)),
        slug=slug,
    )
    uses = list(obj.film_themes.all())
    return _render_entity(request, "films/theme_detail.html", obj, uses, uses=uses)


@require_safe
def work_detail(request, slug):
    obj = get_object_or_404(
        Work.objects.select_related("film").prefetch_related(
            "creators",
            "creator_organizations",
            cited_facts("related_to_films", RelatedWork),
            cited_facts("compared_in_reviews", Review, "critic", "publication"),
        ),
        slug=slug,
    )
    related = list(obj.related_to_films.all())
    reviews = list(obj.compared_in_reviews.all())
    return _render_entity(
        request,
        "films/work_detail.html",
        obj,
        [*related, *reviews],
        related=related,
        reviews=reviews,
    )


@require_safe
def music_detail(request, slug):
    obj = get_object_or_404(
        MusicWork.objects.prefetch_related(
            "albums",
            "tracks",
            cited_facts("film_uses", FilmMusic),
            cited_facts("credits", MusicCredit, "person", "organization"),
            cited_facts("releases", Release),
            Prefetch(
                "nominations",
                queryset=Nominee.objects.select_related(
                    "nomination__film", "nomination__ceremony", "nomination__category"
                ).prefetch_related(cited("nomination", Nomination)),
            ),
        ),
        slug=slug,
    )
    uses = list(obj.film_uses.all())
    credits = list(obj.credits.all())
    releases = list(obj.releases.all())
    nominations = [n.nomination for n in obj.nominations.all()]
    return _render_entity(
        request,
        "films/music_detail.html",
        obj,
        [*uses, *credits, *releases, *nominations],
        uses=uses,
        credits=credits,
        releases=releases,
        nominations=nominations,
    )


@require_safe
def toptenlist_detail(request, slug):
    obj = get_object_or_404(
        TopTenList.objects.select_related("publication").prefetch_related(
            "critics",
            cited_facts("entries", TopTenEntry),
        ),
        slug=slug,
    )
    entries = list(obj.entries.all())
    return _render_entity(request, "films/toptenlist_detail.html", obj, entries, entries=entries)


# --------------------------------------------------------------------------- site-wide


@require_safe
def timeline(request):
    dated, undated = split_dated(timeline_entries())
    index = CitationIndex()
    index.add_all(entry.fact for entry in [*dated, *undated] if entry.fact is not None)
    context = {"dated": dated, "undated": undated, "citations": index}
    return render(request, "films/timeline.html", context)


@require_safe
def search(request):
    results = site_search.search(request.GET.get("q", ""))
    return render(request, "films/search.html", {"results": results})


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    # The admin's path is not listed: it is configurable so that it need not be advertised.
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
