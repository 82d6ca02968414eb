"""The API's error answers, named in the schema, and its JSON 404 for unknown paths.

Every operation declares 400, 422 and 429 (ERRORS), and 404 when it looks something up
(NOT_FOUND), so a client generated from /api/openapi.json knows each error's shape.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Schema


class BadRequest(Schema):
    """The address cannot be read at all (a NUL character in it, or an unknown host)."""

    detail: str


class NotFound(Schema):
    """Nothing here: no item with that slug, or no endpoint at that path."""

    detail: str


class ValidationProblem(Schema):
    """One parameter that could not be read, as pydantic reports it."""

    type: str = Field(description="What went wrong, e.g. `string_too_long` or `enum`.")
    loc: list[str | int] = Field(
        description='Where: the parameter\'s source and name, e.g. ["query", "q"].'
    )
    msg: str = Field(description="A sentence saying what is wrong and what is allowed.")
    ctx: dict[str, Any] | None = Field(
        None, description='The limit the value broke, e.g. {"max_length": 200}.'
    )


class ValidationError(Schema):
    """The request's parameters are not what the operation accepts; nothing was looked up."""

    detail: list[ValidationProblem]


class TooManyRequests(Schema):
    """The client asked too often (core/ratelimit.py): wait the seconds in Retry-After."""

    detail: str = Field(description='e.g. "Too many requests. Try again in 12 seconds."')


ERRORS: dict[int, type[Schema]] = {
    400: BadRequest,
    422: ValidationError,
    429: TooManyRequests,
}
NOT_FOUND: dict[int, type[Schema]] = {404: NotFound, **ERRORS}

UNKNOWN_PATH = "No API endpoint at this path. The endpoints are listed at /api/docs."
UNREADABLE = "This address cannot be read."


def unknown_path(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """The 404 for a path under /api/ that no endpoint answers (see reviews_site/urls.py).

    A client of the API reads JSON, so it gets JSON rather than the readers' 404 page.
    Served as Django's 404 handler, not a catch-all route, so that CommonMiddleware
    still redirects /api/films to /api/films/.
    """
    return JsonResponse({"detail": UNKNOWN_PATH}, status=404)


def unreadable_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """The 400 for an address under /api/ that cannot be read (see reviews_site/urls.py)."""
    return JsonResponse({"detail": UNREADABLE}, status=400)
