"""The environment the suite runs in, set before pytest-django reads the settings.

Loaded as a plugin (`-p tests.environment` in pyproject's addopts), because pytest-django
imports the settings before any conftest.py, so plain `pytest` runs as `make test` does:
production-like settings (debug off) and a throwaway key.
"""

import os

# Forced, not defaulted: a developer's exported DJANGO_DEBUG=1 must not change what passes.
os.environ["DJANGO_DEBUG"] = "0"
# The suite covers the development-only demo data generator (demo/).
os.environ.setdefault("DJANGO_DEV_TOOLS", "1")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-key-never-used-outside-the-test-process-0123456789abcdef"
)
