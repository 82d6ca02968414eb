"""System checks: the site does not start without what it needs to say true things."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from critics.caching import cache_is_shared
from critics.consensus.classifier import DEFAULT_PATH, ModelFileError, default_model, load_model

MODEL_PATH = DEFAULT_PATH


@register()
def verdict_model_loads(app_configs=None, **kwargs):
    """A missing or broken verdict model is an error at start-up, never a silent fallback."""
    try:
        # The shipped model is loaded once per process and kept: check that very copy.
        default_model() if MODEL_PATH == DEFAULT_PATH else load_model(MODEL_PATH)
    except ModelFileError as error:
        return [
            Error(
                f"The verdict model cannot be loaded: {error}.",
                hint="Restore critics/consensus/data/verdict_model.json from the repository, "
                "or retrain it with `manage.py train_verdict_model` (see "
                "docs/verdict-suggestion.md).",
                id="critics.E001",
            )
        ]
    return []


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
            id="critics.E002",
        )
    ]
