"""Public pages about award ceremonies, categories and nominations."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from awards.filters import NominationFilter
from awards.models import Category, Ceremony, Nomination, NominationTally, Nominee
from filmkb.listing import filtered_page, render_listing
from films.citations import CitationIndex, cited


def _nominations(*related):
    return Prefetch(
        "nominations",
        queryset=Nomination.objects.select_related(*related).prefetch_related(
            cited("", Nomination),
            Prefetch(
                "nominees",
                queryset=Nominee.objects.select_related("person", "organization", "music_work"),
            ),
        ),
    )


@require_safe
def award_index(request):
    ceremonies = Ceremony.objects.for_list()
    return render(request, "awards/index.html", {"ceremonies": ceremonies})


@require_safe
def ceremony_detail(request, slug):
    ceremony = get_object_or_404(
        Ceremony.objects.select_related("body").prefetch_related(
            _nominations("film", "category"),
            Prefetch(
                "tallies",
                queryset=NominationTally.objects.select_related("film").prefetch_related(
                    cited("", NominationTally)
                ),
            ),
        ),
        slug=slug,
    )
    index = CitationIndex()
    tallies = index.add_all(list(ceremony.tallies.all()))
    nominations = index.add_all(list(ceremony.nominations.all()))
    context = {
        "object": ceremony,
        "citations": index,
        "tallies": tallies,
        "nominations": nominations,
    }
    return render(request, "awards/ceremony_detail.html", context)


@require_safe
def category_detail(request, slug):
    category = get_object_or_404(
        Category.objects.select_related("body").prefetch_related(_nominations("film", "ceremony")),
        slug=slug,
    )
    index = CitationIndex()
    nominations = index.add_all(list(category.nominations.all()))
    context = {"object": category, "citations": index, "nominations": nominations}
    return render(request, "awards/category_detail.html", context)


@require_safe
def nomination_detail(request, slug, key):
    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "film", "ceremony__body", "category", "disagreement"
        ).prefetch_related(
            cited("", Nomination),
            Prefetch(
                "nominees",
                queryset=Nominee.objects.select_related("person", "organization", "music_work"),
            ),
        ),
        film__slug=slug,
        key=key,
    )
    index = CitationIndex()
    index.add(nomination)
    return render(
        request, "awards/nomination_detail.html", {"object": nomination, "citations": index}
    )


@require_safe
def nomination_list(request):
    listing = filtered_page(
        request,
        NominationFilter,
        Nomination.objects.for_list().prefetch_related(cited("", Nomination)),
    )
    index = CitationIndex()
    index.add_all(listing.page.object_list)
    return render_listing(request, "awards/nomination_list.html", listing, citations=index)
