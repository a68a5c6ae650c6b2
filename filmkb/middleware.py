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
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
TEMPLATE_NAME = "503.html"
OUTAGE_ERRORS = (OperationalError, InterfaceError)
_MARK = "_filmkb_database_outage"


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


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exception = getattr(request, _MARK, None)
        if exception is not None and response.status_code >= 500:
            return unavailable_response(request, exception)
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return unavailable_response(request, exception)
        return None
