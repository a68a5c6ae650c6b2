"""Keep answering when the database does not.

A lost database connection (server down, restarting, unreachable, or a lock or
statement timeout) is a temporary condition, not a bug: readers get a styled
"temporarily unavailable" page with status 503 and a ``Retry-After`` header
instead of a 500, and the site recovers on the next request once the database
is back, because Django opens (or health-checks) its connection at the start
of every request.

``DatabaseUnavailableMiddleware`` sits near the top of ``MIDDLEWARE``, outside
everything that may query (sessions, authentication, axes, the page cache).
Errors raised by a view or while its template renders reach its
``process_exception``. Errors raised inside another middleware never reach it
as exceptions: Django turns them into a 500 response at that layer (the debug
page when ``DEBUG`` is on). For those, the ``got_request_exception`` signal,
which Django sends for every uncaught exception, marks the request, and the
middleware swaps the 500 for the 503 page on the way out. Either way the page
is the same, whatever ``DEBUG`` says.

A database that accepts connections and never answers must not hang a request
either. New connections are bounded by ``connect_timeout`` and statements by
``statement_timeout`` (settings). A connection kept from an earlier request
(``CONN_MAX_AGE``) is health-checked by Django before its first use; if the
server has gone silent since, that check would wait for ever, and so would any
query. The middleware therefore runs the health check itself, and every query
of the request, under a ``Watchdog`` that shuts the connection's socket when no
answer came in time (``DATABASE_REPLY_TIMEOUT`` for the check, the statement
timeout plus that for a query): the blocked call then fails at once with an
``OperationalError``, which becomes the 503 page like any other outage.

``ContentSecurityPolicyMiddleware`` is django-csp's, with the site's policy built
once rather than for every answer.

``TooManyParametersMiddleware`` answers a query string with more than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` parameters with the styled 400 page before
anything reads it (with ``DEBUG`` on, Django's debug page would read it again
while reporting the error, and fail with a 500).
"""

import logging
import socket
import sys
import threading
import time
from contextlib import contextmanager

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.signals import got_request_exception, setting_changed
from django.db import InterfaceError, OperationalError, connection
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.views import debug

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
TEMPLATE_NAME = "503.html"
OUTAGE_ERRORS = (OperationalError, InterfaceError)
_MARK = "_filmkb_database_outage"
HEALTHZ_PATH = "/healthz"
OUTAGE_ENVIRON_KEY = "filmkb.database_outage"  # set by filmkb.fastlane; no header can set it


def is_database_outage(exception):
    return isinstance(exception, OUTAGE_ERRORS)


def unavailable_response(request, exception):
    """The 503 page. Renders from the template alone: it must not touch the database."""
    logger.warning(
        "Database unavailable while serving %s: %s: %s",
        request.path,
        exception.__class__.__name__,
        exception,
    )
    body = loader.render_to_string(
        TEMPLATE_NAME, {"retry_after": RETRY_AFTER_SECONDS}, request=request
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


@receiver(got_request_exception, dispatch_uid="filmkb.middleware.mark_database_outage")
def mark_database_outage(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and is_database_outage(exception):
        setattr(request, _MARK, exception)


class Watchdog:
    """Shuts a socket that has waited too long for an answer, so the blocked call fails.

    One daemon thread per process sleeps until the earliest deadline among the
    guarded calls; a call that finishes in time only adds and removes an entry.
    """

    def __init__(self):
        self._condition = threading.Condition()
        self._guards = {}
        self._thread = None
        self._wake_at = None  # when the thread will look next; None: not until notified

    @contextmanager
    def guard(self, fileno, seconds):
        """Watch one blocking call on socket ``fileno``; yields a dict whose ``"fired"``
        is True afterwards if the socket had to be shut."""
        token = {"deadline": time.monotonic() + seconds, "fileno": fileno, "fired": False}
        with self._condition:
            self._guards[id(token)] = token
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._watch, name="filmkb-db-watchdog", daemon=True
                )
                self._thread.start()
            if self._wake_at is None or token["deadline"] < self._wake_at:
                self._condition.notify()  # otherwise it wakes early enough: no thread switch
        try:
            yield token
        finally:
            with self._condition:
                del self._guards[id(token)]

    def _watch(self):
        with self._condition:
            while True:
                now = time.monotonic()
                waiting = [t for t in self._guards.values() if not t["fired"]]
                for token in waiting:
                    if token["deadline"] <= now:
                        token["fired"] = True
                        _shut(token["fileno"])
                pending = [t["deadline"] for t in waiting if not t["fired"]]
                self._wake_at = min(pending) if pending else None
                self._condition.wait(self._wake_at - now if pending else None)


def _shut(fileno):
    """Shut down (not close: the fd stays the driver's) the socket behind ``fileno``."""
    try:
        sock = socket.socket(fileno=fileno)
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()


watchdog = Watchdog()


def _socket_of(db):
    """The file descriptor of a PostgreSQL connection's socket, or None."""
    if db.vendor != "postgresql" or db.connection is None:
        return None
    try:
        return db.connection.fileno()
    except Exception:  # a closed or broken connection has no socket to watch
        return None


def check_kept_connection(db=connection):
    """Django's health check of a kept connection, bounded by ``DATABASE_REPLY_TIMEOUT``.

    Raises ``OperationalError`` when the server did not answer in time; a connection
    that fails the check otherwise is closed and reopened by Django as usual.
    """
    fileno = _socket_of(db)
    if fileno is None or db.health_check_done or not db.health_check_enabled:
        return
    seconds = settings.DATABASE_REPLY_TIMEOUT
    with watchdog.guard(fileno, seconds) as token:
        db.close_if_health_check_failed()
    if token["fired"]:
        raise OperationalError(f"the database server did not answer within {seconds:g} s")


def query_deadline():
    """How long one query may wait for its answer before the server counts as silent."""
    statement = settings.DATABASE_STATEMENT_TIMEOUT
    return statement + settings.DATABASE_REPLY_TIMEOUT if statement else None


def watch_query(execute, sql, params, many, context):
    """An execute wrapper (``connection.execute_wrapper``) that bounds the wait for an answer."""
    db = context["connection"]
    fileno = _socket_of(db)
    seconds = query_deadline()
    if fileno is None or seconds is None:
        return execute(sql, params, many, context)
    with watchdog.guard(fileno, seconds):
        return execute(sql, params, many, context)


class ExceptionReporter(debug.ExceptionReporter):
    """Django's debug page (``DEFAULT_EXCEPTION_REPORTER``), but none for a database outage.

    The debug page shows every frame's variables, and showing a QuerySet runs it:
    with the database silent, each one waited for a connect timeout of its own (six
    of them for the film page: 18 s instead of 3). The middleware answers the 503
    page in its place anyway, so a short text is all it needs.
    """

    def get_traceback_html(self):
        if is_database_outage(self.exc_value):
            return f"<p>Database unavailable: {escape(self.exc_value)}</p>"
        return super().get_traceback_html()

    def get_traceback_text(self):
        if is_database_outage(self.exc_value):
            return f"Database unavailable: {self.exc_value}"
        return super().get_traceback_text()


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        outage = request.META.get(OUTAGE_ENVIRON_KEY)
        if outage is not None:  # the fast lane (filmkb.fastlane) met it: no second wait
            return unavailable_response(request, outage)
        # /healthz checks the kept connection itself, to answer 503 as JSON.
        if request.path_info != HEALTHZ_PATH:
            try:
                check_kept_connection()
            except OUTAGE_ERRORS as exc:
                return unavailable_response(request, exc)
        with connection.execute_wrapper(watch_query):
            response = self.get_response(request)
        exception = getattr(request, _MARK, None)
        if exception is not None and response.status_code >= 500:
            return unavailable_response(request, exception)
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return unavailable_response(request, exception)
        return None


class TooManyParametersMiddleware:
    """The styled 400 page for a query string with too many parameters, whatever ``DEBUG``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET  # noqa: B018 - parse now, while the answer can still be a clear 400
        except TooManyFieldsSent:
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            logger.warning("Refused %s: more than %s query parameters", request.path, limit)
            reason = f"The address has more than {limit:,} query parameters; none were read."
            body = loader.render_to_string("400.html", {"reason": reason}, request=request)
            return HttpResponseBadRequest(body)
        return self.get_response(request)


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip for answers that carry no secret (BREACH).

    A compressed answer that reflects a reader's input next to a secret lets an
    attacker who sees its length guess the secret. So nothing is compressed for the
    admin, for signed-in curators, or when the answer sets a cookie or its page used
    the CSRF token; public pages, which hold neither, are compressed (the page cache
    stores them compressed too, ``filmkb.cache``).
    """

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/" + settings.ADMIN_URL.lstrip("/"))
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or (user is not None and user.is_authenticated)
        ):
            return response
        return super().process_response(request, response)


# What a view's csp.decorators put on its answer: a policy of its own, built per answer.
_OWN_POLICY = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)
_site_policies = {}  # report_only: the header built from settings


@receiver(setting_changed, dispatch_uid="filmkb.middleware.forget_site_policies")
def forget_site_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policies.clear()


def site_policy(report_only):
    """The policy header built from ``CONTENT_SECURITY_POLICY`` (or ``..._REPORT_ONLY``)."""
    if report_only not in _site_policies:
        _site_policies[report_only] = build_policy(report_only=report_only)
    return _site_policies[report_only]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once, not for every answer.

    django-csp builds the header from the settings on every answer, which cost more than
    the rest of a cached page's headers. Here an answer with no policy of its own
    (``csp.decorators``) whose page used no nonce gets the policy built once per settings,
    under django-csp's rules (``process_response`` below mirrors it); any other answer is
    built by django-csp as before.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):  # Django's debug pages
            return response
        for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = site_policy(report_only)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
