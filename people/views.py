"""Public pages about people and organizations (page assembly in ``people.pages``)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from filmkb.cache import query_parameters
from filmkb.listing import filtered_page, render_listing
from films import jsonld
from people import pages
from people.filters import OrganizationFilter, PersonFilter
from people.models import Organization, Person


@require_safe
@query_parameters(filterset=PersonFilter)
def person_list(request):
    listing = filtered_page(request, PersonFilter, Person.objects.for_list())
    return render_listing(request, "people/person_list.html", listing)


@require_safe
def person_detail(request, slug):
    context = pages.person(slug)
    context["jsonld"] = jsonld.person(request, context["object"])
    return render(request, "people/person_detail.html", context)


@require_safe
@query_parameters(filterset=OrganizationFilter)
def organization_list(request):
    listing = filtered_page(request, OrganizationFilter, Organization.objects.all())
    return render_listing(request, "people/organization_list.html", listing)


@require_safe
def organization_detail(request, slug):
    context = pages.organization(slug)
    context["jsonld"] = jsonld.organization(request, context["object"])
    return render(request, "people/organization_detail.html", context)
