"""The film overview at the film's URL and the section pages beneath it.

The overview is shaped like the film sites readers know: a header (title,
year, genres, direction, writing, top-billed cast, running time), a ratings
strip and an awards line, then one short block per section with a link to the
section page holding the full detail.
"""

import itertools
import re
from decimal import Decimal

import pytest

from awards.models import Nomination
from films.models import AggregateScore, Film
from films.pages.sections import SECTIONS, awards_summary, film_page, section_urls
from tests import knowledge_base
from tests.builders import (
    make_ceremony,
    make_credit,
    make_film,
    make_nomination,
    make_organization,
    make_review,
    make_score,
)
from tests.site_data import build_site

pytestmark = pytest.mark.django_db
OVERVIEW_MAX_BYTES = 60 * 1024


@pytest.fixture
def site(db):
    return build_site()


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _between(html, start, end):
    return html[html.index(start) : html.index(end, html.index(start))]


def test_overview_header_shows_title_year_genres_direction_writing_cast_and_runtime(client, site):
    film = site["film"]
    Film.objects.filter(pk=film.pk).update(runtime_minutes=126)
    film.refresh_from_db()
    header = _between(_html(client, "/films/her/"), '<header class="film-header">', "</header>")
    assert f"<h1>{film.name} <span" in header and f"({film.year})" in header
    assert 'href="/genres/romance/"' in header
    assert f"{film.runtime_minutes} minutes" in header
    for label in ["Directed by", "Written by", "Starring"]:
        assert f"<dt>{label}</dt>" in header
    page = film_page("her")
    starring = page.overview["header_cast"]
    assert 1 <= len(starring) <= 5
    for credit in starring:
        assert credit.credited_entity.get_absolute_url() in header
        if credit.character:
            assert f">{credit.character.name}</a>" in header
    assert 'class="cite"' in header  # the credits keep their citation markers


def test_header_cast_is_the_top_billed_final_cast_at_most_four(db):
    film = make_film(slug="many")
    for order in range(1, 9):
        make_credit(film=film, billing_order=order)
    shown = film_page("many").overview["header_cast"]
    assert [c.billing_order for c in shown] == [1, 2, 3, 4]


def test_ratings_strip_lists_approval_then_average_then_audience_grade(client, db):
    film = make_film(slug="rated")
    names = {
        AggregateScore.Metric.GRADE: "GradeSite",
        AggregateScore.Metric.WEIGHTED_AVERAGE: "AverageSite",
        AggregateScore.Metric.APPROVAL: "ApprovalSite",
    }
    for metric, name in names.items():
        make_score(
            film,
            metric=metric,
            value=None if metric == AggregateScore.Metric.GRADE else Decimal("91.00"),
            grade="B−" if metric == AggregateScore.Metric.GRADE else "",
            aggregator=make_organization(name=name),
        )
    strip = _between(_html(client, "/films/rated/"), 'class="ratings-strip"', "</ul>")
    positions = [strip.index(name) for name in ["ApprovalSite", "AverageSite", "GradeSite"]]
    assert positions == sorted(positions)
    assert "<strong>91%</strong>" in strip and "<strong>91/100</strong>" in strip
    assert "<strong>B−</strong>" in strip


def test_awards_summary_names_the_ceremony_with_most_nominations_and_the_totals(client, db):
    film = make_film(slug="awarded")
    big = make_ceremony(name="Big Awards")
    small = make_ceremony(name="Small Awards")
    for n, result in enumerate([Nomination.Result.WON, *[Nomination.Result.NOMINATED] * 4]):
        make_nomination(film=film, ceremony=big, result=result, key=f"big-{n}")
    make_nomination(film=film, ceremony=small, result=Nomination.Result.WON, key="small")
    summary = awards_summary(film_page("awarded").accolades)
    assert (summary.headline.ceremony, summary.wins, summary.nominations) == (big, 2, 6)
    html = _html(client, "/films/awarded/")
    line = _between(html, 'class="awards-summary"', "</p>")
    text = re.sub(r"<[^>]+>", "", line)
    assert "Won 1 of 5 nominations at the Big Awards; 2 wins and 6 nominations in all." in text
    assert 'href="/films/awarded/awards/"' in line


def test_a_film_without_awards_or_scores_says_so(client, db):
    make_film(slug="quiet")
    ratings = _between(_html(client, "/films/quiet/"), 'class="ratings"', "</section>")
    assert "No review aggregates recorded." in ratings
    assert "No awards recorded." in ratings


def test_the_ratings_strip_and_awards_line_come_right_after_the_header(client, site):
    html = _html(client, "/films/her/")
    order = ['class="film-header"', 'class="ratings"', 'class="awards-summary"', 'id="plot"']
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_overview_has_a_short_block_per_section_each_with_a_see_all_link(client, site):
    html = _html(client, "/films/her/")
    urls = section_urls("her")
    for block, section in [
        ("plot", "about"), ("top-cast", "cast"), ("key-dates", "release"),
        ("box-office", "release"), ("reviews", "reception"), ("top-ten", "reception"),
        ("awards", "awards"),
    ]:  # fmt: skip
        body = _between(html, f'id="{block}"', "</section>")
        assert f'href="{urls[section]}' in body, block
        assert 'class="see-all"' in body, block
    chart = _between(html, 'id="box-office"', "</section>")
    assert '<svg role="img"' in chart


def test_overview_shows_at_most_three_reviews(client, db):
    film = make_film(slug="reviewed")
    for n in range(5):
        make_review(film, summary=f"Summary number {n}.")
    html = _html(client, "/films/reviewed/")
    reviews = _between(html, 'id="reviews"', "</section>")
    assert reviews.count('class="review"') == 3
    full = _html(client, "/films/reviewed/reception/")
    assert full.count('class="review"') == 5


def test_overview_citations_are_numbered_in_order_of_first_use_and_listed(client, site):
    html = _html(client, "/films/her/")
    cites = [int(n) for n in re.findall(r'href="#cite-(\d+)"', html)]
    first_uses = list(dict.fromkeys(cites))
    assert first_uses == list(range(1, len(first_uses) + 1))
    for number in first_uses:
        assert f'id="cite-{number}"' in html


def test_disputed_values_on_the_overview_link_their_disagreement(client, site):
    html = _html(client, "/films/her/")
    box_office = _between(html, 'id="box-office"', "</section>")
    assert "Sources disagree" in box_office
    assert 'href="/films/her/disagreements/worldwide-gross/"' in box_office


@pytest.mark.parametrize("section", list(SECTIONS))
def test_each_section_page_answers_with_one_h1_the_sections_nav_and_references(
    client, site, section
):
    html = _html(client, f"/films/her/{section}/")
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    assert f'<span aria-current="page">{SECTIONS[section].title}</span>' in html
    for other, url in section_urls("her").items():
        if other != section:
            assert f'href="{url}"' in html
    assert 'id="references"' in html
    assert 'href="/films/her/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/films/her/reviews/",
        "/films/her/characters/",
        "/films/her/releases/",
        "/films/her/production/",
        "/awards/categories/",
        "/awards/ceremonies/",
        "/awards/nominations/her/",
    ],
)
def test_parent_paths_of_existing_pages_answer_200(client, site, url):
    _html(client, url)


@pytest.mark.parametrize(
    "url", ["/films/nobody/cast/", "/films/nobody/reviews/", "/awards/nominations/nobody/"]
)
def test_parent_paths_of_a_missing_film_answer_404(client, site, url):
    _html(client, url, status=404)


def test_the_awards_categories_page_lists_every_category_by_body(client, site):
    html = _html(client, "/awards/categories/")
    for nomination in Nomination.objects.select_related("category__body"):
        assert f'href="{nomination.category.get_absolute_url()}"' in html
        assert nomination.category.body.name in html


def test_a_films_nominations_page_lists_only_its_nominations(client, site):
    other = make_film(slug="other-film", name="Other Film")
    make_nomination(film=other, key="elsewhere")
    html = _html(client, "/awards/nominations/her/")
    for nomination in Nomination.objects.filter(film=site["film"]):
        assert f'href="{nomination.get_absolute_url()}"' in html
    assert "/awards/nominations/other-film/elsewhere/" not in html


def test_section_pages_refuse_methods_that_write(client, site):
    for url in [*section_urls("her").values(), "/awards/categories/"]:
        assert client.post(url).status_code == 405, url


def test_every_films_overview_is_at_most_60_kb(client):
    knowledge_base.load()
    for film in Film.objects.all():
        size = len(client.get(film.get_absolute_url()).content)
        assert size <= OVERVIEW_MAX_BYTES, (film.slug, size)
