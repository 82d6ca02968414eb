"""Refuse requests whose address holds a NUL character, with a 400 page.

No page has a use for one, and PostgreSQL refuses NUL in text, so a NUL that reached a
query (a filter, a slug, a search) would turn into a server error there. One check
here covers every view, present and future, instead of cleaning each parameter.
"""

from django.urls import get_resolver

NUL = "\x00"


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if NUL in request.path or "%00" in query or NUL in query:
            # The project's own 400 (reviews_site/urls.py): a page, or JSON for the API.
            handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(400)
            error = ValueError("NUL character in the address")
            # django-stubs type every error handler as taking the request alone.
            return handler(request, error)  # type: ignore[call-arg]
        return self.get_response(request)
