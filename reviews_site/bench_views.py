"""A page that does no work, so bench/http_pages.py can measure the stack's own cost.

Mounted at /bench/minimal/ only when BENCH_MINIMAL_VIEW is set; it passes through
every middleware like any public page (the page cache included).
"""

from django.http import HttpResponse


def minimal(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
