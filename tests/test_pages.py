"""What readers see: the film page's sections and citations, entity pages, lists and errors."""

import itertools
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from filmkb.dates import PartialDate
from filmkb.listing import BoundedPaginator
from films.models import Film, Source
from films.pages import facts
from films.pages.sections import SECTIONS, film_page, section_urls
from films.pages.site import TIMELINE_FILMS
from tests.builders import (
    cite,
    make_ceremony,
    make_credit,
    make_event,
    make_film,
    make_nomination,
    make_person,
    make_source,
)
from tests.site_data import build_site


@pytest.fixture
def site(db):
    return build_site()


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


class Outline(HTMLParser):
    """Headings, ids and the order of citation links in a page."""

    def __init__(self):
        super().__init__()
        self.headings = []
        self.cite_links = []
        self.ids = set()
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("#cite-"):
            self.cite_links.append(int(href.removeprefix("#cite-")))


def _outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def _film_pages_html(client, slug="her"):
    """The film's overview and every section page, one after another."""
    urls = [f"/films/{slug}/", *section_urls(slug).values()]
    return "".join(_html(client, url) for url in urls)


def test_film_page_has_every_section_of_the_issue(client, site):
    html = _film_pages_html(client)
    for section in [
        "summary", "plot", "cast", "crew", "production", "music", "release", "box-office",
        "critical-response", "top-ten", "accolades", "themes", "related-works", "dedication",
        "references",
    ]:  # fmt: skip
        assert f'id="{section}"' in html, section
    for label in [
        "Directed by", "Written by", "Produced by", "Starring", "Music by", "Cinematography",
        "Edited by", "Production companies", "Distributed by", "Release dates", "Running time",
        "Country", "Language", "Budget", "Box office",
    ]:  # fmt: skip
        assert f"<dt>{label}</dt>" in html, label


def test_citation_markers_are_numbered_in_order_of_first_use(client, site):
    outline = _outline(_html(client, "/films/her/"))
    first_uses = list(dict.fromkeys(outline.cite_links))
    assert first_uses == sorted(first_uses)
    assert first_uses == list(range(1, len(first_uses) + 1))
    for number in first_uses:
        assert f"cite-{number}" in outline.ids


def test_each_reference_links_to_its_source_page_and_original_url(client, site):
    html = _html(client, "/films/her/")
    references = html[html.index('id="references"') :]
    assert 'href="/sources/reel-interview/"' in references
    assert 'href="https://example.org/interview"' in references
    assert 'href="https://archive.example.org/interview"' in references


def test_page_has_one_h1_and_headings_never_skip_a_level(client, site):
    for url in ["/", "/films/her/", "/people/scarlett-johansson/", "/films/", "/search/?q=her"]:
        levels = _outline(_html(client, url)).headings
        assert levels.count(1) == 1, url
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (url, levels)


def test_disagreeing_values_appear_side_by_side_with_a_note_and_a_link(client, site):
    html = _html(client, "/films/her/")
    assert "Sources disagree on this value." in html
    assert "$47.4 million" in html
    assert "over $48.1 million" in html
    assert 'href="/films/her/disagreements/worldwide-gross/"' in html


def test_disagreement_page_lists_each_value_with_its_citations(client, site):
    html = _html(client, "/films/her/disagreements/worldwide-gross/")
    assert "Worldwide gross" in html
    assert len(set(_outline(html).cite_links)) == 2


def test_a_superseded_release_shows_both_dates_and_is_marked(client, site):
    html = _html(client, "/films/her/release/")
    release = html[html.index('id="release"') : html.index('id="box-office"')]
    assert '<time datetime="2013-11-20">20 November 2013</time>' in release
    assert '<time datetime="2013-12-18">18 December 2013</time>' in release
    assert "superseded" in release


def test_unknown_values_say_not_stated_instead_of_blank(client, db):
    film = make_film(name="Bare", slug="bare", runtime_minutes=None)
    html = _html(client, section_urls(film.slug)["cast"])
    running = html[html.index("<dt>Running time</dt>") :]
    assert running.startswith(
        '<dt>Running time</dt><dd><span class="unknown">not stated in sources'
    )


def test_box_office_chart_is_an_accessible_svg_with_a_table(client, site):
    html = _html(client, "/films/her/release/")
    assert re.search(r'<svg role="img" aria-labelledby="chart-title chart-desc"', html)
    assert '<title id="chart-title">' in html
    assert "<caption>Budget, grosses and sales of Her</caption>" in html
    assert '<th scope="row">Production budget</th>' in html


def test_reviews_show_quotations_attributed_to_the_critic(client, site):
    html = _html(client, "/films/her/reception/")
    assert "<blockquote><p>a tender marvel</p></blockquote>" in html
    assert "— Dana Critic, on the film" in html


def test_accolades_compare_stated_tallies_with_listed_nominations(client, site):
    html = _html(client, "/films/her/awards/")
    assert "Sources state" in html
    assert "2 nominations" in html
    assert "this knowledge base lists 2 nominations and 1 win" in html


def test_dates_on_the_timeline_keep_their_precision(client, site):
    html = _html(client, "/timeline/")
    assert '<time datetime="2012">mid-2012</time>' in html
    assert '<time datetime="2013-08">August 2013</time>' in html
    assert 'href="/awards/nominations/her/screenplay/"' in html


def test_source_page_lists_every_fact_that_cites_it(client, site):
    html = _html(client, "/sources/grosses/")
    assert "rely on this source" in html
    assert "Production budget" in html
    assert "ScoreSite" in html  # the aggregate scores
    html = _html(client, "/sources/awards-list/")
    assert "Best Screenplay" in html


def test_a_source_cited_by_many_kinds_of_fact_lists_them_page_by_page(client, site):
    source = Source.objects.get(key="reel-interview")
    citing = facts.tables_holding(facts.citation_models(), source=source)
    assert len(citing) > facts.KINDS_PER_PAGE  # the test data cites it from 16 tables
    first = _html(client, "/sources/reel-interview/")
    second = _html(client, "/sources/reel-interview/?page=2")
    assert "page 1 of 2" in first and "page 2 of 2" in second
    assert 'rel="next" href="?page=2"' in first
    kinds = {
        page: set(re.findall(r"</a></th><td>([^<]+)</td>", html))
        for page, html in (("first", first), ("second", second))
    }
    assert len(kinds["first"]) == facts.KINDS_PER_PAGE
    assert not kinds["first"] & kinds["second"]  # each kind on one page
    assert len(kinds["first"] | kinds["second"]) == len(citing)
    _html(client, "/sources/reel-interview/?page=3", status=404)
    _html(client, "/sources/reel-interview/?page=x", status=404)


def test_person_page_has_one_filmography_row_per_film_with_roles_by_department(client, site):
    html = _html(client, "/people/ada-director/")
    filmography = html[html.index('class="filmography"') : html.index("</table>")]
    assert filmography.count('<tr><th scope="row">') == 1  # one film, one row
    for department in ["Directing", "Writing", "Production"]:
        assert f'<span class="department">{department}</span>' in filmography


def test_organization_page_shows_its_roles(client, site):
    html = _html(client, "/organizations/daily-reel/")
    assert 'id="publication"' in html
    assert "Reel Media Group" in html  # parent
    html = _html(client, "/organizations/screen-academy/")
    assert 'id="awards"' in html
    assert "1st Screen Awards" in html


def test_detail_pages_have_breadcrumbs(client, site):
    for url in ["/films/her/", "/people/scarlett-johansson/", "/sources/grosses/",
                "/awards/ceremonies/screen-awards-1/"]:  # fmt: skip
        assert '<nav aria-label="Breadcrumb"' in _html(client, url)


def test_missing_pages_answer_a_styled_404(client, db):
    for url in ["/films/nope/", "/people/nope/", "/sources/nope/", "/awards/nominations/x/y/"]:
        html = _html(client, url, status=404)
        assert "Page not found" in html
        assert 'id="content"' in html


def test_the_500_page_renders_without_a_request(db):
    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_pages_refuse_methods_that_write(client, site):
    assert client.post("/films/her/").status_code == 405


def test_lists_filter_sort_and_keep_filters_when_paging(client, db):
    person = make_person(name="Solo Actor")
    for i in range(30):
        film = make_film(name=f"Film {i:02d}", year=2000 + i % 3)
        make_credit(film, person)
    html = _html(client, "/films/?year=2001&sort=-name")
    assert "Film 28" in html
    assert "Film 00" not in html
    html = _html(client, "/films/?sort=name")
    assert 'rel="next" href="?sort=name&amp;page=2"' in html
    assert '<nav aria-label="Pagination"' in html
    html = _html(client, "/films/?sort=name&page=2")
    assert 'rel="prev"' in html


def test_people_list_filters_by_department_and_job(client, site):
    html = _html(client, "/people/?department=directing")
    assert "Ada Director" in html
    assert "Ben Lead" not in html
    html = _html(client, "/people/?job=actor")
    assert "Ben Lead" in html


@pytest.mark.parametrize(
    "url",
    [
        "/films/?sort=nonsense",
        "/films/?genre=%27%3B--",
        "/films/?year=abc",
        "/films/?year=1e999",
        "/people/?department=nope",
        "/organizations/?kind=nope",
        "/sources/?year=-1",
        "/reviews/?sentiment=ecstatic",
        "/awards/nominations/?ceremony=nope&result=lost",
        "/films/?genre=" + "x" * 5000,
    ],
)
def test_junk_filters_get_a_clear_400_page_not_an_error(client, site, url):
    html = _html(client, url, status=400)
    assert "Some filters were not understood" in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "9" * 50])
def test_bad_page_numbers_get_a_404(client, site, page):
    _html(client, f"/films/?page={page}", status=404)


@pytest.mark.parametrize("query", ["", "%00", "x" * 5000, "%22%22%22", "Johansson"])
def test_search_always_answers_200(client, site, query):
    html = _html(client, f"/search/?q={query}")
    assert "<h1>Search</h1>" in html


def test_search_groups_results_by_kind(client, site):
    html = _html(client, "/search/?q=her")
    assert 'id="results-films"' in html
    assert 'href="/films/her/"' in html


def test_hostile_text_is_rendered_inert(client, db):
    film = make_film(name='<script>alert(1)</script>"><img src=x onerror=alert(2)>', slug="evil")
    source = make_source(title="</script><script>alert(3)</script>", url="javascript:alert(4)")
    cite(make_credit(film, make_person(name="<b>Bold</b>")), source)
    html = _html(client, film.get_absolute_url())
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_inline_scripts_or_styles_except_json_ld(client, site):
    for url in ["/", "/films/her/", "/people/scarlett-johansson/", "/timeline/"]:
        html = _html(client, url)
        assert " style=" not in html
        for tag in re.findall(r"<script[^>]*>", html):
            assert tag == '<script type="application/ld+json">', (url, tag)


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_pages_with_lastmod(client, site):
    response = client.get(reverse("sitemap"))
    body = response.content.decode()
    assert "<loc>http://testserver/films/her/</loc>" in body
    assert "<lastmod>" in body
    assert Film.objects.count() == 1


def test_home_shows_counts_and_entry_points(client, site):
    html = _html(client, "/")
    for url in ["/films/", "/people/", "/organizations/", "/awards/", "/sources/", "/timeline/"]:
        assert f'href="{url}"' in html
    assert 'type="search"' in html
    assert "<strong>1</strong> film" in html


def _unshown_facts(film):
    pages = [film_page(film.slug, section) for section in SECTIONS if section != "references"]
    return [
        f"{model.__name__} {fact.key}"
        for model in facts.fact_models()
        for fact in model._default_manager.filter(film=film)
        if not any(page.citations.is_registered(fact) for page in pages)
    ]


def test_every_fact_of_a_film_is_shown_on_its_page_with_its_citations(site):
    assert _unshown_facts(site["film"]) == []


# The article and the fictional second film: tests/test_many_films.py.


def test_timeline_lists_undated_results_under_their_ceremony_apart_from_dated_ones(client, db):
    film = make_film(slug="undated-film")
    ceremony = make_ceremony(name="Undated Awards", date=None)
    make_nomination(film, ceremony, key="undated-nomination", result="won")
    html = _html(client, "/timeline/")
    undated = html[html.index('id="undated"') :]
    assert undated.index("Undated Awards</a>") < undated.index("Award: won")
    assert 'href="/awards/nominations/undated-film/undated-nomination/"' in undated


def test_the_timeline_tells_a_page_of_films_at_a_time_oldest_first(client, db):
    per_page = TIMELINE_FILMS
    years = range(2001, 2001 + per_page + 1)  # a full first page, one film on the second
    for year in years:
        film = make_film(name=f"Film of {year}", slug=f"film-{year}", year=year)
        make_event(film, title=f"Shot in {year}", date=PartialDate(year, 5))
    first, second = _html(client, "/timeline/"), _html(client, "/timeline/?page=2")
    last_on_first = years[per_page - 1]
    assert "Shot in 2001" in first and f"Shot in {last_on_first}" in first
    assert f"Shot in {last_on_first + 1}" not in first and f"Shot in {years[-1]}" in second
    assert f"Shot in {last_on_first}" not in second
    assert 'rel="next" href="?page=2"' in first
    assert f'href="/films/film-{years[-1]}/">Film of {years[-1]}</a> ({years[-1]})' in second
    assert client.get("/timeline/?page=3").status_code == 404
    assert client.get("/timeline/?page=x").status_code == 404


LIST_URLS = [
    "/films/",
    "/people/",
    "/organizations/",
    "/sources/",
    "/reviews/",
    "/awards/nominations/",
    "/search/",
]


def test_arbitrary_query_strings_on_lists_and_search_never_cause_a_server_error(client, site):
    keys = st.sampled_from(
        [
            "page",
            "sort",
            "q",
            "year",
            "genre",
            "kind",
            "department",
            "job",
            "result",
            "ceremony",
            "sentiment",
            "publication",
            "x",
        ]
    )
    values = st.text(max_size=300) | st.integers(-(10**30), 10**30).map(str)

    @hypothesis_settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(url=st.sampled_from(LIST_URLS), params=st.lists(st.tuples(keys, values), max_size=4))
    def check(url, params):
        query = urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in params])
        response = client.get(f"{url}?{query}")
        assert response.status_code in {200, 400, 404}, (url, params)

    check()


def test_robots_txt_does_not_reveal_the_admin_path(client, db, settings):
    assert settings.ADMIN_URL not in client.get("/robots.txt").content.decode()


def test_a_later_list_page_shows_the_rows_of_a_plain_slice_in_list_order(db):
    for n in range(7):
        make_source(title=f"Source {n % 3}", key=f"source-{n}")

    queryset = Source.objects.for_list()
    expected = [s.key for s in queryset[3:6]]

    page = BoundedPaginator(queryset, 3).page(2)

    assert [s.key for s in page.object_list] == expected
    assert page.has_next() and page.has_previous()


@pytest.mark.parametrize("year", [2013, 9999])
def test_source_list_by_year_keeps_every_precision_of_that_year_only(client, db, year):
    inside = [f"{year}", f"{year}-12", f"{year}-12-18", f"{year}~mid"]
    for n, published in enumerate([*inside, "2012-12-31", "2014"]):
        make_source(title=f"Dated {published}", key=f"dated-{n}", published=published)

    response = client.get(f"/sources/?year={year}")

    shown = {s.title for s in response.context["listing"].page.object_list}
    assert shown == {f"Dated {published}" for published in inside}
