"""Every public view runs a fixed number of queries, named here one by one.

The dataset (tests/site_data.py) has a row of every kind, so every prefetch
runs; counts that would grow with rows would show up as a different number in
``test_film_and_person_pages_run_the_same_queries_for_1_and_20_rows``.
"""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from films.models import BoxOfficeFigure, Credit, Film, Release
from films.pages.sections import section_urls
from films.sitemaps import SITEMAPS
from tests.builders import (
    cite,
    make_character,
    make_credit,
    make_event,
    make_figure,
    make_film,
    make_nomination,
    make_quotation,
    make_quote,
    make_release,
    make_review,
    make_source,
    make_top_ten_entry,
)
from tests.site_data import build_site

# A film's pages: each fetches only the kinds of fact it shows, one query per kind, and
# the citations of all of them (with sources and publications) in one more.
FILM = ["film"]
FILM_LISTS = ["genres", "countries", "languages"]
CITATIONS = ["citations of every fact shown (+source, publication), one union"]
QUOTATIONS = ["quotations of every row shown (+speaker)"]
FILM_PAGE_QUERIES = {
    "overview": FILM
    + FILM_LISTS
    + [
        "descriptions",
        "credits (+person, organization, character and its film)",
        "companies (+organization)",
        "releases (+territory, location, festival, distributor, successor, music)",
        "box office figures (+territory, release)",
        "aggregate scores (+aggregator)",
        "reviews (+critic, publication)",
        "review quotes (in the page's data for search engines)",
        "top-ten entries (+list, publication)",
        "nominations (+ceremony, body, category)",
    ]
    + CITATIONS,
    "cast": FILM
    + FILM_LISTS
    + [
        "titles (+territory)",
        "credits (+person, organization, character and its film)",
        "companies (+organization)",
        "company territories",
        "releases (+territory, location, festival, distributor, successor, music)",
        "box office figures (+territory, release)",
        "recasts (+character, both credits' people)",
    ]
    + CITATIONS,
    "production": [
        *FILM,
        "production events",
        "their people",
        "their organizations",
        "their locations",
        *QUOTATIONS,
        *CITATIONS,
    ],
    "release": [*FILM, "releases (+territory, ...)", "box office figures", *CITATIONS],
    "reception": [
        *FILM,
        "aggregate scores (+aggregator)",
        "reviews (+critic, publication)",
        "review quotes",
        "top-ten entries (+list, publication)",
        "top-ten list critics",
        *QUOTATIONS,
        *CITATIONS,
    ],
    "awards": [
        *FILM,
        "nominations (+ceremony, body, category)",
        "nominees (+person, organization, music)",
        "nomination tallies (+ceremony, body)",
        *CITATIONS,
    ],
    "music": [
        *FILM,
        "film music (+work)",
        "music credits (+work, person, organization)",
        *QUOTATIONS,
        *CITATIONS,
    ],
    "about": [
        *FILM,
        "descriptions",
        "themes (+theme)",
        "related works (+work)",
        "dedications (+person)",
        "external links",
        *CITATIONS,
    ],
    "references": [*FILM, "citations of every fact and quotation (+source, publication)"],
}

# The citations of every fact on a person's page come in one query, whatever kinds
# the person has; a relation with no rows still runs its own query.
PERSON_PAGE_QUERIES = [
    "person",
    "aliases",
    "credits (+film, character and its film)",
    "music credits (+film, work)",
    "reviews written (+film, publication)",
    "sources written (+publication)",
    "top-ten lists (+publication)",
    "nominee rows (+nomination, film, ceremony, category)",
    "production events (+film)",
    "dedications (+film)",
    "memberships (+organization)",
    "quotations (+film, speaker)",
    "characters based on this person",
    "works created",
    "citations of every fact shown (+source, publication), one union",
]

# (url, queries in order)
PAGES = [
    (
        "/",
        # the six counts are cached under the version: the warm-up request ran them
        ["knowledge-base version", "recent films"],
    ),
    (
        "/films/",
        [
            "count",
            "page of films",
            "their genres",
            "their countries",
            "genre facet choices",
            "country facet choices",
            "language facet choices",
        ],
    ),
    ("/films/her/", FILM_PAGE_QUERIES["overview"]),
    *((url, FILM_PAGE_QUERIES[section]) for section, url in section_urls("her").items()),
    # paths above an entity's page answer with the section holding it
    ("/films/her/reviews/", FILM_PAGE_QUERIES["reception"]),
    ("/films/her/characters/", FILM_PAGE_QUERIES["cast"]),
    ("/films/her/releases/", FILM_PAGE_QUERIES["release"]),
    ("/awards/categories/", ["categories (+body)"]),
    ("/awards/ceremonies/", ["ceremonies (+body)"]),
    ("/people/", ["count", "page of people"]),
    ("/people/?department=cast&job=actor", ["count", "page of people"]),
    ("/people/scarlett-johansson/", PERSON_PAGE_QUERIES),
    ("/organizations/", ["count", "page of organizations"]),
    (
        "/organizations/daily-reel/",
        [
            "organization (+parent)",
            "which of its 20 relations hold rows (one union)",
            # a publication: only these three hold rows, so only they are read
            "sources published",
            "reviews",
            "top-ten lists",
            "citations of every fact shown, one union",
        ],
    ),
    (
        "/sources/",
        ["count", "page of sources (+publication)", "their authors", "publication facet choices"],
    ),
    # the test data cites this source from 16 kinds of fact: one query per citing table
    # on the page, ten tables a page
    (
        "/sources/reel-interview/",
        ["source (+publication, publisher)", "authors (+person)"]
        + ["which citation tables cite it (one union)"]
        + [f"citations in citing table {n} (+fact)" for n in range(1, 11)],
    ),
    (
        "/sources/reel-interview/?page=2",
        ["source (+publication, publisher)", "authors (+person)"]
        + ["which citation tables cite it (one union)"]
        + [f"citations in citing table {n} (+fact)" for n in range(11, 17)],
    ),
    (
        "/reviews/",
        [
            "count",
            "page of reviews (+film, critic, publication)",
            "their citations",
            "publication facet choices",
        ],
    ),
    ("/awards/", ["ceremonies (+body)"]),
    (
        "/awards/nominations/",
        [
            "count",
            "page (+film, ceremony, body, category)",
            "nominees (+person, organization, music)",
            "citations",
            "ceremony facet choices",
            "category facet choices",
        ],
    ),
    (
        "/awards/nominations/her/",
        [
            "film",
            "count",
            "page (+film, ceremony, body, category)",
            "nominees (+person, organization, music)",
            "citations",
            "ceremony facet choices",
            "category facet choices",
        ],
    ),
    (
        "/timeline/",
        [
            "count of films",
            "the page's films",
            "their events (+film)",
            "their releases (+film, territory)",
            "their nominations (+film, category)",
            "those nominations' ceremonies",
            "citations of every entry (+source, publication), one union",
        ],
    ),
    (
        "/search/?q=Johansson",
        [
            "films",
            "people",
            "organizations",
            "characters (+film)",
            "sources (+publication)",
            "ceremonies (+body)",
            "categories (+body)",
        ],
    ),
    ("/search/?q=", []),
    (
        "/films/her/disagreements/worldwide-gross/",
        [
            "disagreement (+film)",
            "which fact tables hold members (one union)",
            "the box office members",
            "their citations",
        ],
    ),
    ("/films/her/characters/samantha/", ["character (+film, based on)", "credits", "citations"]),
    (
        "/films/her/production/shoot/",
        [
            "event (+film, recast, disagreement)",
            "people",
            "organizations",
            "locations",
            "quotations (+speaker)",
            "citations of the event and its quotations, one union",
        ],
    ),
    (
        "/films/her/releases/limited/",
        [
            "release (+related rows)",
            "superseded plans",
            "box office of the release",
            "citations of all three, one union",
        ],
    ),
    (
        "/films/her/reviews/daily-reel/",
        [
            "review (+film, critic, publication)",
            "quotes",
            "compared works",
            "quotations (+speaker)",
            "citations of the review and its quotations, one union",
        ],
    ),
    ("/genres/romance/", ["genre", "films"]),
    *(
        (index, ["count", "page of rows"])
        for index in [
            "/genres/",
            "/territories/",
            "/languages/",
            "/locations/",
            "/themes/",
            "/works/",
            "/music/",
            "/lists/",
            "/genres/?name=rom",
        ]
    ),
    ("/films/her/disagreements/", ["film", "its disagreements"]),
    ("/languages/english/", ["language", "films"]),
    (
        "/territories/united-states/",
        [
            "territory",
            "films",
            "includes",
            "included in",
            "locations",
            "film companies",
            "releases",
            "box office",
            "citations of all three, one union",
        ],
    ),
    (
        "/locations/stage-9/",
        ["location (+parent, territory)", "children", "events", "releases", "citations, one union"],
    ),
    ("/themes/loneliness/", ["theme", "film themes", "citations"]),
    (
        "/works/cold-machines/",
        [
            "work (+film)",
            "creators",
            "creator organizations",
            "related films",
            "comparing reviews",
            "citations of both, one union",
        ],
    ),
    (
        "/music/her-score/",
        [
            "music work",
            "albums",
            "tracks",
            "film uses",
            "their quotations (+film, speaker)",
            "music credits",
            "releases",
            "nominee rows (+nomination, film, ceremony, category)",
            "citations of uses, quotations, credits, releases and nominations, one union",
        ],
    ),
    (
        "/lists/reel-best-2013/",
        ["list (+publication)", "critics", "entries (+film)", "citations"],
    ),
    (
        "/awards/ceremonies/screen-awards-1/",
        ["ceremony (+body)", "tallies", "nominations", "nominees", "citations of both, one union"],
    ),
    ("/awards/categories/best-song/", ["category (+body)", "nominations", "citations", "nominees"]),
    (
        "/awards/nominations/her/song/",
        ["nomination (+film, ceremony, category)", "citations", "nominees"],
    ),
    ("/robots.txt", []),
]


MAX_QUERIES = 15  # issue 10: on any page, whatever its size


def test_no_page_is_allowed_more_than_fifteen_queries():
    assert max(len(queries) for queries in FILM_PAGE_QUERIES.values()) <= MAX_QUERIES
    too_many = {url: len(queries) for url, queries in PAGES if len(queries) > MAX_QUERIES}
    assert too_many == {}


@pytest.fixture
def site(db):
    return build_site()


@pytest.mark.parametrize(("url", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_runs_a_fixed_named_number_of_queries(
    client, site, django_assert_num_queries, url, queries
):
    client.get(url)  # warm caches (content types) so only the page's own queries count
    with django_assert_num_queries(len(queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_home_counts_again_only_after_the_knowledge_base_changes(
    client, site, django_assert_num_queries
):
    films = Film.objects.count()
    cache.clear()
    # knowledge-base version, count films, people, organizations, sources, reviews,
    # nominations, recent films
    with django_assert_num_queries(8):
        client.get("/")
    # knowledge-base version, recent films
    with django_assert_num_queries(2):
        client.get("/")
    make_film(name="Counted", slug="counted-2099", year=2099)  # bumps the version
    with django_assert_num_queries(8):
        response = client.get("/")
    assert f"<strong>{films + 1}</strong> film" in response.content.decode()


def test_sitemap_runs_two_queries_per_section(client, site, django_assert_num_queries):
    # per model section: a count for the paginator and the page of items;
    # the section of list pages runs none
    with django_assert_num_queries(2 * (len(SITEMAPS) - 1)):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200


def _grow_film(film, n, start=100):
    """Add n more rows of each kind the film page lists."""
    source = make_source()
    for i in range(n):
        person = cite(make_credit(film, billing_order=start + i), source).person
        cite(
            make_credit(
                film, person, department=Credit.Department.ART, job=Credit.Job.PRODUCTION_DESIGNER
            ),
            make_source(),
        )
        cite(make_release(film, kind=Release.Kind.HOME_MEDIA, territory=None), source)
        cite(
            make_figure(film, kind=BoxOfficeFigure.Kind.HOME_MEDIA_SALES, amount=Decimal(1000 + i)),
            source,
        )
        review = cite(make_review(film), source)
        make_quote(review)
        cite(make_quotation(film, person, review=review), source)
        event = cite(make_event(film), source)
        event.people.add(person)
        cite(make_quotation(film, person, production_event=event), source)
        cite(make_nomination(film, nominees=[person]), source)
        cite(make_top_ten_entry(film), source)


def _grow_person(person, n):
    """Add n more rows of each kind a person page lists, across n films."""
    for _ in range(n):
        film = make_film()
        character = make_character(film)
        cite(make_credit(film, person, character=character))
        cite(make_review(film, critic=person))
        cite(make_nomination(film, nominees=[person]))
        cite(make_event(film)).people.add(person)
        cite(make_quotation(film, person))


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_film_and_person_pages_run_the_same_queries_for_1_and_20_rows(client, db):
    small = build_site()
    film, person = small["film"], small["lead"]
    _grow_film(film, 1)
    _grow_person(person, 1)
    pages = {"overview": film.get_absolute_url(), **section_urls(film.slug)}
    film_urls = list(pages.values())
    person_url = person.get_absolute_url()
    film_small = [_count(client, url) for url in film_urls]
    person_small = _count(client, person_url)

    _grow_film(film, 19, start=200)
    _grow_person(person, 19)
    assert [_count(client, url) for url in film_urls] == film_small
    assert film_small == [len(FILM_PAGE_QUERIES[page]) for page in pages]
    assert _count(client, person_url) == person_small
