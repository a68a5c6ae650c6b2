"""Page assembly for ceremonies, categories and nominations: which rows each page shows.

A ceremony's, a category's and a nomination's page fetch their rows with queries
compiled once per process (``films.pages.linked``); the nomination lists are
filtered and paginated, so their rows come from a queryset, their nominees in one
query and their citations in one more.
"""

from awards.models import Category, Ceremony, Nomination, NominationTally
from filmkb.listing import PER_PAGE
from filmkb.prepared import TEXT, Prepared
from films.citations import CitationIndex, attach_citations
from films.pages.linked import Linked, fetch_linked, one_or_404

NOMINEES = ("nominees",)  # each nomination's nominees (+person, organization, music)
# A ceremony's and a category's nominations grow with the knowledge base (a thousand
# and more): their pages show the first page's worth, each row with its nominees and
# citations, and link to the nomination list filtered to them.


def _first_nominations(link, then):
    """A ceremony's or a category's first nominations, each with its film, the other of
    the two, its nominees and citations; in index order (nomination_<link>_order_idx)."""
    return Linked(
        Nomination,
        link,
        ("film", then),
        nested=NOMINEES,
        order_by=(f"{then}_id", "film_id", "id"),
        limit=PER_PAGE,
    )


CEREMONY = Prepared(lambda slug: Ceremony.objects.select_related("body").filter(slug=slug), TEXT)
CEREMONY_LISTS = {
    "tallies": Linked(NominationTally, "ceremony", ("film",)),
    # by category as the body lists them, then film: the nomination table's own columns,
    # so the first page's worth is picked without joining and sorting every nomination
    "nominations": _first_nominations("ceremony", "category"),
}


def ceremony(slug):
    obj = one_or_404(CEREMONY, slug)
    found = fetch_linked(obj, CEREMONY_LISTS)
    index = CitationIndex()
    tallies = index.add_all(found["tallies"])
    nominations = index.add_all(found["nominations"])
    return {
        "object": obj,
        "citations": index,
        "tallies": tallies,
        "nominations": nominations,
        "more_nominations": "nominations" in found.more,
    }


CATEGORY = Prepared(lambda slug: Category.objects.select_related("body").filter(slug=slug), TEXT)
CATEGORY_LISTS = {
    "nominations": _first_nominations("category", "ceremony"),
}


def category(slug):
    obj = one_or_404(CATEGORY, slug)
    found = fetch_linked(obj, CATEGORY_LISTS)
    index = CitationIndex()
    nominations = index.add_all(found["nominations"])
    return {
        "object": obj,
        "citations": index,
        "nominations": nominations,
        "more_nominations": "nominations" in found.more,
    }


NOMINATION = Prepared(
    lambda film_slug, key: Nomination.objects.select_related(
        "film", "ceremony__body", "category", "disagreement__film"
    ).filter(film__slug=film_slug, key=key),
    TEXT,
    TEXT,
)


def nomination(film_slug, key):
    obj = one_or_404(NOMINATION, film_slug, key)
    fetch_linked(obj, {}, many=NOMINEES, cite=True)
    index = CitationIndex()
    index.add(obj)
    return {"object": obj, "citations": index}


def nomination_rows():
    """The nomination list's rows, each with its nominees (their citations: ``cite_rows``)."""
    return Nomination.objects.for_list()


def cite_rows(nominations):
    """The citations of a list's nominations, in one query."""
    return attach_citations(list(nominations))


def category_rows():
    """Every award category with its body, grouped by body for the category list."""
    return Category.objects.select_related("body").order_by("body__name", "name")
