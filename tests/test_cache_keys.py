"""Cache busting closed (issue 10, point 3): a page is keyed on the parameters it reads."""

import pytest
from django.core.cache import cache

from films.models import SiteState
from tests.builders import make_film


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def films(db):
    SiteState.objects.create(version=1)
    return [
        make_film(name="Cached Film", slug="cached-film", year=2013),
        make_film(name="Older Film", slug="older-film", year=1999),
    ]


def entries():
    return len(cache._cache)  # LocMemCache: the stored entries


def test_a_random_parameter_on_a_detail_page_creates_no_cache_entry(client, page_cache, films):
    first = client.get("/films/cached-film/")
    stored = entries()

    busted = client.get("/films/cached-film/?nc=8823417")
    long_junk = client.get("/films/cached-film/?nc=" + "x" * 2000)

    assert first["X-Page-Cache"] == "miss"
    assert busted["X-Page-Cache"] == long_junk["X-Page-Cache"] == "hit"
    assert busted.content == long_junk.content == first.content
    assert entries() == stored


def test_the_view_does_not_see_the_parameters_it_does_not_read(client, page_cache, films):
    response = client.get("/films/cached-film/?nc=1&utm_source=x")

    assert response.wsgi_request.GET.dict() == {}
    assert b"nc=1" not in response.content


def test_a_list_page_keys_on_its_known_parameters_in_canonical_order(client, page_cache, films):
    first = client.get("/films/?year=2013&sort=name")
    stored = entries()

    reordered = client.get("/films/?sort=name&year=2013")
    with_junk = client.get("/films/?nc=77&sort=name&year=2013&utm_campaign=z")

    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert reordered["X-Page-Cache"] == with_junk["X-Page-Cache"] == "hit"
    assert entries() == stored
    assert b"Cached Film" in first.content
    assert b"Older Film" not in first.content  # the filter still applies


def test_different_known_parameters_are_different_pages(client, page_cache, films):
    newer = client.get("/films/?year=2013")
    older = client.get("/films/?year=1999")

    assert newer["X-Page-Cache"] == older["X-Page-Cache"] == "miss"
    assert b"Older Film" in older.content
    assert b"Older Film" not in newer.content


def test_search_keeps_its_query_and_drops_the_rest(client, page_cache, films):
    first = client.get("/search/?q=Older")
    second = client.get("/search/?nc=5&q=Older")

    assert second["X-Page-Cache"] == "hit"
    assert b"Older Film" in first.content


def test_the_sitemap_keeps_its_page_number(client, page_cache, films):
    assert client.get("/sitemap.xml?p=1")["X-Page-Cache"] == "miss"
    assert client.get("/sitemap.xml?p=1&nc=3")["X-Page-Cache"] == "hit"
    assert client.get("/sitemap.xml?p=99").status_code == 404
