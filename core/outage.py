"""A database outage shows a friendly 503 page (or JSON on the API), not a 500.

Two doors lead here. The middleware catches the error when a view or its template
raises it. Middleware that queries before any view (the page cache reads the next
publication time) turns its errors into a 500 response itself, so the 500 handler
looks at the exception being handled and answers 503 for the same outage.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from core.ratelimit import scope_of

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if scope_of(request) == "api":
        response: HttpResponse = JsonResponse(
            {"detail": "The service is briefly unavailable. Please try again shortly."},
            status=503,
        )
    else:
        # Rendered without the request: context processors (user, messages) could
        # touch the session or the user table, which live in the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error("Database unavailable: %s", exception)
        return database_unavailable(request)


def outage_aware(page_error):
    """The project's handler500 around `page_error`: a database outage raised outside
    a view still gets the 503 page. (A wrapper, so this module knows no app's views.)"""

    def server_error(request):
        if isinstance(sys.exception(), OUTAGE_ERRORS):
            return database_unavailable(request)
        return page_error(request)

    return server_error
