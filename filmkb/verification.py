"""Marking facts verified: a stamp of who checked them against their sources, and when.

Generic over every fact model; the per-section summaries pages show live in
``films.verification``.
"""

from django.utils import timezone

from filmkb.versioning import bump_version


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
