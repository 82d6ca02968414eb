"""System checks: the site does not start without what it needs to say true things."""

from django.core.checks import Error, register

from consensus.classifier import DEFAULT_PATH, ModelFileError, default_model, load_model

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
                hint="Restore consensus/data/verdict_model.json from the repository, "
                "or retrain it with `manage.py train_verdict_model` (see "
                "docs/verdict-suggestion.md).",
                id="critics.E001",
            )
        ]
    return []
