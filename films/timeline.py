"""One dated story of every film: production, releases and the awards season.

``timeline_entries(film_ids)`` gathers the films' production events, releases,
nominations (each award result at its ceremony's date) and those nominations'
ceremonies into ``Entry`` rows sorted by date at their stated precision; undated
rows come last. Five queries (each kind, the ceremonies, and one for every citation),
whatever the size, each compiled once per process (``filmkb.prepared``): the site's
timeline shows a page of films at a time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from awards.models import Ceremony, Nomination
from filmkb.dates import Precision
from filmkb.prepared import IDS, Prepared
from films.citations import attach_citations
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
    phase: str = "production"  # the lane of the timeline picture (PHASES)

    @property
    def sort_key(self):
        date = self.date.sort_key() if self.date else (0,)
        return (self.date is None, date, self.group or self.title, self.rank, self.title)


# The picture's lanes, in the order a film's story runs.
PHASES = {
    "development": "Development",
    "production": "Production",
    "festivals": "Festivals",
    "releases": "Releases",
    "awards": "Awards season",
    "home_media": "Home media",
}
DEVELOPMENT_KINDS = {
    ProductionEvent.Kind.CONCEPTION,
    ProductionEvent.Kind.DEVELOPMENT,
    ProductionEvent.Kind.WRITING,
    ProductionEvent.Kind.CASTING,
    ProductionEvent.Kind.CREW,
    ProductionEvent.Kind.ANNOUNCEMENT,
    ProductionEvent.Kind.DISTRIBUTION_DEAL,
}
RELEASE_PHASES = {
    Release.Kind.FESTIVAL: "festivals",
    Release.Kind.WORLD_PREMIERE: "festivals",
    Release.Kind.HOME_MEDIA: "home_media",
    Release.Kind.STREAMING: "home_media",
}


EVENTS = Prepared(
    lambda films: ProductionEvent.objects.filter(film_id__in=films).select_related("film"), IDS
)
RELEASES = Prepared(
    lambda films: Release.objects.filter(film_id__in=films).select_related("film", "territory"),
    IDS,
)
NOMINATIONS = Prepared(
    lambda films: Nomination.objects.filter(film_id__in=films).select_related("film", "category"),
    IDS,
)
CEREMONIES = Prepared(lambda ids: Ceremony.objects.filter(pk__in=ids).select_related("body"), IDS)


def timeline_entries(film_ids):
    film_ids = list(film_ids)
    entries = [
        Entry(
            e.date,
            e.end_date,
            e.get_kind_display(),
            e.title,
            e.get_absolute_url(),
            e.film,
            e,
            phase="development" if e.kind in DEVELOPMENT_KINDS else "production",
        )
        for e in EVENTS.all(film_ids)
    ]
    for release in RELEASES.all(film_ids):
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
                phase=RELEASE_PHASES.get(release.kind, "releases"),
            )
        )
    nominations = NOMINATIONS.all(film_ids)
    ceremonies = {c.pk: c for c in CEREMONIES.all(sorted({n.ceremony_id for n in nominations}))}
    entries.extend(
        Entry(
            ceremony.date,
            None,
            "Ceremony",
            ceremony.name,
            ceremony.get_absolute_url(),
            group=ceremony.name,
            phase="awards",
        )
        for ceremony in ceremonies.values()
    )
    for nomination in nominations:
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
                phase="awards",
            )
        )
    attach_citations(entry.fact for entry in entries)  # one query for every kind
    entries.sort(key=lambda e: e.sort_key)
    return entries


def split_dated(entries):
    """(dated, undated): the sources date some events and not others."""
    return [e for e in entries if e.date], [e for e in entries if not e.date]


# --------------------------------------------------------------------------- the picture

CHART_WIDTH = 760
LANE_LABEL_WIDTH = 110
PLOT_RIGHT = 10
ROW_HEIGHT = 16
BAR_HEIGHT = 10
AXIS_HEIGHT = 22
MIN_MARK_WIDTH = 3  # a day is drawn 3 units wide so that it shows
TICK_LABEL_WIDTH = 40
LABEL_CHARS = 44  # a mark's label is cut to this many characters


def _end_of(date):
    """The day after the last day a partial date covers (a month's entry spans it)."""
    if date.precision == Precision.DAY:
        return date.first_day() + datetime.timedelta(days=1)
    if date.precision == Precision.MONTH:
        year, month = divmod(date.month, 12)
        return datetime.date(date.year + year, month + 1, 1)
    if date.precision == Precision.DECADE:
        return datetime.date(date.year + 10, 1, 1)
    return datetime.date(date.year + 1, 1, 1)


@dataclass(frozen=True)
class Mark:
    entry: Entry
    x: int
    y: int
    width: int
    label_x: int
    anchor: str  # "start" (label after the bar) or "end" (before it)
    precision: str


@dataclass(frozen=True)
class Lane:
    label: str
    y: int
    height: int

    @property
    def label_y(self):
        return self.y + 13


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass
class TimelineChart:
    """One film's dated entries drawn in lanes by phase, each as wide as its precision."""

    film: object
    width: int = CHART_WIDTH
    height: int = 0
    lanes: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    axis_y: int = 0
    number: int = 1  # the chart's place on its page (ids of its title and description)

    def svg(self):
        """The chart's SVG markup. Written here rather than in the template: a chart is
        hundreds of numbers and labels, and each through the template engine cost more
        than the rest of the page."""
        n, width, height = self.number, self.width, self.height
        count = len(self.marks)
        lanes = ", ".join(escape(lane.label) for lane in self.lanes)
        parts = [
            f'<svg role="img" aria-labelledby="timeline-title-{n} timeline-desc-{n}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">\n',
            f'    <title id="timeline-title-{n}">Timeline of {escape(self.film.name)}</title>\n',
            f'    <desc id="timeline-desc-{n}">{count} dated entr{"y" if count == 1 else "ies"}'
            f" in lanes: {lanes}. Each is drawn as wide as its date is precise (a"
            " month-precision entry spans its month); the list below gives every entry with"
            " its source.</desc>\n    ",
        ]
        parts.extend(
            f'<line class="tick" x1="{tick.x}" x2="{tick.x}" y1="0" y2="{self.axis_y}"></line>'
            f'<text class="tick-label" x="{tick.x + 3}" y="{height - 6}">'
            f"{escape(tick.label)}</text>"
            for tick in self.ticks
        )
        parts.append("\n    ")
        parts.extend(
            f'<line class="lane" x1="0" x2="{width}" y1="{lane.y}" y2="{lane.y}"></line>'
            f'<text class="lane-label" x="0" y="{lane.label_y}">{escape(lane.label)}</text>'
            for lane in self.lanes
        )
        parts.append("\n    ")
        parts.extend(
            f'<rect class="mark mark-{escape(mark.entry.phase)} precision-{escape(mark.precision)}"'
            f' x="{mark.x}" y="{mark.y}" width="{mark.width}" height="10"></rect>'
            f'<text class="mark-label" x="{mark.label_x}" y="{mark.y + 9}"'
            f' text-anchor="{mark.anchor}">'
            f"{escape(Truncator(mark.entry.title).chars(LABEL_CHARS))}</text>"
            for mark in self.marks
        )
        parts.append("\n  </svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def timeline_charts(dated):
    """One TimelineChart per film, from dated entries (a ceremony goes with the films
    whose results it lists)."""
    films = {}
    ceremony_films = {}
    for entry in dated:
        if entry.film is not None:
            films.setdefault(entry.film.pk, (entry.film, []))[1].append(entry)
            if entry.group:
                ceremony_films.setdefault(entry.group, set()).add(entry.film.pk)
    for entry in dated:
        if entry.film is None:
            for film_pk in ceremony_films.get(entry.group, ()):
                films[film_pk][1].append(entry)
    charts = [timeline_chart(film, entries) for film, entries in films.values()]
    for number, chart in enumerate(charts, 1):
        chart.number = number
    return charts


def timeline_chart(film, entries, width=CHART_WIDTH):
    entries = sorted(entries, key=lambda e: e.sort_key)
    starts = [e.date.first_day() for e in entries]
    ends = [_end_of(e.end_date or e.date) for e in entries]
    first = datetime.date(min(starts).year, 1, 1)
    last = datetime.date(max(ends).year + (max(ends) != datetime.date(max(ends).year, 1, 1)), 1, 1)
    plot_left, plot_right = LANE_LABEL_WIDTH, width - PLOT_RIGHT
    days = (last - first).days or 1

    def x_of(day):
        return plot_left + round((day - first).days / days * (plot_right - plot_left))

    chart = TimelineChart(film, width)
    y = 0
    for phase, label in PHASES.items():
        lane_entries = [e for e in entries if e.phase == phase]
        if not lane_entries:
            continue
        lane = Lane(label, y, len(lane_entries) * ROW_HEIGHT + 6)
        chart.lanes.append(lane)
        for row, entry in enumerate(lane_entries):
            x = x_of(entry.date.first_day())
            bar = max(MIN_MARK_WIDTH, x_of(_end_of(entry.end_date or entry.date)) - x)
            after = x + bar < plot_left + (plot_right - plot_left) * 0.55
            chart.marks.append(
                Mark(
                    entry=entry,
                    x=x,
                    y=y + 3 + row * ROW_HEIGHT,
                    width=bar,
                    label_x=x + bar + 4 if after else x - 4,
                    anchor="start" if after else "end",
                    precision=entry.date.precision,
                )
            )
        y += lane.height
    chart.axis_y = y + 4
    chart.height = chart.axis_y + AXIS_HEIGHT
    years = range(first.year, last.year)
    # a year label needs about TICK_LABEL_WIDTH units: over a long span, every n-th year
    step = max(1, -(-len(years) * TICK_LABEL_WIDTH // (plot_right - plot_left)))
    chart.ticks = [
        Tick(x_of(datetime.date(year, 1, 1)), str(year) if i % step == 0 else "")
        for i, year in enumerate(years)
    ]
    return chart
