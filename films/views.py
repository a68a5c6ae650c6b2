"""Public pages about films and what the knowledge base records about them.

Views are thin: each asks ``films.pages`` for its page's context (fetched in a
fixed number of queries, citations numbered) and renders it. Templates never
query.
"""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from filmkb.cache import query_parameters
from filmkb.listing import filtered_page, render_listing
from films import jsonld
from films.citations import CitationIndex
from films.filters import FilmFilter, ReviewFilter, SourceFilter, name_filterset
from films.models import Film, Source
from films.pages import entities, site
from films.pages.sections import SECTION_ALIASES, SECTIONS, film_page
from films.verification import section_verification


@require_safe
def home(request):
    return render(request, "films/home.html", site.home())


# --------------------------------------------------------------------------- films


@require_safe
@query_parameters(filterset=FilmFilter)
def film_list(request):
    listing = filtered_page(request, FilmFilter, Film.objects.for_list())
    return render_listing(request, "films/film_list.html", listing)


@require_safe
def film_detail(request, slug):
    page = film_page(slug)
    context = {
        "page": page,
        "film": page.film,
        "citations": page.citations,
        "jsonld": jsonld.movie(page, request),
        "verification": section_verification(page),
    }
    return render(request, "films/film_detail.html", context)


@require_safe
def film_section(request, slug, section):
    """One page of the film's full detail (``SECTIONS``), under the film's URL."""
    page = film_page(slug, SECTION_ALIASES.get(section, section))
    context = {
        "page": page,
        "film": page.film,
        "citations": page.citations,
        "section": SECTIONS[page.section],
        "verification": section_verification(page),
    }
    return render(request, "films/film_section.html", context)


@require_safe
def character_detail(request, slug, character):
    return render(request, "films/character_detail.html", entities.character(slug, character))


@require_safe
def event_detail(request, slug, key):
    return render(request, "films/event_detail.html", entities.production_event(slug, key))


@require_safe
def release_detail(request, slug, key):
    return render(request, "films/release_detail.html", entities.release(slug, key))


@require_safe
def review_detail(request, slug, key):
    return render(request, "films/review_detail.html", entities.review(slug, key))


@require_safe
@query_parameters(filterset=ReviewFilter)
def review_list(request):
    listing = filtered_page(request, ReviewFilter, site.review_rows())
    index = CitationIndex()
    index.add_all(listing.page.object_list)
    return render_listing(request, "films/review_list.html", listing, citations=index)


@require_safe
def disagreement_detail(request, slug, key):
    return render(request, "films/disagreement_detail.html", entities.disagreement(slug, key))


# --------------------------------------------------------------------------- sources


@require_safe
@query_parameters(filterset=SourceFilter)
def source_list(request):
    listing = filtered_page(request, SourceFilter, Source.objects.for_list())
    return render_listing(request, "films/source_list.html", listing)


@require_safe
@query_parameters("page")
def source_detail(request, key):
    page = request.GET.get("page", "1")
    return render(request, "films/source_detail.html", entities.source(key, page))


# --------------------------------------------------------------------------- lookups


def entity_index_view(model, title):
    """The index page above an entity's own pages (``/genres/`` above ``/genres/drama/``)."""
    filterset = name_filterset(model)

    @require_safe
    @query_parameters(filterset=filterset)
    def view(request):
        listing = filtered_page(request, filterset, model.objects.order_by("name", "pk"))
        return render_listing(request, "films/entity_index.html", listing, title=title)

    return view


@require_safe
def film_disagreements(request, slug):
    return render(request, "films/film_disagreements.html", entities.film_disagreements(slug))


@require_safe
def genre_detail(request, slug):
    return render(request, "films/genre_detail.html", entities.genre(slug))


@require_safe
def language_detail(request, slug):
    return render(request, "films/language_detail.html", entities.language(slug))


@require_safe
def territory_detail(request, slug):
    return render(request, "films/territory_detail.html", entities.territory(slug))


@require_safe
def location_detail(request, slug):
    return render(request, "films/location_detail.html", entities.location(slug))


@require_safe
def theme_detail(request, slug):
    return render(request, "films/theme_detail.html", entities.theme(slug))


@require_safe
def work_detail(request, slug):
    return render(request, "films/work_detail.html", entities.work(slug))


@require_safe
def music_detail(request, slug):
    return render(request, "films/music_detail.html", entities.music_work(slug))


@require_safe
def toptenlist_detail(request, slug):
    return render(request, "films/toptenlist_detail.html", entities.top_ten_list(slug))


# --------------------------------------------------------------------------- site-wide


@require_safe
@query_parameters("page")
def timeline(request):
    return render(request, "films/timeline.html", site.timeline(request.GET.get("page", "1")))


@require_safe
@query_parameters("q")
def search(request):
    return render(request, "films/search.html", site.search(request.GET.get("q", "")))


@require_safe
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    # The admin's path is not listed: it is configurable so that it need not be advertised.
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
