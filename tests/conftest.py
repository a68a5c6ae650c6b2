import pytest
from django.core.cache import cache

from filmkb.curators import create_curator


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Render every page afresh so query counts are the view's own; tests/test_cache.py
    switches the whole-page cache back on."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _plain_static_names(settings):
    """Statics linked by their plain names, which the live server's finders serve whether
    or not collectstatic has run; tests/test_compression.py checks the hashed storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: test databases repeat versions, so a value
    cached under one test's knowledge-base version must not reach the next test."""

    cache.clear()


@pytest.fixture
def curator(db):
    """A staff user in the Curators group (made as `create_curator` makes one)."""

    return create_curator("curator", "curator@example.org", "curator-pass-123", validate=False)


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path_factory):
    """`reload_fixtures --force` writes its backup to a scratch folder, not the checkout."""
    settings.RELOAD_BACKUP_DIR = tmp_path_factory.mktemp("backups")
