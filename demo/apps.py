from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development only: `generate_demo_data` fills a database for benchmarks and demos.

    Installed when DEBUG is on or DJANGO_DEV_TOOLS=1 (the test suite and the benchmarks
    set it); production never loads it.
    """

    name = "demo"
    verbose_name = "Demo data"
