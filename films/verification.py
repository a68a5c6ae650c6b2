"""Curators' verification stamps: marking facts verified and summarising them.

Every fact carries ``verified_on`` and ``verified_by``. Public pages show per
section how many of its facts are verified and when it was last verified;
``verification_summary`` computes that for the rows of one section and
``templates/includes/verification.html`` renders it.
"""

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from filmkb.signals import bump_version


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


def mark_verified(queryset, user, on=None):
    """Stamp the rows verified on ``on`` (today) by ``user``; return how many.

    An UPDATE, so the rows' ``updated_at`` is untouched: verifying is not an
    edit that the fixtures need to pick up. The knowledge-base version is
    bumped so cached pages show the new verification note.
    """
    count = queryset.order_by().update(verified_on=on or timezone.localdate(), verified_by=user)
    if count:
        bump_version()
    return count
