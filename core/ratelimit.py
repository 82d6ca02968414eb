"""Per-client rate limits on search, the API and page renders, counted in Django's cache.

A fixed window: each client gets `limit` requests per window; the count lives in a
cache key named after the window, so it expires by itself. At a window's edge a
client can make up to twice the limit in quick succession; that is accepted for a
simple, shared counter that works the same in LocMem and Redis.
"""

import math
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

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


def hit(scope: str, client: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one request by `client` against `scope`'s limit."""
    now = time.time() if now is None else now
    window_start = math.floor(now / rate.window_seconds) * rate.window_seconds
    key = f"ratelimit:{scope}:{client}:{window_start}"
    # add() is a no-op if the key exists, so concurrent first requests do not reset it.
    cache.add(key, 0, timeout=rate.window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=rate.window_seconds + 1)
        count = 1
    if count <= rate.limit:
        return Decision(allowed=True, retry_after=0)
    return Decision(
        allowed=False, retry_after=max(1, math.ceil(window_start + rate.window_seconds - now))
    )


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
        client = client_ip(request) or "unknown"
        if scope and rate is not None:
            decision = hit(scope, client, rate)
            if not decision.allowed:
                return too_many_requests(request, scope, decision)
        if scope is None and (render_rate := parse_rate(settings.RENDER_RATE_LIMIT)):
            # Asked by the page cache when it misses (public/page_cache.py): only then does
            # the page cost a render, so cache hits are never counted or delayed.
            request.refuse_render = partial(_refuse_render, request, client, render_rate)
        return self.get_response(request)


def _refuse_render(request: HttpRequest, client: str, rate: Rate) -> HttpResponse | None:
    """Count one render for the client: None when allowed, else the 429 to send."""
    decision = hit(RENDER_SCOPE, client, rate)
    return None if decision.allowed else too_many_requests(request, RENDER_SCOPE, decision)
