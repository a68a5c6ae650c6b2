"""Public pages about award ceremonies, categories and nominations (see ``awards.pages``)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from awards import pages
from awards.filters import NominationFilter
from awards.models import Ceremony
from filmkb.cache import query_parameters
from filmkb.listing import filtered_page, render_listing
from films.citations import CitationIndex


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
def nomination_detail(request, slug, key):
    return render(request, "awards/nomination_detail.html", pages.nomination(slug, key))


@require_safe
@query_parameters(filterset=NominationFilter)
def nomination_list(request):
    listing = filtered_page(request, NominationFilter, pages.nomination_rows())
    index = CitationIndex()
    index.add_all(listing.page.object_list)
    return render_listing(request, "awards/nomination_list.html", listing, citations=index)
