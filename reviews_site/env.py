"""Small readers for settings that come from the environment (12-factor)."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    # A typo such as DJANGO_DEBUG=ture must not silently pick a side.
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use one of 1/true/yes or 0/false/no."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def require_secret_key(*, debug: bool) -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    if debug:
        # Only for a developer's machine: debug mode never runs in production.
        return "django-insecure-development-only-key-never-used-when-debug-is-off"
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off: set it to a "
        "long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "or set DJANGO_DEBUG=1 for local development."
    )
