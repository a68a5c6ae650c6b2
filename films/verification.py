"""Curators' verification stamps: marking facts verified and summarising them.

Every fact carries ``verified_on`` and ``verified_by``. Public pages show per
section how many of its facts are verified and when it was last verified;
``verification_summary`` computes that for the rows of one section and
``templates/includes/verification.html`` renders it; each fact shows its own
mark through the ``verified`` template tag (``filmkb/templatetags/filmkb.py``).

A stamp means "a curator checked this fact, as it now reads, against its
sources", so it is cleared when the fact or its citations change: in the admin
(``filmkb.admin_utils.KBAdmin``) and by a reload that rewrites them
(``forget_changed``).
"""

from collections import defaultdict

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


def _verifiable(model):
    return any(f.name == "verified_on" for f in model._meta.concrete_fields)


def forget_changed(plan):
    """Clear the stamps of facts a reload plan updates or whose citations it changes.

    ``plan`` is a ``films.sync.Plan`` whose rows are written. One UPDATE per
    model with verified facts to clear; nothing for models without stamps.
    """
    stale = defaultdict(set)  # fact model -> pks
    for label in plan.synced:
        for rec in plan.updates.get(label, []):
            if _verifiable(type(rec.instance)):
                stale[type(rec.instance)].add(rec.instance.pk)
        changed = [
            rec.instance for rec in [*plan.creates.get(label, []), *plan.updates.get(label, [])]
        ]
        changed += [row.obj for row in plan.deletes.get(label, [])]
        for row in changed:
            fact_field = next((f for f in row._meta.concrete_fields if f.name == "fact"), None)
            if fact_field is not None and _verifiable(fact_field.related_model):
                stale[fact_field.related_model].add(getattr(row, fact_field.attname))
    for model, pks in stale.items():
        model._base_manager.filter(pk__in=pks, verified_on__isnull=False).update(
            verified_on=None, verified_by=None
        )
