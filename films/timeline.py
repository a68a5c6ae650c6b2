"""One dated story of every film: production, releases and the awards season.

``timeline_entries()`` gathers production events, releases, ceremonies and
nominations (each award result at its ceremony's date) into ``Entry`` rows
sorted by date at their stated precision; undated rows come last. Four
queries, whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass

from awards.models import Ceremony, Nomination
from films.citations import cited
from films.models import ProductionEvent, Release


@dataclass
class Entry:
    date: object
    end_date: object
    kind: str
    title: str
    url: str
    film: object = None
    fact: object = None
    note: str = ""
    group: str = ""  # keeps a ceremony and its results together
    rank: int = 0  # within a group: the ceremony first, then its results

    @property
    def sort_key(self):
        date = self.date.sort_key() if self.date else (0,)
        return (self.date is None, date, self.group or self.title, self.rank, self.title)


def timeline_entries():
    entries = [
        Entry(e.date, e.end_date, e.get_kind_display(), e.title, e.get_absolute_url(), e.film, e)
        for e in ProductionEvent.objects.select_related("film").prefetch_related(
            cited("", ProductionEvent)
        )
    ]
    for release in Release.objects.select_related("film", "territory").prefetch_related(
        cited("", Release)
    ):
        note = "superseded by a later date" if release.status == Release.Status.SUPERSEDED else ""
        entries.append(
            Entry(
                release.date,
                None,
                "Release",
                str(release),
                release.get_absolute_url(),
                release.film,
                release,
                note,
            )
        )
    ceremonies = {c.pk: c for c in Ceremony.objects.select_related("body")}
    entries.extend(
        Entry(
            ceremony.date,
            None,
            "Ceremony",
            ceremony.name,
            ceremony.get_absolute_url(),
            group=ceremony.name,
        )
        for ceremony in ceremonies.values()
    )
    for nomination in Nomination.objects.select_related("film", "category").prefetch_related(
        cited("", Nomination)
    ):
        ceremony = ceremonies[nomination.ceremony_id]
        entries.append(
            Entry(
                ceremony.date,
                None,
                f"Award: {nomination.get_result_display().lower()}",
                f"{nomination.category.name}, {ceremony.name}",
                nomination.get_absolute_url(),
                nomination.film,
                nomination,
                group=ceremony.name,
                rank=1,
            )
        )
    entries.sort(key=lambda e: e.sort_key)
    return entries


def split_dated(entries):
    """(dated, undated): the sources date some events and not others."""
    return [e for e in entries if e.date], [e for e in entries if not e.date]
