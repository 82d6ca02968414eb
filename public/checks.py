"""System checks of the public site."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from core.content_version import cache_is_shared


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs=None, **kwargs):
    """The page cache on a per-process cache serves withdrawn reviews from other workers."""
    if settings.PAGE_CACHE_SECONDS <= 0 or cache_is_shared():
        return []
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [
        Error(
            f"The page cache is on (DJANGO_PAGE_CACHE_SECONDS={settings.PAGE_CACHE_SECONDS}) "
            f"but the cache ({backend}) lives in each process: a review withdrawn or edited "
            "through one gunicorn worker, an import or a shell stays public from the other "
            f"workers' caches for up to {settings.PAGE_CACHE_SECONDS} seconds.",
            hint="Set REDIS_URL so every process shares one cache, or set "
            "DJANGO_PAGE_CACHE_SECONDS=0 to turn the page cache off.",
            # The id predates the move to this app; kept so silenced checks stay silenced.
            id="critics.E002",
        )
    ]
