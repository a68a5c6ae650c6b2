"""Whole-page cache for readers, evicting only the pages an edit makes stale.

Every write to the knowledge base moves the version (``filmkb.versioning``): an
admin edit through ``filmkb.signals``, a fixture reload through ``films.sync``,
synthetic data through ``films.scale``. A public page is stored under an address
key (scheme, host, path, canonical query) and a *generation*:

* pages about everything (no URL arguments: home, lists, search, timeline, the
  sitemap) are keyed on the version itself: any write renders them again;
* detail pages (a film, its section pages, a person, a source, a ceremony...) are
  keyed on the *shared* counter, which only writes that name no page move (a
  reload that changed something, synthetic data, a verification stamp). With the
  page the entry records what it depends on: its own path and its parents'
  (``shown``) and the paths of the site's pages it links to (``named``), with their
  versions in ``filmkb.models.PageVersion`` at render time.

A write that names its pages (``filmkb.signals.pages_of``: an edit to one film's
release names that film's page and its territory's page; an edit to a person names
their page and every page linking to it) moves those paths' versions and the
*scoped* counter, not the shared one. A cached detail page whose stored scoped
counter is behind is checked against its paths' versions (one query) and either
served and stamped with the new counter, or rendered again. So an edit to film A
leaves film B's pages cached, and a reload that changes nothing moves nothing.

Warm pages for readers with no session are mostly answered before the middleware
stack, by ``filmkb.fastlane``, with this module's ``find_slot``, ``cached_entry`` and
``cached_answer``: the same lookup, check and answer as ``PageCacheMiddleware``.

Per request: one query reads the version and both counters (a hit costs just that);
a detail hit after some page-naming write costs one more, once per entry. A miss
takes a short render lock in the cache (``cache.add``): concurrent misses on one
page wait up to ``RENDER_WAIT_SECONDS`` for that render instead of rendering too
(per process with the local-memory cache, per site with Redis). After every render,
a write that happened during it (the scoped counter moved) keeps the page from being
stored, so a stale render is never kept.

A page is rendered and keyed on the query parameters its view declares
(``query_parameters``: a list page's filters and ``page``, search's ``q``), sorted by
name; the others are dropped before the view sees the request, so a random
``?nc=`` is the same page and the same entry as none, and cannot fill the cache
or force a render. Detail pages declare none.

Answers carry an ``ETag`` (the version and a digest of the body) and ``Last-Modified``
(when the version last moved), so a browser revalidating an unchanged page
gets ``304 Not Modified`` without the page being rendered or sent.

Only anonymous ``GET``/``HEAD`` requests for public pages are cached: the
admin, ``/healthz``, static files, signed-in curators, non-200 answers and
answers that set cookies always go through. ``PAGE_CACHE=0`` switches it off.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse, QueryDict
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from redis.exceptions import RedisError

from filmkb.versioning import page_state, page_versions

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
MAX_PATH_LENGTH = 1000
KEY_PREFIX = "kbpage"
MAX_DEPENDENCY_PATH = 500  # filmkb.models.PageVersion.path
RENDER_LOCK_SECONDS = 10  # how long one miss may hold the page's render lock
RENDER_WAIT_SECONDS = 3.0  # how long other misses wait for that render before rendering too
RENDER_POLL_SECONDS = 0.05
LINK = re.compile(rb'href="(/[^"#?]*)')


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


def canonical_query(request, match):
    """The query string the page is rendered and keyed on: the parameters its view
    (``match.func``) declares (``query_parameters``), sorted by name, each name's values
    in their order."""
    allowed = getattr(match.func, "page_cache_parameters", frozenset())
    if not request.GET or not allowed:
        return ""
    return urlencode(
        [(name, request.GET.getlist(name)) for name in sorted(allowed & request.GET.keys())],
        doseq=True,
    )


@functools.lru_cache(maxsize=1024)
def _match(resolver, path):
    try:
        return resolver.resolve(path)
    except Resolver404:
        return None


def resolve_page(path):
    """``django.urls.resolve``, or None for a path no view answers. Remembered per URLconf
    for the last thousand cacheable paths: resolving cost a tenth of a cache hit."""
    resolver = get_resolver(get_urlconf())
    if len(path) > MAX_PATH_LENGTH:
        return _match.__wrapped__(resolver, path)
    return _match(resolver, path)


def canonicalize(request):
    """Drop the parameters the page does not read, before the view sees the request.

    Returns the URL match (None for a path no view answers)."""
    match = resolve_page(request.path_info)
    if match is None:
        return None
    query = canonical_query(request, match)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    return match


def own_paths(path):
    """The page's path and its parents': a film's section pages show the film's rows."""
    parts = [part for part in path.split("/") if part]
    return {"/" + "/".join(parts[:end]) + "/" for end in range(1, len(parts) + 1)}


def linked_paths(content):
    """The site's pages a rendered page links to (it shows their names)."""
    skip = excluded_prefixes()
    found = {link.decode("utf-8", "replace") for link in LINK.findall(content)}
    return {
        path for path in found if len(path) <= MAX_DEPENDENCY_PATH and not path.startswith(skip)
    }


def is_fresh(entry):
    """True if no page the entry depends on was written since it was rendered."""
    current = page_versions(entry["shown"] | entry["named"])
    seen = entry["seen"]
    return all(
        current.get(path, (0, 0))[0] == seen.get(path, (0, 0))[0] for path in entry["shown"]
    ) and all(current.get(path, (0, 0))[1] == seen.get(path, (0, 0))[1] for path in entry["named"])


def page_key(request, generation):
    """The key of one rendered page: pages hold absolute URLs (canonical link, sitemap
    address in robots.txt), so the scheme and host are part of the address."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    origin = f"{request.scheme}://{request.get_host()}"
    return f"{KEY_PREFIX}:{generation}:{origin}:{request.method == 'HEAD'}:{digest}"


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


COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/ld+json")
MIN_COMPRESSED_LENGTH = 200


def _entry(response, generation):
    content = response.content
    etag = f'"{generation}-{hashlib.md5(content, usedforsecurity=False).hexdigest()[:20]}"'
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"set-cookie", "vary", "etag", "last-modified", "cache-control"}
    ]
    entry = {"content": content, "headers": headers, "etag": etag, "gzip": None}
    if (
        len(content) >= MIN_COMPRESSED_LENGTH
        and response.get("Content-Type", "").startswith(COMPRESSIBLE)
        and not response.has_header("Content-Encoding")
    ):
        # Compressed once, when stored: public pages carry no secret (BREACH), and
        # compressing a 170 KB page on every hit would cost more than serving it.
        entry["gzip"] = gzip.compress(content, compresslevel=6, mtime=0)
    return entry


def _response(entry, request):
    """The stored page, gzip-compressed if the reader accepts it; and its ETag."""
    compressed = entry.get("gzip") is not None and re_accepts_gzip.search(
        request.headers.get("Accept-Encoding", "")
    )
    body = entry["gzip"] if compressed else entry["content"]
    response = HttpResponse(body)
    for name, value in entry["headers"]:
        response[name] = value
    etag = entry["etag"]
    if entry.get("gzip") is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
    if compressed:
        response["Content-Encoding"] = "gzip"
        etag = f'{etag[:-1]}-gzip"'  # another representation, another tag
    if request.method == "HEAD":
        response.content = b""
        response["Content-Length"] = str(len(body))
    return response, etag


@dataclass(frozen=True)
class Slot:
    """Where one request's page lives in the cache, and what it is checked against."""

    cache: object
    key: str
    generation: str  # the version the key holds: "v<version>" or "s<shared>"
    scoped: int  # the page-naming write counter read with it
    detail: bool  # a detail page, whose dependencies are recorded
    changed_at: object  # when the version last moved (Last-Modified), or None


def find_slot(request):
    """The request's slot, after dropping the parameters its page does not read
    (``canonicalize``); None when no view answers the path or the address is too long.

    Costs the one query of ``page_state``."""
    match = canonicalize(request)
    if match is None or len(request.get_full_path()) > MAX_PATH_LENGTH:
        return None
    version, changed_at, shared, scoped = page_state()
    # A page about one thing (its address names it); home, lists, timeline, sitemap: none.
    detail = bool(match.captured_kwargs)
    generation = f"s{shared}" if detail else f"v{version}"
    return Slot(
        caches[CACHE_ALIAS],
        page_key(request, generation),
        generation,
        scoped,
        detail,
        changed_at,
    )


def cached_entry(slot):
    """The stored entry if it is still good: a detail page's dependencies are
    checked (one query) only when some page-naming write happened since."""
    entry = slot.cache.get(slot.key)
    if entry is None or entry["scoped"] in (None, slot.scoped):
        return entry
    if not is_fresh(entry):
        return None
    entry["scoped"] = slot.scoped  # checked: the next hits skip the query
    slot.cache.set(slot.key, entry, settings.PAGE_CACHE_SECONDS)
    return entry


def cached_answer(request, slot, entry, status):
    """The answer for a stored page, whichever layer serves it (``PageCacheMiddleware``
    or ``filmkb.fastlane``): the body (gzip if accepted), ``ETag``, ``Last-Modified``,
    ``Cache-Control``, ``Vary``, ``X-Page-Cache``, ``Content-Length``; ``304`` when the
    reader's copy is current."""
    response, etag = _response(entry, request)
    response["ETag"] = etag
    changed_at = slot.changed_at
    if changed_at is not None:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    patch_cache_control(response, no_cache=True, public=True)
    # Signed-in curators get a fresh page, so the answer depends on the reader's cookies
    # (SessionMiddleware said so too, when it ran: not before the fast lane's answers).
    patch_vary_headers(response, ("Cookie",))
    response["X-Page-Cache"] = status
    answer = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(changed_at.timestamp()) if changed_at else None,
        response=response,
    )
    if not answer.has_header("Content-Length"):  # as CommonMiddleware would
        answer["Content-Length"] = str(len(answer.content))
    return answer


class PageCacheMiddleware:
    """Serve and store anonymous public pages under the knowledge-base version.

    Sits last in ``MIDDLEWARE`` so that security headers, sessions and CSP
    are applied fresh to every answer, cached or not. Warm pages for readers
    without a session or CSRF cookie are mostly answered earlier, by
    ``filmkb.fastlane``, with the same ``cached_answer``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        slot = find_slot(request)
        if slot is None:
            return self.get_response(request)
        entry = cached_entry(slot)
        status = "hit"
        if entry is None:
            entry, response, status = self.render_once(request, slot)
            if entry is None:
                return response
        return cached_answer(request, slot, entry, status)

    def render_once(self, request, slot):
        """Render and store the page; concurrent misses on it wait for one render.

        Returns (entry, response, status): the entry (None when the answer is not to
        be cached, then response is it), and "miss", or "hit" when another render served.
        """
        lock = f"{slot.key}:render"
        if slot.cache.add(lock, 1, RENDER_LOCK_SECONDS):
            try:
                return (*self.render(request, slot), "miss")
            finally:
                slot.cache.delete(lock)
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline and not getattr(slot.cache, "degraded", False):
            time.sleep(RENDER_POLL_SECONDS)
            entry = cached_entry(slot)
            if entry is not None:
                return entry, None, "hit"
            if not slot.cache.has_key(lock):  # that render ended without storing (an error page)
                break
        return (*self.render(request, slot), "miss")

    def render(self, request, slot):
        response = self.get_response(request)
        if not is_cacheable_response(response):
            return None, response
        entry = _entry(response, slot.generation)
        entry["scoped"] = None
        if slot.detail:
            shown = own_paths(request.path)
            named = linked_paths(entry["content"])
            seen = page_versions(shown | named | {""})
            if seen.pop("", (0, 0))[1] != slot.scoped:  # a write during the render: not stored
                return entry, None
            entry.update(
                scoped=slot.scoped, shown=frozenset(shown), named=frozenset(named), seen=seen
            )
        slot.cache.set(slot.key, entry, settings.PAGE_CACHE_SECONDS)
        return entry, None


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
