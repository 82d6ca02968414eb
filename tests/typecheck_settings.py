"""The settings mypy's django-stubs plugin loads (pyproject's [tool.django-stubs]).

The plugin imports the settings to learn the installed apps and their models, so it needs
the environment the suite runs in (tests/environment.py: debug off, a throwaway key, the
development tools' app installed so demo/ is checked against the same apps).
"""

import tests.environment  # noqa: F401  (sets the environment before the settings read it)
from reviews_site.settings import *  # noqa: F403
