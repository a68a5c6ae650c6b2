"""Whole-page cache for readers, keyed by the knowledge-base version.

Every write to the knowledge base (an admin edit through ``filmkb.signals``, a
fixture reload through ``films.sync``, synthetic data through
``films.scale``) adds one to the version (``filmkb.versioning``). A public page is a
function of that version and its address, so the rendered page is stored under
``(version, scheme, host, path and query)`` and served again until the version moves;
after a write the next reader gets a freshly rendered page, never a stale one,
on every server that shares the cache (local memory by default, Redis when
``REDIS_URL`` is set).

A page is rendered and keyed on the query parameters its view declares
(``query_parameters``: a list page's filters and ``page``, search's ``q``), sorted by
name; the others are dropped before the view sees the request, so a random
``?nc=`` is the same page and the same entry as none, and cannot fill the cache
or force a render. Detail pages declare none.

Each request costs one indexed single-row query to read the version. Answers
carry an ``ETag`` (the version and a digest of the body) and ``Last-Modified``
(when the version last moved), so a browser revalidating an unchanged page
gets ``304 Not Modified`` without the page being rendered or sent.

Only anonymous ``GET``/``HEAD`` requests for public pages are cached: the
admin, ``/healthz``, static files, signed-in curators, non-200 answers and
answers that set cookies always go through. ``PAGE_CACHE=0`` switches it off.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode
from redis.exceptions import RedisError

from filmkb.versioning import current_state

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
MAX_PATH_LENGTH = 1000
KEY_PREFIX = "kbpage"


def query_parameters(*names, filterset=None):
    """Declare the query parameters a view reads (a view decorator).

    The page cache renders and keys every cached page on these parameters only, in
    canonical order: any other parameter is dropped before the view sees it, so
    ``?nc=<random>`` is the same page and the same cache entry as none. A view that
    declares nothing reads no parameter (every detail page). ``filterset``: a
    django-filter FilterSet whose filters the view reads, with ``page``.
    """
    allowed = set(names)
    if filterset is not None:
        allowed |= set(filterset.base_filters) | {"page"}

    def decorate(view):
        view.page_cache_parameters = frozenset(allowed)
        return view

    return decorate


def canonical_query(request):
    """The query string the page is rendered and keyed on: the parameters its view
    declares (``query_parameters``), sorted by name, each name's values in their
    order. None when the path matches no view (a 404: never cached)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    allowed = getattr(match.func, "page_cache_parameters", frozenset())
    if not request.GET or not allowed:
        return ""
    return urlencode(
        [(name, request.GET.getlist(name)) for name in sorted(allowed & request.GET.keys())],
        doseq=True,
    )


def canonicalize(request):
    """Drop the parameters the page does not read, before the view sees the request."""
    query = canonical_query(request)
    if query is None or query == request.META.get("QUERY_STRING", ""):
        return
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)


def page_key(request, version):
    """The key of one rendered page: pages hold absolute URLs (canonical link, sitemap
    address in robots.txt), so the scheme and host are part of the address."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    origin = f"{request.scheme}://{request.get_host()}"
    return f"{KEY_PREFIX}:{version}:{origin}:{request.method == 'HEAD'}:{digest}"


def excluded_prefixes():
    return (
        "/" + settings.ADMIN_URL.lstrip("/"),
        "/healthz",
        "/" + settings.STATIC_URL.lstrip("/"),
    )


def is_cacheable_request(request):
    if not getattr(settings, "PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(excluded_prefixes()):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _entry(response, version):
    content = response.content
    etag = f'"{version}-{hashlib.md5(content, usedforsecurity=False).hexdigest()[:20]}"'
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"set-cookie", "vary", "etag", "last-modified", "cache-control"}
    ]
    return {"content": content, "headers": headers, "etag": etag}


def _response(entry, request):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    if request.method == "HEAD":
        response.content = b""
        response["Content-Length"] = str(len(entry["content"]))
    return response


class PageCacheMiddleware:
    """Serve and store anonymous public pages under the knowledge-base version.

    Sits last in ``MIDDLEWARE`` so that security headers, sessions and CSP
    are applied fresh to every answer, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        canonicalize(request)
        if len(request.get_full_path()) > MAX_PATH_LENGTH:
            return self.get_response(request)
        version, changed_at = current_state()
        cache = caches[CACHE_ALIAS]
        key = page_key(request, version)
        entry = cache.get(key)
        status = "hit"
        if entry is None:
            response = self.get_response(request)
            if not is_cacheable_response(response):
                return response
            entry = _entry(response, version)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            status = "miss"
        response = _response(entry, request)
        response["ETag"] = entry["etag"]
        if changed_at is not None:
            response["Last-Modified"] = http_date(changed_at.timestamp())
        patch_cache_control(response, no_cache=True, public=True)
        response["X-Page-Cache"] = status
        conditional = get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=int(changed_at.timestamp()) if changed_at else None,
            response=response,
        )
        return conditional


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, for which a Redis that is down or silent is a miss, not an error.

    Every wait on Redis is bounded by the ``socket_connect_timeout`` and
    ``socket_timeout`` options. When a command fails (refused, reset, timed out),
    the outage is logged once (and its end once), the call answers as a miss would (``get`` returns
    the default, ``set`` stores nothing), and for ``retry_seconds`` no command is
    sent at all, so a silent Redis costs one timeout per interval, not one per call.
    After that the next call tries again: caching resumes by itself when Redis is back.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("retry_seconds", 5.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._failing = False

    @property
    def degraded(self):
        """True while calls are skipped after a failure."""
        return time.monotonic() < self._down_until

    def ping(self):
        """Ask Redis directly (ignoring the pause); True if it answered in time."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as exc:
            self._failed("ping", exc)
            return False
        self._down_until = 0.0
        self._recovered()
        return True

    def _failed(self, operation, exc):
        if not self._failing:
            logger.warning(
                "Cache unavailable (%s: %s: %s); pages are served uncached, retrying every %ss",
                operation,
                exc.__class__.__name__,
                exc,
                self.retry_seconds,
            )
            self._failing = True
        self._down_until = time.monotonic() + self.retry_seconds

    def _recovered(self):
        if self._failing:
            logger.warning("Cache available again; pages are cached again")
            self._failing = False

    def _guarded(self, operation, fallback, *args, **kwargs):
        if self.degraded:
            return fallback
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc)
            return fallback
        self._recovered()
        return result

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, keys, version)

    def clear(self):
        return self._guarded("clear", False)
