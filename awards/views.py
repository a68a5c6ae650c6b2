"""Public pages about award ceremonies, categories and nominations (see ``awards.pages``)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from awards import pages
from awards.filters import NominationFilter
from awards.models import Ceremony
from filmkb.cache import query_parameters
from filmkb.listing import filtered_page, render_listing
from films.citations import CitationIndex
from films.models import Film


@require_safe
def award_index(request):
    return render(request, "awards/index.html", {"ceremonies": Ceremony.objects.for_list()})


@require_safe
def ceremony_detail(request, slug):
    return render(request, "awards/ceremony_detail.html", pages.ceremony(slug))


@require_safe
def category_detail(request, slug):
    return render(request, "awards/category_detail.html", pages.category(slug))


@require_safe
def category_list(request):
    return render(request, "awards/category_list.html", {"categories": pages.category_rows()})


@require_safe
def nomination_detail(request, slug, key):
    return render(request, "awards/nomination_detail.html", pages.nomination(slug, key))


@require_safe
@query_parameters(filterset=NominationFilter)
def nomination_list(request):
    return _nomination_listing(request, pages.nomination_rows())


@require_safe
def film_nominations(request, slug):
    """The nominations of one film: the path above each of its nominations' pages."""
    film = get_object_or_404(Film.objects.only("pk", "name", "slug", "year"), slug=slug)
    rows = pages.nomination_rows().filter(film=film)
    return _nomination_listing(request, rows, film=film)


def _nomination_listing(request, rows, **context):
    listing = filtered_page(request, NominationFilter, rows)
    index = CitationIndex()
    index.add_all(pages.cite_rows(listing.page.object_list))
    return render_listing(
        request, "awards/nomination_list.html", listing, citations=index, **context
    )
