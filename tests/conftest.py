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


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """How `make test` shares the suite between pytest-xdist workers (--dist loadgroup).

    Each test file runs whole on one worker, so its module-scoped data and its browser
    are set up once, unless the file names a group of its own: the out-of-process tests
    share one, so one worker migrates their template database (tests/outofprocess.py).
    The files with subprocess or browser tests, the longest, are handed out first, so
    that no long file starts last while the other worker sits idle.
    """
    distributed = config.getoption("loadgroup", False)  # set on xdist's workers
    if distributed:
        for item in items:
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    yield
    if distributed:
        long_files = {
            item.path
            for item in items
            if item.get_closest_marker("slow") or item.get_closest_marker("browser")
        }
        items.sort(key=lambda item: item.path not in long_files)
