"""Curators' verification stamps: marking facts verified and summarising them.

Every fact carries ``verified_on`` and ``verified_by``. Public pages show per
section how many of its facts are verified and when it was last verified;
``verification_summary`` computes that for the rows of one section and
``templates/includes/verification.html`` renders it.
"""

from django.db.models import Count, Max, QuerySet

from filmkb.verification import mark_verified  # noqa: F401  (re-exported for callers)


def verification_summary(rows):
    """{"total", "verified", "last_verified"} for a queryset or a list of facts.

    A queryset is summarised in one aggregate query; a list (already fetched
    for the page) is summarised without touching the database.
    """
    if isinstance(rows, QuerySet):
        summary = rows.order_by().aggregate(
            total=Count("pk"), verified=Count("verified_on"), last_verified=Max("verified_on")
        )
        return {
            "total": summary["total"],
            "verified": summary["verified"],
            "last_verified": summary["last_verified"],
        }
    dates = [row.verified_on for row in rows if row.verified_on is not None]
    return {
        "total": len(rows),
        "verified": len(dates),
        "last_verified": max(dates, default=None),
    }


def _facts(groups):
    """Facts of a list that may hold disagreement groups (``films.pages.film.Group``)."""
    for item in groups:
        facts = getattr(item, "facts", None)
        yield from facts if facts is not None else [item]


def section_verification(page):
    """One summary per section of the film page, from rows it has already fetched.

    ``page`` is a ``films.pages.film.FilmPage``; keys are the sections' HTML ids
    with underscores for hyphens (templates cannot read ``box-office``).
    No query: the page's prefetched lists are counted in Python.
    """
    sections = {
        "cast": [*page.cast, *page.recasts],
        "crew": [credit for _, credits in page.crew for credit in credits],
        "production": list(_facts(page.events)),
        "music": [*page.music, *page.music_credits],
        "release": list(_facts(page.releases)),
        "box_office": list(_facts(page.figures)),
        "critical_response": [*_facts(page.scores), *page.reviews],
        "top_ten": list(page.top_ten),
        "accolades": [
            fact for group in page.accolades for fact in (*group.tallies, *group.nominations)
        ],
        "themes": list(page.themes),
        "related_works": list(page.related),
        "dedication": list(page.dedications),
        "external_links": list(page.external_links),
    }
    return {section: verification_summary(rows) for section, rows in sections.items()}
