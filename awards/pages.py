"""Page assembly for ceremonies, categories and nominations: which rows each page shows."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from awards.models import Category, Ceremony, Nomination, NominationTally, Nominee
from films.citations import CitationIndex, cited, cited_facts


def _nominees():
    return Prefetch(
        "nominees",
        queryset=Nominee.objects.select_related("person", "organization", "music_work"),
    )


def _nominations(*related):
    return cited_facts("nominations", Nomination, *related, prefetch=[_nominees()])


def ceremony(slug):
    obj = get_object_or_404(
        Ceremony.objects.select_related("body").prefetch_related(
            _nominations("film", "category"),
            cited_facts("tallies", NominationTally, "film"),
        ),
        slug=slug,
    )
    index = CitationIndex()
    tallies = index.add_all(list(obj.tallies.all()))
    nominations = index.add_all(list(obj.nominations.all()))
    return {"object": obj, "citations": index, "tallies": tallies, "nominations": nominations}


def category(slug):
    obj = get_object_or_404(
        Category.objects.select_related("body").prefetch_related(_nominations("film", "ceremony")),
        slug=slug,
    )
    index = CitationIndex()
    nominations = index.add_all(list(obj.nominations.all()))
    return {"object": obj, "citations": index, "nominations": nominations}


def nomination(film_slug, key):
    obj = get_object_or_404(
        Nomination.objects.select_related(
            "film", "ceremony__body", "category", "disagreement"
        ).prefetch_related(cited("", Nomination), _nominees()),
        film__slug=film_slug,
        key=key,
    )
    index = CitationIndex()
    index.add(obj)
    return {"object": obj, "citations": index}


def nomination_rows():
    """The nomination list's rows, each with its citations."""
    return Nomination.objects.for_list().prefetch_related(cited("", Nomination))


def category_rows():
    """Every award category with its body, grouped by body for the category list."""
    return Category.objects.select_related("body").order_by("body__name", "name")
