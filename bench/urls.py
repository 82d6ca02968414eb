"""The site's URLs plus /bench/minimal/, a page that does no work.

bench/http_pages.py measures it to learn the stack's own cost: it passes through
every middleware like any public page (the page cache included).
"""

from django.http import HttpResponse
from django.urls import path

from reviews_site.urls import handler404, handler500
from reviews_site.urls import urlpatterns as site_patterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def minimal(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/minimal/", minimal), *site_patterns]
