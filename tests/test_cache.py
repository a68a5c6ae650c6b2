"""The whole-page cache (filmkb/cache.py): served again until the knowledge base changes."""

import importlib
import json
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from filmkb import settings as project_settings
from films import sync
from films.models import Film, SiteState
from tests import knowledge_base
from tests.admin_forms import admin_url, form_data
from tests.builders import make_film

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def film(db):
    SiteState.objects.create(version=1)
    return make_film(name="Cached Film", slug="cached-film", tagline="First tagline")


def test_a_second_anonymous_request_is_served_from_the_cache(client, page_cache, film):
    first = client.get("/films/cached-film/")
    second = client.get("/films/cached-film/")

    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second


def test_a_cache_hit_costs_one_query(client, page_cache, film, django_assert_num_queries):
    client.get("/films/cached-film/")

    with django_assert_num_queries(1):  # the knowledge-base version
        assert client.get("/films/cached-film/")["X-Page-Cache"] == "hit"


def test_a_matching_if_none_match_gets_304_with_no_body(client, page_cache, film):
    etag = client.get("/films/cached-film/")["ETag"]

    response = client.get("/films/cached-film/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_matching_if_modified_since_gets_304(client, page_cache, film):
    last_modified = client.get("/films/cached-film/")["Last-Modified"]

    response = client.get("/films/cached-film/", headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_a_stale_etag_gets_the_full_page(client, page_cache, film):
    response = client.get("/films/cached-film/", headers={"if-none-match": '"0-stale"'})

    assert response.status_code == 200
    assert b"Cached Film" in response.content


def test_a_model_save_invalidates_cached_pages(client, page_cache, film):
    etag = client.get("/films/cached-film/")["ETag"]

    film.tagline = "Second tagline"
    film.save()

    response = client.get("/films/cached-film/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert b"Second tagline" in response.content
    assert response["ETag"] != etag


def test_an_admin_edit_invalidates_cached_pages(client, curator_client, page_cache, film):
    reader = Client()
    assert b"First tagline" in reader.get("/films/cached-film/").content
    url = admin_url(Film, "change", film.pk)
    data = form_data(curator_client.get(url))
    data["tagline"] = "Edited in the admin"

    assert curator_client.post(url, data).status_code == 302

    page = reader.get("/films/cached-film/")
    assert b"Edited in the admin" in page.content
    assert b"First tagline" not in page.content


def test_a_reload_invalidates_cached_pages(client, page_cache, db, tmp_path):
    fixture_dir = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, fixture_dir)
    dirs = [fixture_dir, knowledge_base.TEST_FILM_DIR]  # the article and the test film
    sync.reload_fixtures(fixture_dirs=dirs)
    film = Film.objects.get(slug=knowledge_base.ARTICLE_FILM)
    before = client.get(film.get_absolute_url())
    assert client.get(film.get_absolute_url())["X-Page-Cache"] == "hit"

    film_file = fixture_dir / "films" / knowledge_base.ARTICLE_FILM / "film.json"
    rows = json.loads(film_file.read_text())
    for row in rows:
        if row["model"] == "films.film":
            row["fields"]["tagline"] = "A tagline changed by the reload"
    film_file.write_text(json.dumps(rows))
    sync.reload_fixtures(fixture_dirs=dirs, force=True)

    after = client.get(film.get_absolute_url(), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["X-Page-Cache"] == "miss"
    assert b"A tagline changed by the reload" in after.content

    sync.reload_fixtures(fixture_dirs=dirs)  # changes nothing: the cached page stays good
    assert client.get(film.get_absolute_url())["X-Page-Cache"] == "hit"


def test_signed_in_curators_always_get_a_fresh_page(curator_client, page_cache, film):
    curator_client.get("/films/cached-film/")
    response = curator_client.get("/films/cached-film/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("url", ["/healthz", "/admin/login/"])
def test_health_checks_and_the_admin_are_never_cached(client, page_cache, film, url):
    client.get(url)

    assert "X-Page-Cache" not in client.get(url)


def test_missing_pages_are_not_cached(client, page_cache, film):
    client.get("/films/no-such-film/")
    response = client.get("/films/no-such-film/")

    assert response.status_code == 404
    assert "X-Page-Cache" not in response


def test_posts_are_never_served_from_the_cache(client, page_cache, film):
    client.get("/films/cached-film/")

    assert "X-Page-Cache" not in client.post("/films/cached-film/")


def test_the_cache_can_be_switched_off(client, settings, film):
    settings.PAGE_CACHE = False

    client.get("/films/cached-film/")
    response = client.get("/films/cached-film/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "ETag" not in response


def test_redis_url_selects_the_redis_backend(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.CACHES["default"]["BACKEND"].endswith("RedisCache")
        assert reloaded.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(project_settings)


def test_a_bad_redis_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "localhost:6379")
    try:
        with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
            importlib.reload(project_settings)
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(project_settings)
