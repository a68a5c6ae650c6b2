"""What /healthz reports: each dependency's state, checked with bounded waits.

The database is required (without it no page can be shown: the site is down);
the cache is not (pages are rendered instead: the site is degraded). Neither
check waits longer than its configured timeout (see ``filmkb/middleware.py``
and ``filmkb/cache.py``).
"""

from django.core.cache import caches
from django.db import DatabaseError, connection

from filmkb.middleware import check_kept_connection


def database_status():
    """("ok", None) when the database answers, else ("down", the error's name)."""
    try:
        check_kept_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return "down", (exc.__cause__ or exc).__class__.__name__
    return "ok", None


def cache_status():
    """The shared cache's state: "ok", or "degraded" when Redis does not answer.

    The per-process local-memory cache (no ``REDIS_URL``) cannot fail.
    """
    ping = getattr(caches["default"], "ping", None)
    if ping is None or ping():
        return "ok"
    return "degraded"


def report():
    """(HTTP status, JSON body) for /healthz."""
    database, error = database_status()
    cache = cache_status()
    body = {"status": "ok", "database": database, "cache": cache}
    if database != "ok":
        body.update(status="unavailable", error=error)
        return 503, body
    if cache != "ok":
        body["status"] = "degraded"
    return 200, body
