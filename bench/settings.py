"""The production settings with the bench's minimal view mounted (bench/urls.py).

bench/http_harness.py serves the site with these, so the baseline page of
bench/http_pages.py exists only in benchmark runs and never in a deployment.
"""

from reviews_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
