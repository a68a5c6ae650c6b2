"""Compression (issue 10, point 5): gzip for public pages, none near a secret; hashed statics."""

import gzip

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from whitenoise.middleware import WhiteNoiseMiddleware

from films.models import SiteState
from tests.builders import make_film

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def hashed_storage(settings):
    """The project's storage (tests/conftest.py swaps in plain names for the other tests)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "filmkb.storage.StaticFilesStorage"},
    }


@pytest.fixture
def film(db, settings):
    settings.PAGE_CACHE = True
    cache.clear()
    SiteState.objects.create(version=1)
    yield make_film(name="Compressed Film", slug="compressed-film")
    cache.clear()


@pytest.mark.parametrize("visit", ["miss", "hit"])
def test_a_public_page_is_sent_gzip_to_a_reader_who_accepts_it(client, film, visit):
    plain = client.get("/films/compressed-film/")
    compressed = client.get("/films/compressed-film/", headers=GZIP)

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    assert not plain.has_header("Content-Encoding")
    assert compressed["ETag"] != plain["ETag"]


def test_the_compressed_page_revalidates_with_its_own_tag(client, film):
    etag = client.get("/films/compressed-film/", headers=GZIP)["ETag"]

    response = client.get("/films/compressed-film/", headers={**GZIP, "if-none-match": etag})

    assert response.status_code == 304


def test_an_uncached_public_page_is_compressed_too(client, film, settings):
    settings.PAGE_CACHE = False

    response = client.get("/films/", headers=GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert b"Compressed Film" in gzip.decompress(response.content)


def test_pages_with_a_csrf_token_are_never_compressed(db, settings):
    """BREACH: the admin's login form carries the CSRF token."""
    response = Client().get(f"/{settings.ADMIN_URL}login/", headers=GZIP)

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_signed_in_curators_get_uncompressed_pages(curator_client, film):
    response = curator_client.get("/films/compressed-film/", headers=GZIP)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_collectstatic_writes_hashed_compressed_files_served_for_ever(
    hashed_storage, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    storage = type(staticfiles_storage._wrapped)()  # a fresh one reads the new manifest

    url = storage.url("css/site.css")
    hashed = url.rsplit("/", 1)[-1]

    assert hashed != "site.css" and hashed.startswith("site.") and hashed.endswith(".css")
    assert (tmp_path / "css" / hashed).exists()
    assert (tmp_path / "css" / f"{hashed}.gz").exists()
    whitenoise = WhiteNoiseMiddleware(lambda request: None)
    assert whitenoise.immutable_file_test(str(tmp_path / "css" / hashed), url)


def test_pages_render_before_collectstatic_has_run(
    client, film, hashed_storage, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.PAGE_CACHE = False

    response = client.get("/films/compressed-film/")

    assert response.status_code == 200
    assert b"css/site.css" in response.content
