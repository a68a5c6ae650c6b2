"""The smaller reading defects of issue 11, each shown fixed where readers meet it."""

from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

from films.models import BoxOfficeFigure, Credit, FilmMusic, MusicWork, Territory
from tests.builders import (
    cite,
    make_credit,
    make_figure,
    make_film,
    make_review,
    make_source,
)

pytestmark = pytest.mark.django_db


def _render(text, **context):
    return Template("{% load filmkb %}" + text).render(Context(context))


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_notes_of_separate_citations_are_listed_apart_not_run_together(client):
    film = make_film(slug="noted")
    source = make_source(key="noted-source", title="A noted source")
    cite(make_figure(film, key="one"), source, note="Stated in the lead.")
    cite(make_figure(film, key="two"), source, note="Claimed in the body.")
    html = _html(client, "/films/noted/release/")
    assert (
        '<ul class="ref-notes"><li>Stated in the lead.</li><li>Claimed in the body.</li></ul>'
        in html
    )
    assert "Stated in the lead. Claimed in the body." not in html


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("His first feature.", ". His first feature."),
        ("uncredited on the poster", "; uncredited on the poster"),
        ("", ""),
    ],
)
def test_a_note_after_a_label_never_starts_in_capitals_after_a_semicolon(note, expected):
    assert _render("{{ note|clause }}", note=note) == expected


def test_crew_notes_read_as_their_own_sentence(client):
    film = make_film(slug="crewed")
    make_credit(
        film,
        department=Credit.Department.WRITING,
        job=Credit.Job.SCREENWRITER,
        note="His first solo screenplay.",
    )
    html = _html(client, "/films/crewed/cast/")
    assert "Screenwriter. His first solo screenplay." in html
    assert "; His first" not in html


def test_a_music_summary_that_only_repeats_its_usage_is_not_shown_twice(client):
    film = make_film(slug="scored-film")
    work = MusicWork.objects.create(name="The score", slug="the-score", kind=MusicWork.Kind.SCORE)
    FilmMusic.objects.create(
        film=film, work=work, usage=FilmMusic.Usage.SCORE, key="score", summary="Original score."
    )
    html = _html(client, "/films/scored-film/music/")
    assert "Original score: Original score" not in html
    assert "— Original score" in html


def test_a_figure_period_that_repeats_its_kind_is_not_shown_twice(client):
    film = make_film(slug="opened")
    make_figure(film, kind=BoxOfficeFigure.Kind.OPENING_WEEKEND, period="opening weekend")
    make_figure(film, kind=BoxOfficeFigure.Kind.PER_THEATER_AVERAGE, period="opening weekend")
    html = _html(client, "/films/opened/release/")
    assert html.count("(opening weekend)") == 1  # beside the per-theater average only


def test_a_worldwide_figure_does_not_read_in_worldwide(client):
    film = make_film(slug="global")
    world = Territory.objects.create(
        name="Worldwide", slug="worldwide", kind=Territory.Kind.WORLDWIDE
    )
    make_figure(film, territory=world, amount=Decimal("47400000"))
    html = _html(client, "/films/global/release/")
    assert " in <a" not in html
    assert ', <a href="/territories/worldwide/">Worldwide</a>' in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3.50", "3½"), ("4.00", "4"), ("0.50", "½"), ("2.25", "2¼"), ("3.75", "3¾"), ("3.7", "3.7")],
)
def test_ratings_are_written_as_people_write_them(value, expected):
    assert _render("{{ value|fraction }}", value=Decimal(value)) == expected


def test_a_review_rating_reads_three_and_a_half_out_of_four_stars(client):
    film = make_film(slug="starred")
    make_review(film, rating=Decimal("3.50"), rating_scale=Decimal("4.00"), rating_unit="stars")
    html = _html(client, "/films/starred/reception/")
    assert "3½ out of 4 stars" in html
    assert "3.50" not in html


def test_a_source_page_agrees_its_verb_with_the_number_of_facts(client):
    film = make_film(slug="relied")
    one = make_source(key="one-fact")
    two = make_source(key="two-facts")
    cite(make_figure(film), one)
    cite(make_figure(film), two)
    cite(make_figure(film), two)
    assert "1 fact relies on this source" in _html(client, "/sources/one-fact/")
    assert "2 facts rely on this source" in _html(client, "/sources/two-facts/")


def test_every_page_names_a_favicon_that_exists_and_favicon_ico_leads_to_it(client):
    html = _html(client, "/")
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.parametrize(
    "url", ["/films/", "/people/", "/organizations/", "/reviews/", "/sources/",
            "/awards/nominations/"],
)  # fmt: skip
def test_empty_facet_choices_say_any_not_dashes(client, url):
    html = _html(client, url)
    assert "---------" not in html
    assert '<option value="">Any</option>' in html or 'value="" selected>Any' in html
