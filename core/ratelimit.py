"""Per-client rate limits on search, the API and page renders.

django-ratelimit counts (`get_usage`: a fixed window per client, an atomic counter in
Django's cache, so it works the same in LocMem and Redis). What is ours: which
requests count against which limit, who a client is, and the 429 a refused client
sees, with Retry-After.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage

from core.rates import Rate, parse_rate

# Which requests count against which limit: the search page by its URL name, the
# API by its URL namespace; public pages only when they miss the page cache ("render",
# below). /healthz and signed-in users' pages are not limited.
SCOPE_SETTINGS = {"search": "SEARCH_RATE_LIMIT", "api": "API_RATE_LIMIT"}
# Pages a client made the server render for an anonymous reader (page-cache misses:
# a cache hit costs next to nothing and is never counted). A reader browsing never
# comes near the limit; a client asking for a new address every time (`?tag=a`,
# `?tag=b`, … or made-up paths, each a render and a 404 alike) is stopped for the
# rest of the window (its cached pages still come from the cache).
RENDER_SCOPE = "render"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window resets; 0 when allowed


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the trusted proxy's header when configured.

    A header is only trusted when RATE_LIMIT_CLIENT_IP_HEADER names it (the proxy must
    overwrite or append to it); its right-most entry is the address the proxy saw.
    Axes uses this too, so lockouts and rate limits agree on who a client is.
    """
    header = getattr(settings, "RATE_LIMIT_CLIENT_IP_HEADER", "")
    if header:
        forwarded: str = request.META.get(header, "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    address: str = request.META.get("REMOTE_ADDR", "")
    return address or None  # None: axes stores no address


def _client_key(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def hit(request: HttpRequest, scope: str, rate: Rate) -> Decision:
    """Count one request by the client against `scope`'s limit."""
    usage = get_usage(
        request,
        group=f"reviews-site:{scope}",
        key=_client_key,
        rate=(rate.limit, rate.window_seconds),
        increment=True,
    )
    # None: counting is off (RATELIMIT_ENABLE) or the count was lost (RATELIMIT_FAIL_OPEN).
    if usage is None or not usage["should_limit"]:
        return Decision(allowed=True, retry_after=0)
    # The library's window is whole seconds and includes the second `time_left` counts
    # down to, so the count resets one second after time_left reaches 0: waiting only
    # time_left seconds could be refused again.
    return Decision(allowed=False, retry_after=max(0, usage["time_left"]) + 1)


def scope_of(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    if "api" in match.namespaces:
        return "api"
    if match.url_name == "search":
        return "search"
    return None


def too_many_requests(request: HttpRequest, scope: str, decision: Decision) -> HttpResponse:
    if scope == "api":
        response: HttpResponse = JsonResponse(
            {"detail": f"Too many requests. Try again in {decision.retry_after} seconds."},
            status=429,
        )
    else:
        response = render(
            request, "429.html", {"retry_after": decision.retry_after, "scope": scope}, status=429
        )
    response["Retry-After"] = str(decision.retry_after)
    add_never_cache_headers(response)  # a shared cache must not hand one client's 429 to all
    return response


class RateLimitMiddleware:
    """Refuses a client's requests over SEARCH_RATE_LIMIT / API_RATE_LIMIT with a 429.

    It counts in __call__, before the page cache, so cached API answers count too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = scope_of(request)
        rate = parse_rate(getattr(settings, SCOPE_SETTINGS[scope])) if scope else None
        if scope is not None and rate is not None:
            decision = hit(request, scope, rate)
            if not decision.allowed:
                return too_many_requests(request, scope, decision)
        if scope is None and (render_rate := parse_rate(settings.RENDER_RATE_LIMIT)):
            # Asked by the page cache when it misses (public/page_cache.py): only then does
            # the page cost a render, so cache hits are never counted or delayed.
            request.refuse_render = partial(_refuse_render, request, render_rate)
        return self.get_response(request)


def _refuse_render(request: HttpRequest, rate: Rate) -> HttpResponse | None:
    """Count one render for the client: None when allowed, else the 429 to send."""
    decision = hit(request, RENDER_SCOPE, rate)
    return None if decision.allowed else too_many_requests(request, RENDER_SCOPE, decision)
