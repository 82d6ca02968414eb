"""Whole-page caching of the public site, feeds, sitemap and API, with ETags.

Pages are stored under the site-wide content version (core/content_version.py, which
says why one version and when it changes).

- Only anonymous GETs are served from the cache: staff, critics, previews and share
  links always reach the views. A cookie or token decides that only when it could be
  real: a session key that exists in the session store (one indexed lookup, only for
  requests that send one), a signed messages cookie, a share token that opens the
  item at that address (one lookup, only on a review or article page that is sent
  one). Anything else is ignored: a made-up `sessionid=x` or `?share=x` is served
  from the cache like any reader. Responses that set a cookie, vary on cookies, or
  are marked private/no-store are never stored. Public pages carry no CSRF token
  (their only form is the search GET).
- The query string is cut down to the parameters the page reads (QUERY_PARAMETERS),
  one value each, in a fixed order, before the view runs (a parameter with a fixed set
  of values, QUERY_CHOICES, keeps only a known value): `?utm=1`, `?a=1&b=2` and
  `?show=made-up` cannot make new entries, and a stored page never echoes a stranger's parameter
  (pagination links copy the query string). Cutting rather than redirecting keeps
  shared links working with no extra round trip.
- The ETag is the version itself, so a repeat request with If-None-Match gets a 304
  without rendering or even reading the stored page.

The middleware sits after SecurityMiddleware (the HTTPS redirect comes first) and
before the session, CSRF, CSP and frame-options middleware, so stored responses
keep the headers those add (per-view CSP overrides included) and a hit never loads
a session (at most it asks whether one exists).
"""

import hashlib
import re
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.cache import get_conditional_response, patch_cache_control

from core.content_version import current_version
from critics.queries import REVIEW_FILTERS, REVIEW_SORTS
from critics.sharing import QUERY_PARAMETER as SHARE_PARAMETER
from critics.sharing import share_token_allows

# Search: every query string is a new page, rarely asked twice. The admin (at
# settings.ADMIN_URL) is never public. /healthz must reach its view even when the
# database or cache is down.
UNCACHED_PREFIXES = ("/search/", "/healthz")
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")
# What each page reads from its query string, by URL name, besides a paginated
# list's "page" (found from the view's paginate_by). Search is never cached.
QUERY_PARAMETERS = {
    "films:list": ("sort", "tag", "year"),
    "films:detail": ("show", "sort"),
    "films:reviews": ("show", "sort"),
    "critics:news": ("kind",),
    "django.contrib.sitemaps.views.sitemap": ("p",),
}
# Parameters with a fixed set of values, by URL name: an unknown value, or the default
# (the first choice, which is the page without the parameter), is dropped like an
# undeclared parameter, so made-up values make no new entries and each list has one address.
_REVIEW_CHOICES = {
    "show": frozenset(list(REVIEW_FILTERS)[1:]),
    "sort": frozenset(list(REVIEW_SORTS)[1:]),
}
QUERY_CHOICES = {"films:detail": _REVIEW_CHOICES, "films:reviews": _REVIEW_CHOICES}
# The API's query parameters, every endpoint's together (api/): pagination, the films'
# ordering, /api/reviews/'s filters, /api/news/'s kind and /api/search/'s q.
API_QUERY_PARAMETERS = (
    "page",
    "page_size",
    "ordering",
    "film",
    "critic",
    "publication",
    "verdict",
    "top_critic",
    "published_after",
    "published_before",
    "kind",
    "q",
)
# Page numbers: "01" and "1" are one page, and page 1 is the page without a number.
PAGE_NUMBERS = frozenset({"page", "p", "page_size"})
FIRST_PAGE = frozenset({"page", "p"})
# The pages a share link opens: URL name -> (model, the URL's lookup field).
SHAREABLE_PAGES = {"critics:review": ("Review", "pk"), "critics:article": ("Article", "slug")}
# Keys Django's session stores make: 32 lowercase letters and digits.
SESSION_KEY = re.compile(r"[a-z0-9]{32}")


def has_session(request: HttpRequest) -> bool:
    """The request sends the key of a session that exists (not merely a session cookie)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    if settings.SESSION_ENGINE.endswith("signed_cookies"):
        return True  # the session is the cookie itself: nothing to look up
    if not SESSION_KEY.fullmatch(key):
        return False
    exists: bool = import_module(settings.SESSION_ENGINE).SessionStore().exists(key)
    return exists


def has_messages(request: HttpRequest) -> bool:
    value = request.COOKIES.get(CookieStorage.cookie_name)
    if not value:
        return False
    try:
        signing.get_cookie_signer(salt=CookieStorage.key_salt).unsign(value)
    except signing.BadSignature:
        return False
    return True


def has_share_token(request: HttpRequest, match: ResolverMatch | None) -> bool:
    """A share link that opens the item at this address (one lookup of the item).

    Only the item's page reads the token, and whether it is valid depends on the
    item's own share secret, so anywhere else, or with a token that does not open the
    item, the parameter is ignored like any other."""
    token = request.GET.get(SHARE_PARAMETER)
    if not token or match is None or match.view_name not in SHAREABLE_PAGES:
        return False
    from critics import models

    model_name, field = SHAREABLE_PAGES[match.view_name]
    model = getattr(models, model_name)
    item = model._base_manager.filter(**{field: match.kwargs[field]}).first()
    return item is not None and share_token_allows(token, item)


def is_cacheable_request(request: HttpRequest) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    uncached = (f"/{getattr(settings, 'ADMIN_URL', 'admin/')}", *UNCACHED_PREFIXES)
    if request.path.startswith(uncached):
        return False
    # Cheapest first: the session lookup is a query.
    return not (has_messages(request) or has_session(request))


def resolve_or_none(request: HttpRequest) -> ResolverMatch | None:
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None


def parameters_read_by(match: ResolverMatch | None) -> frozenset[str]:
    if match is None:
        return frozenset()
    if "api" in match.namespaces:
        return frozenset(API_QUERY_PARAMETERS)
    names = set(QUERY_PARAMETERS.get(match.view_name, ()))
    if getattr(getattr(match.func, "view_class", None), "paginate_by", None):
        names.add("page")
    return frozenset(names)


def normalise_query(request: HttpRequest, match: ResolverMatch | None) -> None:
    """Keep only what the page reads, last value of each (as QueryDict.get gives it)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    wanted = parameters_read_by(match)
    choices = QUERY_CHOICES.get(match.view_name, {}) if match is not None else {}
    params = []
    for name in sorted(set(request.GET) & wanted):
        value = request.GET[name]
        if name in choices and value not in choices[name]:
            continue
        if name in PAGE_NUMBERS and value.isascii() and value.isdigit() and len(value) < 19:
            value = str(int(value))
            if name in FIRST_PAGE and value == "1":
                continue
        params.append((name, value))
    normalised = urlencode(params)
    if normalised != query:
        request.META["QUERY_STRING"] = normalised
        request.GET = QueryDict(normalised)


def is_cacheable_response(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(directive in cache_control for directive in NO_STORE_DIRECTIVES):
        return False
    return "cookie" not in response.get("Vary", "").lower()


def page_key(request: HttpRequest, version: str) -> str:
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page-cache:page:{version}:{address}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        match = resolve_or_none(request)
        if has_share_token(request, match):
            return self.get_response(request)
        normalise_query(request, match)
        version = current_version()
        etag = f'W/"{version}"'
        if request.headers.get("If-None-Match"):
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                not_modified["ETag"] = etag
                patch_cache_control(not_modified, max_age=0)
                return not_modified
        key = page_key(request, version)
        response = cache.get(key)
        if response is not None:
            return response
        # A public page rendered for an anonymous reader: what a client can make the
        # server do at will. The rate limit middleware (outside this one) counts these
        # and may refuse one (RENDER_RATE_LIMIT); a refusal is never stored.
        refuse = getattr(request, "refuse_render", None)
        if refuse is not None and (refused := refuse()) is not None:
            return refused
        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(response):
            response["ETag"] = etag
            if "Cache-Control" not in response:
                # Browsers and proxies revalidate every time (a cheap 304), so a new
                # review shows at once for them too.
                patch_cache_control(response, max_age=0)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
