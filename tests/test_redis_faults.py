"""With Redis down, stopped mid-run or silent, pages are still served and /healthz says
"degraded"; when Redis returns, caching resumes without a restart.

Each test runs its own redis-server (no persistence) on a free port and stops,
freezes (SIGSTOP: the kernel still accepts connections, nothing answers) or
restarts it; the shared Redis other work uses is never touched.
"""

import shutil
import time

import pytest
from django.core.cache import caches
from django.test import Client

from films.models import SiteState
from tests.builders import make_film
from tests.faultkit import RedisServer, SilentServer, free_port

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="needs redis-server (apt-get install redis-server)",
)

RETRY_SECONDS = 0.3
DOES_NOT_HANG = 5.0


def use_redis(settings, url):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "filmkb.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": 0.3,
                "socket_timeout": 0.3,
                "retry_seconds": RETRY_SECONDS,
            },
        }
    }


@pytest.fixture
def film(db):
    SiteState.objects.create(version=1)
    return make_film(name="Her", slug="her")


@pytest.fixture
def redis_server(settings):
    server = RedisServer().start()
    use_redis(settings, server.url)
    yield server
    server.close()


def get(path):
    start = time.monotonic()
    response = Client(raise_request_exception=False).get(path)
    return response, time.monotonic() - start


def assert_served_uncached(path="/films/her/"):
    response, elapsed = get(path)
    assert response.status_code == 200
    assert b"Her" in response.content
    assert elapsed < DOES_NOT_HANG
    return response


def assert_healthz(cache_state):
    response, elapsed = get("/healthz")
    assert elapsed < DOES_NOT_HANG
    assert response.status_code == 200  # the site can serve pages: not down
    body = response.json()
    assert body["cache"] == cache_state
    assert body["database"] == "ok"
    assert body["status"] == ("ok" if cache_state == "ok" else "degraded")


def wait_until_retry():
    time.sleep(RETRY_SECONDS + 0.1)


def test_with_redis_up_pages_are_cached_in_it(redis_server, film):
    assert get("/films/her/")[0]["X-Page-Cache"] == "miss"
    assert get("/films/her/")[0]["X-Page-Cache"] == "hit"
    assert_healthz("ok")


def test_redis_stopped_mid_run_pages_are_served_and_caching_resumes_when_it_returns(
    redis_server, film
):
    assert get("/films/her/")[0]["X-Page-Cache"] == "miss"
    redis_server.stop()

    assert_served_uncached()
    assert_served_uncached("/")  # the home page's cached counts are computed instead
    assert_healthz("degraded")

    redis_server.start()  # same port, empty: a restarted Redis
    wait_until_retry()
    assert get("/films/her/")[0]["X-Page-Cache"] == "miss"
    assert get("/films/her/")[0]["X-Page-Cache"] == "hit"  # same process, no restart
    assert_healthz("ok")


def test_redis_silent_pages_are_served_within_the_socket_timeout_and_caching_resumes(
    redis_server, film
):
    assert get("/films/her/")[0]["X-Page-Cache"] == "miss"
    redis_server.freeze()
    try:
        assert_served_uncached()
        assert_served_uncached()  # no wait at all until the retry interval has passed
        assert_healthz("degraded")
    finally:
        redis_server.thaw()
    wait_until_retry()
    assert get("/films/her/")[0]["X-Page-Cache"] == "hit"  # the entry survived the freeze
    assert_healthz("ok")


def test_redis_down_from_the_start_pages_are_served(settings, film):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    assert_served_uncached()
    assert_served_uncached("/")
    assert_healthz("degraded")


def test_a_redis_that_accepts_and_never_answers_costs_one_timeout_per_retry_interval(
    settings, film
):
    with SilentServer() as silent:
        use_redis(settings, f"redis://127.0.0.1:{silent.port}/0")
        cache = caches["default"]
        start = time.monotonic()
        assert cache.get("anything") is None
        assert 0.25 < time.monotonic() - start < DOES_NOT_HANG  # waited one socket timeout
        assert cache.degraded
        start = time.monotonic()
        cache.set("anything", 1)
        assert cache.get("anything", "default") == "default"
        assert time.monotonic() - start < 0.25  # skipped: no second wait
        assert_served_uncached()
        assert_healthz("degraded")


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(redis_server, film, caplog):
    redis_server.stop()
    for _ in range(3):
        assert_served_uncached()
        wait_until_retry()  # each request tries Redis again, and fails again
    redis_server.start()
    assert_served_uncached()
    assert_served_uncached()

    messages = [r.getMessage() for r in caplog.records if r.name == "filmkb.cache"]
    assert len(messages) == 2, messages
    assert messages[0].startswith("Cache unavailable (get: ConnectionError")
    assert messages[1] == "Cache available again; pages are cached again"
