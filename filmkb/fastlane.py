"""The fast lane: answers that need nothing of the reader's, given before Django's stack.

Most requests a public site serves are health checks and warm pages for readers who
are not signed in. Neither needs sessions, CSRF, authentication, messages or axes,
and running the thirteen middlewares around them cost three times the answer itself.
``FastLane`` is a WSGI layer in front of Django's handler (``filmkb.wsgi``) that
answers, for a ``GET`` or ``HEAD`` carrying neither a session nor a CSRF cookie:

* ``/healthz``, with its view (``filmkb.views.healthz``): the same checks of the
  database and the cache (``filmkb.health``), the same JSON, 503 when the database
  does not answer;
* a public page the page cache holds and that is still fresh: the same lookup,
  freshness check and answer as ``filmkb.cache.PageCacheMiddleware``
  (``find_slot``, ``cached_entry``, ``cached_answer``), so per-page invalidation
  works as before and the answer is the same, ``304`` included.

Its answers carry the headers the stack's outer middlewares give every answer
(``SecurityMiddleware``'s, the CSP, ``X-Frame-Options``): those middlewares are run
once on a sample answer for each scheme and path, and their headers kept
(``site_headers``). Database work is bounded as ``DatabaseUnavailableMiddleware``
bounds it; when the database fails, the request goes to the stack marked with the
error, which answers the 503 page without trying the database again.

Everything else goes through the whole stack, as if the lane were not there: any
other method, a reader with a session or a CSRF token, a miss, the admin, a static
file, an address that must be redirected to HTTPS, a host the site does not serve,
too many query parameters, a cached page the stack would compress for this reader.
``tests/test_fastlane.py`` checks that the lane's answers are the stack's.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.log import log_response
from django.utils.module_loading import import_string

from filmkb import views
from filmkb.cache import (
    MIN_COMPRESSED_LENGTH,
    cached_answer,
    cached_entry,
    find_slot,
    is_cacheable_request,
)
from filmkb.middleware import (
    HEALTHZ_PATH,
    OUTAGE_ENVIRON_KEY,
    OUTAGE_ERRORS,
    check_kept_connection,
    watch_query,
)

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
# The middlewares (of settings.MIDDLEWARE) whose process_response gives every answer
# the same headers, whatever its content: the lane's answers get them too.
HEADER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "filmkb.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
MAX_REMEMBERED = 1024  # (scheme, path) pairs whose site headers are kept
MAX_ANSWERS = 64  # answers built from stored pages kept per process (each holds a body)
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)

_site_headers = {}


@receiver(setting_changed, dispatch_uid="filmkb.fastlane.forget_site_headers")
def forget_site_headers(**kwargs):
    _site_headers.clear()


def site_headers(request):
    """The headers ``HEADER_MIDDLEWARE`` give an answer to ``request``, as (name, value)
    pairs in the order the stack adds them: computed by running those middlewares on an
    empty answer, once per scheme and path (HSTS depends on the scheme, CSP's excluded
    prefixes on the path)."""
    key = (request.is_secure(), request.path_info)
    headers = _site_headers.get(key)
    if headers is None:
        sample = HttpResponse()
        before = set(sample.headers)
        for path in reversed([p for p in settings.MIDDLEWARE if p in HEADER_MIDDLEWARE]):
            middleware = import_string(path)(lambda request: None)  # never called
            sample = middleware.process_response(request, sample)
        headers = [(name, value) for name, value in sample.items() if name not in before]
        if len(_site_headers) >= MAX_REMEMBERED:
            _site_headers.clear()
        _site_headers[key] = headers
    return headers


def carries_reader_state(request):
    """True if the request has a session or a CSRF token: the whole stack serves it."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies


def must_redirect(request):
    """True if ``SecurityMiddleware`` would send the reader to HTTPS first."""
    if not settings.SECURE_SSL_REDIRECT or request.is_secure():
        return False
    path = request.path.lstrip("/")
    return not any(re.search(pattern, path) for pattern in settings.SECURE_REDIRECT_EXEMPT)


def close_obsolete_connection():
    """What Django's handler does to the database at the start of a request
    (``close_old_connections``), for the one the lane uses: a connection past
    ``CONN_MAX_AGE`` or left in a bad state is closed, and a kept one is health-checked
    before its first use. Sending ``request_started`` to do it cost a tenth of an answer."""
    connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()


def is_conditional(request):
    return any(name in request.META for name in CONDITIONAL_HEADERS)


def finished(request, response):
    """(status line, headers, body) of an answer, as the stack's ``WSGIHandler`` sends it:
    with ``Content-Length`` (as ``CommonMiddleware`` sets it), the site's headers, and a
    log line for an error status (as ``BaseHandler`` writes it)."""
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    if response.status_code >= 400:
        log_response(
            "%s: %s", response.reason_phrase, request.path, response=response, request=request
        )
    headers = list(response.items())
    present = {name.lower() for name, _ in headers}
    headers += [(n, v) for n, v in site_headers(request) if n.lower() not in present]
    return f"{response.status_code} {response.reason_phrase}", headers, response.content


def healthz(request):
    """The view's answer, its queries bounded as ``DatabaseUnavailableMiddleware`` bounds them."""
    with connection.execute_wrapper(watch_query):
        return views.healthz(request)


def would_compress(entry, request):
    """True for a stored page without a gzip copy that the stack's ``CompressionMiddleware``
    would compress for this reader (a long answer of a type the cache does not compress)."""
    return (
        entry.get("gzip") is None
        and len(entry["content"]) >= MIN_COMPRESSED_LENGTH
        and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None
    )


class FastLane:
    """A WSGI application answering what it can (see the module) and passing the rest on."""

    def __init__(self, application):
        self.application = application
        # Answers built for stored pages, by what they are built from (``answer_key``).
        self.answers = {}

    def __call__(self, environ, start_response):
        answer = None
        if environ.get("REQUEST_METHOD") in SAFE_METHODS:
            answer = self.answer(environ)
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def answer(self, environ):
        """(status line, headers, body), or None to let the stack answer."""
        request = WSGIRequest(environ)
        try:
            if carries_reader_state(request) or must_redirect(request):
                return None
            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
            request.GET  # noqa: B018 - too many parameters: the stack's 400 page
        except (DisallowedHost, TooManyFieldsSent):
            return None
        try:
            close_obsolete_connection()
            if request.path_info == HEALTHZ_PATH:
                return finished(request, healthz(request))
            return self.cached_page(request)
        except OUTAGE_ERRORS as exc:
            environ[OUTAGE_ENVIRON_KEY] = exc  # the stack answers the 503 page at once
            return None
        except Exception:
            logger.exception("The fast lane failed on %s; the full stack answers", request.path)
            return None

    def cached_page(self, request):
        """The page cache's answer for a fresh stored page, or None (a miss: the stack
        renders it). Looked up (and its freshness checked) on every request, as
        ``PageCacheMiddleware`` does; the answer built from it is kept while the stored
        page, its ``Last-Modified`` and the reader's choice of gzip are the same."""
        if not is_cacheable_request(request):
            return None
        with connection.execute_wrapper(watch_query):
            check_kept_connection()
            slot = find_slot(request)
            entry = cached_entry(slot) if slot is not None else None
        if entry is None or would_compress(entry, request):
            return None
        if is_conditional(request):  # 304 or not: built for this request alone
            return finished(request, cached_answer(request, slot, entry, "hit"))
        gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None
        # The slot's key holds the scheme, host, path, query and method; the ETag the body.
        key = (slot.key, entry["etag"], slot.changed_at, gzip and entry.get("gzip") is not None)
        answer = self.answers.get(key)
        if answer is None:
            answer = finished(request, cached_answer(request, slot, entry, "hit"))
            if len(self.answers) >= MAX_ANSWERS:
                self.answers.pop(next(iter(self.answers), None), None)  # the oldest
            self.answers[key] = answer
        return answer
