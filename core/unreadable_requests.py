"""Refuse requests whose address holds a NUL character, with a 400 page.

No page has a use for one, and PostgreSQL refuses NUL in text, so a NUL that reached a
query (a filter, a slug, a search) would turn into a server error there. One check
here covers every view, present and future, instead of cleaning each parameter.
"""

from django.views.defaults import bad_request

NUL = "\x00"


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if NUL in request.path or "%00" in query or NUL in query:
            return bad_request(request, ValueError("NUL character in the address"))
        return self.get_response(request)
