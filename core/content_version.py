"""One site-wide content version: the key every cached public page is stored under.

Why one version rather than per-page invalidation: a review shows up on its film,
critic, publication, tag, home and list pages, four feeds, the sitemap and the API,
and a film title on even more. Working out every page a change touches is where stale
pages come from; a single version that every change replaces is simple to get right.

- The version lives in the cache (STATE_KEY) next to the pages, whose keys include it
  (public/page_cache.py), so changing the version orphans every stored page at once;
  the orphans expire. That only works if every process reads and drops the same
  version: gunicorn's workers and any management command or shell. So the page cache
  needs a cache the processes share (Redis); with a per-process one (local memory) a
  withdrawal in one worker leaves the others serving the old page. Settings leave the
  page cache off without REDIS_URL, and check --deploy refuses it on a per-process
  cache (public/checks.py).
- Any save, delete or many-to-many change of a model in WATCHED_APPS (the consensus,
  tags and revision history included) drops the version, through signals connected in
  CoreConfig.ready(). They are signals because the changes come from everywhere
  (admin, importer, services, loaddata) and forgetting one caller would serve stale
  pages. It is dropped at once and again on commit: the second drop removes any page
  a concurrent request rendered from the old data between the first drop and the
  commit. Bulk writes send no signals: their callers call content_changed().
- The site has no cron: scheduled content goes live when its time passes, with no
  save. So a version is only valid until the next scheduled publication, which the
  apps that schedule content tell this module (register_go_live_source()); it also
  lasts no longer than PAGE_CACHE_SECONDS, because a few pages drift with the clock.

This module knows no app's models: app labels are plain names here, and the apps
above it register what it needs to know.
"""

import math
import secrets
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

STATE_KEY = "page-cache:version"
WATCHED_APPS = frozenset({"films", "critics", "taggit"})
# Caches every process reads and writes alike. A file-based cache is shared only by
# the processes of one machine, so it does not count; local memory and dummy never.
SHARED_CACHE_BACKENDS = frozenset(
    {
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django.core.cache.backends.memcached.PyLibMCCache",
        "django.core.cache.backends.db.DatabaseCache",
    }
)

_go_live_sources: list[Callable[[], datetime | None]] = []


def register_go_live_source(source: Callable[[], datetime | None]) -> None:
    """`source()` gives the next time scheduled content goes live, or None."""
    if source not in _go_live_sources:
        _go_live_sources.append(source)


def next_publication_at() -> datetime | None:
    """The earliest time any scheduled content goes live, or None."""
    times = [time for source in _go_live_sources if (time := source()) is not None]
    return min(times) if times else None


def current_version() -> str:
    """The content version, made afresh (two indexed queries) when none is valid."""
    now = timezone.now().timestamp()
    state: tuple[str, float] | None = cache.get(STATE_KEY)
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


def content_changed(*, using: str | None = None) -> None:
    """Something public changed: drop the version now and again once it is committed."""
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY), using=using)


def _model_changed(
    sender: type[Model], using: str | None = None, action: str = "post_", **kwargs: object
) -> None:
    if sender._meta.app_label in WATCHED_APPS and action.startswith("post_"):
        content_changed(using=using)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"core.content_version.{id(signal)}")


def cache_is_shared(alias: str = "default") -> bool:
    """True when every process (workers, commands, shells) sees the same cache."""
    return settings.CACHES[alias]["BACKEND"] in SHARED_CACHE_BACKENDS
