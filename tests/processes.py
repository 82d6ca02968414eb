"""Running Django in a process of its own, with production-like settings."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "p8#v2!kq0-production-like-secret-that-is-long-enough-xyz-1234567890",
    "DJANGO_ALLOWED_HOSTS": "reviews.example",
}


def run_django(code_or_args, env_overrides, remove=()):
    env = {k: v for k, v in os.environ.items() if k not in remove}
    env.update(env_overrides)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
