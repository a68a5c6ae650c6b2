"""Plain modules behind the pages: citation numbering, chart geometry, search, template tags."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from filmkb.dates import PartialDate
from filmkb.templatetags.filmkb import safe_url
from films.charts import bar_chart
from films.citations import CitationIndex
from films.jsonld import iso_duration
from films.pages.film import group_disagreements
from films.search import MAX_QUERY_LENGTH, search
from tests.builders import (
    cite,
    make_character,
    make_credit,
    make_disagreement,
    make_figure,
    make_film,
    make_organization,
    make_person,
    make_source,
)


class FakeCitation:
    def __init__(self, source, locator="", note=""):
        self.source = source
        self.source_id = id(source)
        self.locator = locator
        self.note = note


class FakeCitations(list):
    def all(self):
        return self


class FakeFact:
    class _meta:  # mimics a model's _meta
        label_lower = "tests.fake"

    def __init__(self, pk, *citations):
        self.pk = pk
        self.citations = FakeCitations(citations)


def test_sources_are_numbered_in_order_of_first_use_and_keep_their_number():
    a, b, c = object(), object(), object()
    index = CitationIndex()
    index.add(FakeFact(1, FakeCitation(b)))
    index.add(FakeFact(2, FakeCitation(a), FakeCitation(b)))
    index.add(FakeFact(3, FakeCitation(c, locator="p. 4")))
    assert [m.number for m in index.markers(FakeFact(1))] == [1]
    assert [m.number for m in index.markers(FakeFact(2))] == [1, 2]
    assert [r.source for r in index.references] == [b, a, c]
    assert index.references[2].notes == []
    assert [m.locator for m in index.markers(FakeFact(3))] == ["p. 4"]
    assert index.references[0].anchor == "cite-1"


def test_registering_a_fact_twice_does_not_renumber_anything():
    a = object()
    index = CitationIndex()
    fact = FakeFact(1, FakeCitation(a))
    first = index.add(fact)
    assert index.add(fact) is first
    assert len(index) == 1


def test_an_unregistered_fact_has_no_markers():
    assert CitationIndex().markers(FakeFact(9)) == []


def test_a_fact_citing_one_source_twice_shows_one_marker():
    a = object()
    index = CitationIndex()
    markers = index.add(FakeFact(1, FakeCitation(a, "p. 1"), FakeCitation(a, "p. 2")))
    assert [(m.number, m.locator) for m in markers] == [(1, "p. 1; p. 2")]
    assert index.references[0].notes == []


def test_bar_chart_scales_bars_to_the_largest_amount():
    chart = bar_chart(
        [
            ("Budget", Decimal(25), "$25", "bar-budget"),
            ("Gross", Decimal(50), "$50", "bar-gross"),
            ("Nothing", Decimal(0), "$0", "bar-gross"),
        ],
        width=500,
    )
    budget, gross, nothing = chart.bars
    assert gross.width == 500 - 2 * 4  # the full width but for the padding
    assert budget.width == gross.width // 2
    assert nothing.width == 0
    assert budget.y < gross.y < nothing.y
    assert chart.height > nothing.y + nothing.height
    # each label sits on its own line above its bar, not beside it
    for bar in chart.bars:
        assert bar.label_y < bar.y and bar.x == bar.value_x


def test_bar_chart_of_no_rows_is_empty():
    assert bar_chart([]).bars == []


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(126, "PT2H6M"), (120, "PT2H"), (45, "PT45M"), (None, None), (0, None)],
)
def test_running_time_becomes_an_iso_8601_duration(minutes, expected):
    assert iso_duration(minutes) == expected


def _render(source, **context):
    return Template("{% load filmkb %}" + source).render(Context(context))


def test_dates_render_at_their_precision_inside_time_elements():
    html = _render("{% when d %}", d=PartialDate(2012, qualifier="mid"))
    assert html == '<time datetime="2012">mid-2012</time>'
    assert _render("{% when d %}", d=PartialDate(2013, 12, 18)) == (
        '<time datetime="2013-12-18">18 December 2013</time>'
    )
    assert "not stated in sources" in _render("{% when d %}", d=None)


def test_date_ranges_render_two_time_elements():
    html = _render("{% span a b %}", a=PartialDate(2012, 5), b=PartialDate(2012, 7))
    assert html.count("<time") == 2


def test_jsonld_escapes_script_endings_in_data():
    html = _render("{% jsonld data %}", data={"name": "</script><script>alert(1)</script>"})
    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E" in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("javascript:alert(1)", ""),
        (" JAVASCRIPT:alert(1)", ""),
        ("data:text/html,x", ""),
        ("", ""),
    ],
)
def test_only_http_urls_are_linked(url, expected):
    assert safe_url(url) == expected


@pytest.mark.django_db
def test_facts_sharing_a_disagreement_are_grouped_at_the_first_ones_place():
    film = make_film()
    dispute = make_disagreement(film)
    budget = make_figure(film, kind="budget")
    first = make_figure(film, disagreement=dispute)
    second = make_figure(film, disagreement=dispute)
    groups = group_disagreements([budget, first, second])
    assert [g.facts for g in groups] == [[budget], [first, second]]
    assert groups[1].disputed
    assert not groups[0].disputed


@pytest.mark.django_db
def test_search_finds_people_films_organizations_characters_and_sources_by_kind():
    film = make_film(name="Quiet Harbor")
    make_person(name="Scarlett Johansson")
    make_organization(name="Harbor Pictures")
    make_character(film, name="Harbor Keeper")
    make_source(title="Notes from the harbor")
    results = search("harbor")
    kinds = {g.kind: [str(i) for i in g.items] for g in results.groups}
    assert set(kinds) == {"films", "organizations", "characters", "sources"}
    assert search("Johansson").groups[0].kind == "people"


@pytest.mark.django_db
def test_search_matches_a_prefix_and_an_alias():
    person = make_person(name="Scarlett Johansson")
    person.aliases.create(name="ScarJo")
    assert search("Johans").groups[0].items == [person]
    assert search("scarjo").groups[0].items == [person]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "\x00", "x" * (MAX_QUERY_LENGTH + 1), '"unbalanced', "-", "a & | ! b"],
)
def test_search_never_raises_on_junk_and_explains_itself(query):
    results = search(query)
    assert results.groups == [] or results.total >= 0
    if not results.groups:
        assert results.message


@pytest.mark.django_db
def test_a_cited_fact_renders_markers_linking_to_its_reference():
    film = make_film()
    credit = cite(make_credit(film, make_person()), make_source())
    index = CitationIndex()
    index.add(credit)
    html = _render("{% cites fact %}", fact=credit, citations=index)
    assert '<a href="#cite-1"' in html
    assert "[1]" in html
