"""Whole-page caching of the public site, feeds, sitemap and API, with ETags.

Why one site-wide content version rather than per-page invalidation: a review shows
up on its film, critic, publication, tag, home and list pages, four feeds, the
sitemap and the API, and a film title on even more. Working out every page a change
touches is where stale pages come from; a single version that every change replaces
is simple to get right. Edits are rare next to reads, so emptying the whole site's
cache on each one costs little.

- The version lives in the cache (STATE_KEY) next to the pages, whose keys include
  it, so changing the version orphans every stored page at once; the orphans expire.
- Any save, delete or many-to-many change of a model in `films`, `critics` or
  `taggit` (the consensus, tags and revision history included) drops the version,
  through signals connected in CriticsConfig.ready(). They are signals because the
  changes come from everywhere (admin, importer, services, loaddata) and forgetting
  one caller would serve stale pages. It is dropped at once and again on commit: the
  second drop removes any page a concurrent request rendered from the old data
  between the first drop and the commit. Bulk writes send no signals: their callers
  recompute the consensus afterwards (a save), or call content_changed() themselves.
- The site has no cron: scheduled reviews and articles go live when `publish_at`
  passes, with no save. So a version is only valid until the next scheduled
  publication time, read when the version is made. It also lasts no longer than
  PAGE_CACHE_SECONDS, because a few pages drift with the clock ("lately").
- Only anonymous, cookie-less-session GETs are served from the cache: staff,
  critics, previews and share links always reach the views. Responses that set a
  cookie, vary on cookies, or are marked private/no-store are never stored. Public
  pages carry no CSRF token (their only form is the search GET).
- The ETag is the version itself, so a repeat request with If-None-Match gets a 304
  without rendering or even reading the stored page.

The middleware sits after SecurityMiddleware (the HTTPS redirect comes first) and
before the session, CSRF, CSP and frame-options middleware, so stored responses
keep the headers those add (per-view CSP overrides included) and a hit never loads
a session.
"""

import hashlib
import math
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from critics.sharing import QUERY_PARAMETER as SHARE_PARAMETER

STATE_KEY = "page-cache:version"
WATCHED_APPS = frozenset({"films", "critics", "taggit"})
# Search: every query string is a new page, rarely asked twice. The admin (at
# settings.ADMIN_URL) is never public. /healthz must reach its view even when the
# database or cache is down.
UNCACHED_PREFIXES = ("/search/", "/healthz")
REQUEST_COOKIES_THAT_SKIP = ("messages",)
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")


def next_publication_at():
    """The earliest time a scheduled review or article goes live, or None."""
    from critics.models import Article, Review

    times = [
        model.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
        for model in (Review, Article)
    ]
    times = [time for time in times if time is not None]
    return min(times) if times else None


def current_version() -> str:
    """The content version, made afresh (two indexed queries) when none is valid."""
    now = timezone.now().timestamp()
    state = cache.get(STATE_KEY)
    if state is not None:
        token, valid_until = state
        if valid_until > now:
            return token
    token = secrets.token_hex(8)
    valid_until = now + settings.PAGE_CACHE_SECONDS
    going_live = next_publication_at()
    if going_live is not None:
        valid_until = min(valid_until, going_live.timestamp())
    # The explicit valid_until check above makes this exact whatever the backend's
    # rounding of timeouts.
    cache.set(STATE_KEY, (token, valid_until), max(1, math.ceil(valid_until - now)))
    return token


def content_changed(*, using=None) -> None:
    """Something public changed: drop the version now and again once it is committed."""
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY), using=using)


def _model_changed(sender, using=None, action="post_", **kwargs):
    if sender._meta.app_label in WATCHED_APPS and action.startswith("post_"):
        content_changed(using=using)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"critics.caching.{id(signal)}")


def is_cacheable_request(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    uncached = (f"/{getattr(settings, 'ADMIN_URL', 'admin/')}", *UNCACHED_PREFIXES)
    if request.path.startswith(uncached) or SHARE_PARAMETER in request.GET:
        return False
    cookies = (settings.SESSION_COOKIE_NAME, *REQUEST_COOKIES_THAT_SKIP)
    return not any(name in request.COOKIES for name in cookies)


def is_cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(directive in cache_control for directive in NO_STORE_DIRECTIVES):
        return False
    return "cookie" not in response.get("Vary", "").lower()


def page_key(request, version: str) -> str:
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page-cache:page:{version}:{address}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
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
        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(response):
            response["ETag"] = etag
            if "Cache-Control" not in response:
                # Browsers and proxies revalidate every time (a cheap 304), so a new
                # review shows at once for them too.
                patch_cache_control(response, max_age=0)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
