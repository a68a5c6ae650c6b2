"""A real PostgreSQL outage seen by a real gunicorn: 503 while it lasts, then recovery.

gunicorn (one worker, persistent connections with health checks, as `make
run` configures them) reaches PostgreSQL through a TCP proxy the test can cut
and restore, so the shared server never has to stop; the site must come back
without a restart. A second case terminates the worker's server process with
``pg_terminate_backend``, as a PostgreSQL restart or failover would.
"""

import pytest

from tests.outofprocess import (
    SHARED_TEMPLATE,
    Gunicorn,
    TcpProxy,
    fresh_database,
    on_postgres,
    parse,
    pg_admin,
)

pytestmark = [
    pytest.mark.slow,
    SHARED_TEMPLATE,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (the CI's PostgreSQL pass)",
    ),
]


@pytest.fixture
def site(tmp_path):
    url, drop = fresh_database("faults", tmp_path)
    db = parse(url)
    proxy = TcpProxy(db["HOST"], int(db["PORT"])).start()
    proxied_url = url.replace(f":{db['PORT']}/", f":{proxy.port}/")
    server = Gunicorn(proxied_url, CONN_MAX_AGE=600).wait_until_up()
    yield server, proxy, db["NAME"]
    server.stop()
    proxy.cut()
    drop()


def test_with_postgresql_unreachable_pages_answer_503_and_come_back_when_it_returns(site):
    server, proxy, _ = site
    assert server.get("/")[0] == 200
    assert server.get("/films/")[0] == 200

    proxy.cut()
    status, headers, body = server.get("/")
    assert status == 503
    assert "<h1>Temporarily unavailable</h1>" in body
    assert headers["Retry-After"] == "30"
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert server.get("/films/")[0] == 503
    assert server.get("/healthz")[0] == 503

    proxy.restore()
    # The very next requests succeed: same gunicorn process, no restart.
    assert server.get("/")[0] == 200
    assert server.get("/films/")[0] == 200
    assert server.get("/healthz")[0] == 200


def test_a_terminated_server_connection_is_replaced_transparently(site):
    server, _, name = site
    assert server.get("/")[0] == 200  # opens the persistent connection

    with pg_admin() as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()[0]
    assert killed >= 1

    # CONN_MAX_AGE keeps the dead connection; the health check notices and reconnects.
    assert server.get("/")[0] == 200
    assert server.get("/films/")[0] == 200
