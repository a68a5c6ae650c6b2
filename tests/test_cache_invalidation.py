"""Invalidation proportional to the edit (issue 10, point 4), with the suite's two films."""

import threading
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from filmkb import cache as page_cache_module
from filmkb.versioning import current_state
from films.models import Film, Release
from films.pages.sections import section_urls
from people.models import Person
from tests import knowledge_base

ARTICLE = f"/films/{knowledge_base.ARTICLE_FILM}/"
TEST_FILM = f"/films/{knowledge_base.TEST_FILM}/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_films(db):
    knowledge_base.load()


def status(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"]


def only_in_article():
    """A person credited on the article's film and not on the test film."""
    return (
        Person.objects.filter(credits__film__slug=knowledge_base.ARTICLE_FILM)
        .exclude(credits__film__slug=knowledge_base.TEST_FILM)
        .order_by("slug")
        .first()
    )


def test_an_edit_to_one_films_fact_leaves_the_other_films_page_cached(
    client, page_cache, two_films
):
    person = only_in_article().get_absolute_url()
    pages = [ARTICLE, TEST_FILM, person, "/films/", "/"]
    for url in pages:
        status(client, url)
    assert [status(client, url) for url in pages] == ["hit"] * len(pages)

    release = Release.objects.filter(film__slug=knowledge_base.ARTICLE_FILM).first()
    release.note = "Edited for the cache test"
    release.save()

    assert status(client, TEST_FILM) == "hit"  # the other film's page stays
    assert status(client, person) == "hit"  # shows none of the release
    assert status(client, ARTICLE) == "miss"  # shows the release
    assert status(client, "/films/") == "miss"  # lists and home show everything
    assert status(client, "/") == "miss"
    assert b"Edited for the cache test" in client.get(release.get_absolute_url()).content


def test_an_edit_to_a_film_evicts_the_pages_that_link_it(client, page_cache, two_films):
    person = only_in_article().get_absolute_url()
    for url in (ARTICLE, TEST_FILM, person):
        status(client, url)

    film = Film.objects.get(slug=knowledge_base.ARTICLE_FILM)
    film.tagline = "A tagline written for the cache test"
    film.save()

    assert status(client, TEST_FILM) == "hit"
    assert status(client, person) == "miss"  # links to the film, shows its name
    page = client.get(ARTICLE)
    assert page["X-Page-Cache"] == "miss"
    assert b"A tagline written for the cache test" in page.content


def test_an_edit_to_a_person_evicts_every_page_that_names_them(client, page_cache, two_films):
    person = only_in_article()
    cast = section_urls(knowledge_base.ARTICLE_FILM)["cast"]  # every credit is listed there
    for url in (cast, TEST_FILM, person.get_absolute_url()):
        status(client, url)

    person.name = "Renamed For The Cache Test"
    person.save()

    assert status(client, TEST_FILM) == "hit"
    assert b"Renamed For The Cache Test" in client.get(cast).content
    assert b"Renamed For The Cache Test" in client.get(person.get_absolute_url()).content


def test_a_reload_that_changes_nothing_evicts_nothing(client, page_cache, two_films):
    for url in (ARTICLE, TEST_FILM, "/films/"):
        status(client, url)
    version = current_state()[0]

    knowledge_base.sync.reload_fixtures(fixture_dirs=knowledge_base.FIXTURE_DIRS)

    assert current_state()[0] == version
    assert [status(client, url) for url in (ARTICLE, TEST_FILM, "/films/")] == ["hit"] * 3


def test_concurrent_misses_on_one_page_render_it_once(settings, monkeypatch):
    settings.PAGE_CACHE = True
    cache.clear()
    monkeypatch.setattr(page_cache_module, "page_state", lambda: (7, None, 3, 5))
    monkeypatch.setattr(page_cache_module, "page_versions", lambda paths: {"": (3, 5)})
    renders = []

    def slow_view(request):
        renders.append(request.path)
        time.sleep(0.3)
        return HttpResponse(b"<p>rendered</p>")

    middleware = page_cache_module.PageCacheMiddleware(slow_view)
    answers = []

    def reader():
        answers.append(middleware(RequestFactory().get(ARTICLE)))

    threads = [threading.Thread(target=reader) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache.clear()

    assert len(renders) == 1
    assert sorted(a["X-Page-Cache"] for a in answers) == ["hit"] * 4 + ["miss"]
    assert {a.content for a in answers} == {b"<p>rendered</p>"}


def test_a_new_film_reaches_the_sitemap_and_the_lists(client, page_cache, two_films):
    """The sitemap has URL arguments of its own (the sitemaps), but no address names a
    thing: like the lists it goes on every write."""
    for url in ("/sitemap.xml", "/films/"):
        status(client, url)

    Film.objects.create(name="A Film Added Later", slug="a-film-added-later", year=2020)

    assert b"a-film-added-later" in client.get("/sitemap.xml").content
    assert b"A Film Added Later" in client.get("/films/").content
