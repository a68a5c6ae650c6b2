"""Whole-page cache for readers, keyed by the knowledge-base version.

Every write to the knowledge base (an admin edit through ``filmkb.signals``, a
fixture reload through ``films.sync``, synthetic data through
``films.scale``) adds one to the version (``filmkb.versioning``). A public page is a
function of that version and its address, so the rendered page is stored under
``(version, host, path and query)`` and served again until the version moves;
after a write the next reader gets a freshly rendered page, never a stale one,
on every server that shares the cache (local memory by default, Redis when
``REDIS_URL`` is set).

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

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from filmkb.versioning import current_state

CACHE_ALIAS = "default"
MAX_PATH_LENGTH = 1000
KEY_PREFIX = "kbpage"


def page_key(request, version):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{version}:{request.get_host()}:{request.method == 'HEAD'}:{digest}"


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
    if len(request.get_full_path()) > MAX_PATH_LENGTH:
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
