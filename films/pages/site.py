"""Site-wide pages of the films app: home, the review list's rows, the timeline, search."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage
from django.http import Http404

from awards.models import Nomination
from filmkb.listing import BoundedPaginator
from filmkb.versioning import current_state
from films import search as site_search
from films.citations import CitationIndex, cited
from films.models import Film, Review, Source
from films.timeline import split_dated, timeline_charts, timeline_entries
from people.models import Organization, Person

HOME_FILMS = 10

COUNTS_KEY = "kbcounts"


def home_counts():
    """How many films, people, organizations, sources, reviews and nominations there are.

    Six full-table counts cost tens of milliseconds at scale, and they change only
    when the knowledge base does, so they are stored in the cache under the
    knowledge-base version (and the moment it moved): one single-row query when
    cached, that query and the six counts after a write.
    """
    version, changed_at = current_state()
    key = f"{COUNTS_KEY}:{version}:{changed_at.isoformat() if changed_at else ''}"
    counts = cache.get(key)
    if counts is None:
        counts = {
            "films": Film.objects.count(),
            "people": Person.objects.count(),
            "organizations": Organization.objects.count(),
            "sources": Source.objects.count(),
            "reviews": Review.objects.count(),
            "nominations": Nomination.objects.count(),
        }
        cache.set(key, counts, settings.PAGE_CACHE_SECONDS)
    return counts


def home():
    return {"counts": home_counts(), "films": Film.objects.order_by("-year", "name")[:HOME_FILMS]}


def review_rows():
    """The review list's rows, each with its citations."""
    return Review.objects.for_list().prefetch_related(cited("", Review))


# Films per page of the timeline: a film's story is a hundred entries or more, each
# with its citations, and its chart (at 10,000 films, three a page came to 110 KB).
TIMELINE_FILMS = 1


def timeline(number="1"):
    """A page of the site's timeline: the story of TIMELINE_FILMS films, oldest first
    (a page number that is not one is a 404)."""
    films = Film.objects.order_by("year", "name", "pk")
    paginator = BoundedPaginator(films, TIMELINE_FILMS)
    try:
        page = paginator.page(number)
    except InvalidPage as exc:
        raise Http404(f"There is no page {str(number)[:20]!r} of the timeline.") from exc
    dated, undated = split_dated(timeline_entries([film.pk for film in page]))
    index = CitationIndex()
    index.add_all(entry.fact for entry in [*dated, *undated] if entry.fact is not None)
    return {
        "page": page,
        "dated": dated,
        "undated": undated,
        "charts": timeline_charts(dated),
        "citations": index,
    }


def search(query):
    return {"results": site_search.search(query)}
