"""The timeline as a picture: a server-rendered SVG per film, lanes by phase, each
entry as wide as its date is precise, undated entries listed apart."""

import datetime
import itertools

import pytest

from filmkb.dates import PartialDate
from films.models import ProductionEvent, Release
from films.timeline import PHASES, _end_of, split_dated, timeline_charts, timeline_entries
from tests.builders import make_ceremony, make_event, make_film, make_nomination, make_release

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("date", "end"),
    [
        (PartialDate(2013, 8, 14), datetime.date(2013, 8, 15)),
        (PartialDate(2013, 8), datetime.date(2013, 9, 1)),
        (PartialDate(2013, 12), datetime.date(2014, 1, 1)),
        (PartialDate(2013), datetime.date(2014, 1, 1)),
    ],
)
def test_an_entry_ends_where_its_precision_ends(date, end):
    assert _end_of(date) == end


def _chart(film):
    dated, _ = split_dated(timeline_entries([film.pk]))
    (chart,) = [c for c in timeline_charts(dated) if c.film == film]
    return chart


def test_a_month_is_drawn_as_a_month_wide_band_within_its_years_band(db):
    film = make_film(slug="drawn")
    make_event(film, title="Written", date=PartialDate(2012))
    make_event(film, title="Shot", kind=ProductionEvent.Kind.PRINCIPAL_PHOTOGRAPHY,
               date=PartialDate(2012, 6))  # fmt: skip
    make_event(film, title="Wrapped", kind=ProductionEvent.Kind.PRINCIPAL_PHOTOGRAPHY,
               date=PartialDate(2012, 7, 1))  # fmt: skip
    marks = {mark.entry.title: mark for mark in _chart(film).marks}
    year, month, day = marks["Written"], marks["Shot"], marks["Wrapped"]
    assert abs(month.x - year.x - 152 / 366 * year.width) <= 1  # June starts on day 152
    assert abs(month.width - 30 / 366 * year.width) <= 1  # June has 30 of 2012's 366 days
    assert month.precision == "month" and day.precision == "day"
    assert 3 <= day.width < month.width
    assert month.x + month.width == pytest.approx(day.x, abs=1)  # June ends where July begins


def test_lanes_follow_the_films_story_and_hold_only_their_phase(db):
    film = make_film(slug="story")
    make_event(film, title="Idea", date=PartialDate(2010))
    make_event(film, title="Shoot", kind=ProductionEvent.Kind.PRINCIPAL_PHOTOGRAPHY,
               date=PartialDate(2011, 5))  # fmt: skip
    make_release(film, kind=Release.Kind.WORLD_PREMIERE, date=PartialDate(2012, 9, 1))
    make_release(film, kind=Release.Kind.WIDE, date=PartialDate(2012, 12, 25))
    make_release(film, kind=Release.Kind.HOME_MEDIA, date=PartialDate(2013, 4))
    ceremony = make_ceremony(name="Dated Awards", date=PartialDate(2013, 2, 24))
    make_nomination(film, ceremony, key="dated-nomination")
    chart = _chart(film)
    assert [lane.label for lane in chart.lanes] == list(PHASES.values())
    lanes = {lane.label: lane for lane in chart.lanes}
    for mark in chart.marks:
        lane = lanes[PHASES[mark.entry.phase]]
        assert lane.y <= mark.y < lane.y + lane.height
    assert {"Dated Awards"} <= {m.entry.title for m in chart.marks if m.entry.phase == "awards"}
    assert [t.label for t in chart.ticks] == ["2010", "2011", "2012", "2013"]


def test_the_timeline_page_draws_an_svg_per_film_and_lists_undated_entries_apart(client, db):
    film = make_film(name="Drawn Film", slug="drawn-film")
    make_event(film, title="Dated event", date=PartialDate(2012, 5))
    make_event(film, title="Undated event", date=None)
    undated_ceremony = make_ceremony(name="Undated Awards", date=None)
    make_nomination(film, undated_ceremony, key="undated")
    html = client.get("/timeline/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "Timeline of Drawn Film" in svg
    assert "Dated event" in svg
    assert "Undated event" not in svg and "Undated Awards" not in svg
    undated = html[html.index('id="undated"') :]
    assert "Undated event" in undated and "Undated Awards" in undated
    assert "<script" not in html.split("</head>")[1].replace(
        '<script type="application/ld+json">', ""
    )


def test_a_ceremony_without_a_stated_date_is_never_drawn(db):
    film = make_film(slug="season")
    make_event(film, title="Dated", date=PartialDate(2013, 1))
    make_nomination(film, make_ceremony(name="No Date Awards", date=None), key="n")
    chart = _chart(film)
    assert [m.entry.title for m in chart.marks] == ["Dated"]


def test_year_labels_thin_out_over_a_long_span_so_they_never_overlap(db):
    film = make_film(slug="long")
    make_event(film, title="Idea", date=PartialDate(1990))
    make_release(film, kind=Release.Kind.WIDE, date=PartialDate(2021, 3, 19))
    ticks = _chart(film).ticks
    assert len(ticks) == 32  # a line for every year
    labelled = [t for t in ticks if t.label]
    assert labelled[0].label == "1990"
    assert all(b.x - a.x >= 40 for a, b in itertools.pairwise(labelled))
