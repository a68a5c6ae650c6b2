"""Keep answering when the database does not.

A lost database connection (server down, restarting, unreachable, or a lock or
statement timeout) is a temporary condition, not a bug: readers get a styled
"temporarily unavailable" page with status 503 and a ``Retry-After`` header
instead of the generic 500 page, and the site recovers on the next request once
the database is back, because Django opens (or health-checks) its connection at
the start of every request.

Two paths lead here. ``DatabaseUnavailableMiddleware.process_exception`` catches
errors raised by a view or while its template renders; ``server_error`` (the
project's ``handler500``) catches the same errors raised by any other
middleware, where Django has already turned the exception into a 500.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
TEMPLATE_NAME = "503.html"
OUTAGE_ERRORS = (OperationalError, InterfaceError)


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


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the uncaught error was a database outage."""
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        return unavailable_response(request, exception)
    return django_server_error(request, template_name=template_name)
