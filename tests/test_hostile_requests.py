"""Whatever a client puts in the query string, the answer is 200, 400 or 404, never a 500.

Hypothesis throws arbitrary query strings (known parameter names with junk
values, unknown names, raw bytes with broken percent-escapes and invalid
UTF-8) at every list, facet, sort, pagination and search URL; the named
cases below check that the oversized and malformed ones get a clear page.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import make_credit, make_film, make_nomination, make_person, make_review
from tests.html_audit import audit_html

ALLOWED = {200, 400, 404}

LIST_URLS = [
    ("films:home", {}),
    ("films:film_list", {}),
    ("films:review_list", {}),
    ("films:source_list", {}),
    ("films:search", {}),
    ("films:timeline", {}),
    ("people:person_list", {}),
    ("people:organization_list", {}),
    ("awards:index", {}),
    ("awards:nomination_list", {}),
]

PARAMETERS = [
    "page",
    "sort",
    "q",
    "genre",
    "country",
    "language",
    "year",
    "publication",
    "sentiment",
    "department",
    "job",
    "name",
    "kind",
    "result",
    "ceremony",
    "kinds",
    "format",
]

NASTY_VALUES = [
    "",
    "0",
    "-1",
    "1.5",
    "1e9",
    "99999999999999999999999999",
    "-99999999999999999999",
    "NaN",
    "Infinity",
    "last",
    "abc",
    "name",
    "-name",
    "year,-name,unknown",
    "__class__",
    "pk",
    "-pk",
    "id",
    "password",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "\ud7ff\ue000",
    "😀" * 50,
    "\u202e",
    "%",
    "%%",
    "<script>alert(1)</script>",
    "a" * 5000,
    " ",
]


def urls():
    return [reverse(name, kwargs=kwargs) for name, kwargs in LIST_URLS]


@pytest.fixture
def site(db):
    film = make_film(name="Her", slug="her")
    person = make_person(name="Scarlett Johansson", slug="scarlett-johansson")
    make_credit(film=film, person=person)
    make_review(film=film)
    make_nomination(film=film)
    return film


values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.text(max_size=300),
    st.integers().map(str),
)
pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=20)), values),
    max_size=6,
)
raw_bytes = st.lists(
    st.one_of(
        st.binary(max_size=40),
        st.sampled_from([b"%", b"%f", b"%ff", b"%c3%28", b"%e2%82", b"%00", b"&&", b"==", b"+"]),
        st.sampled_from([p.encode() + b"=" for p in PARAMETERS]),
    ),
    max_size=8,
).map(b"".join)


def fetch(client, path, query_string):
    response = client.get(path, QUERY_STRING=query_string)
    assert response.status_code in ALLOWED, (path, query_string[:200], response.status_code)
    return response


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(LIST_URLS), query=pairs)
def test_any_parameters_with_any_values_never_cause_a_server_error(site, path, query):
    client = Client(raise_request_exception=False)
    fetch(client, reverse(path[0], kwargs=path[1]), urlencode(query))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(LIST_URLS), raw=raw_bytes)
def test_raw_bytes_and_broken_escapes_never_cause_a_server_error(site, path, raw):
    client = Client(raise_request_exception=False)
    # WSGI hands the query string over as the raw bytes decoded as latin-1.
    fetch(client, reverse(path[0], kwargs=path[1]), raw.decode("latin-1"))


@pytest.mark.parametrize("value", NASTY_VALUES)
@pytest.mark.parametrize("parameter", ["page", "sort", "q", "year", "genre", "name"])
def test_every_nasty_value_in_every_common_parameter_on_every_list(site, parameter, value):
    client = Client(raise_request_exception=False)
    for url in urls():
        fetch(client, url, urlencode({parameter: value}))


@pytest.mark.parametrize("path", ["/films/her/", "/people/scarlett-johansson/", "/no-such-page/"])
def test_detail_pages_ignore_junk_query_strings(site, path):
    client = Client(raise_request_exception=False)
    for value in NASTY_VALUES:
        fetch(client, path, urlencode({"q": value, "page": value}))
    fetch(client, path, "%ff%fe=%c3%28&%00")


def assert_clear_page(response, *phrases):
    html = response.content.decode()
    assert "<h1" in html
    assert 'href="#content"' in html  # the site's own page, not a bare error
    assert audit_html(html).problems == {}
    for phrase in phrases:
        assert phrase in html, phrase


def test_a_page_number_that_is_not_a_number_gets_the_not_found_page(site, client):
    response = client.get(reverse("films:film_list"), {"page": "abc"})
    assert response.status_code == 404
    assert_clear_page(response, "Page not found")


@pytest.mark.parametrize("number", ["0", "-1", "99999", "99999999999999999999999"])
def test_a_page_number_out_of_range_gets_the_not_found_page(site, client, number):
    response = client.get(reverse("people:person_list"), {"page": number})
    assert response.status_code == 404
    assert_clear_page(response)


def test_an_unknown_sort_key_is_refused_with_400_and_says_so(site, client):
    response = client.get(reverse("films:film_list"), {"sort": "password"})
    assert response.status_code == 400
    assert_clear_page(response, "Sort by")


def test_a_very_long_search_gets_a_clear_answer(site, client):
    response = client.get(reverse("films:search"), {"q": "Johansson " * 2000})
    assert response.status_code in {200, 400}
    assert_clear_page(response)


def test_a_very_long_facet_value_is_ignored_and_reported(site, client):
    response = client.get(reverse("people:person_list"), {"name": "x" * 10_000})
    assert response.status_code == 400
    assert_clear_page(response, "too long")


def test_invalid_utf8_in_the_search_gets_a_clear_answer(site, client):
    response = client.get(reverse("films:search"), QUERY_STRING="q=%ff%fe%c3%28")
    assert response.status_code in {200, 400}
    assert_clear_page(response)


def test_a_nul_byte_in_a_search_or_filter_is_not_a_server_error(site):
    client = Client(raise_request_exception=False)
    for url in [
        reverse("films:search"),
        reverse("people:person_list"),
        reverse("films:source_list"),
    ]:
        response = client.get(url, QUERY_STRING="q=a%00b&name=a%00b")
        assert response.status_code in {200, 400}, url


def test_an_oversized_url_still_gets_an_answer(site):
    client = Client(raise_request_exception=False)
    long_query = "q=" + quote("é" * 20_000)
    response = client.get(reverse("films:search"), QUERY_STRING=long_query)
    assert response.status_code in ALLOWED
