from django.apps import AppConfig


class CriticsConfig(AppConfig):
    name = "critics"
    verbose_name = "Critics and reviews"

    def ready(self):
        from critics import caching, checks  # noqa: F401 (registers the system checks)

        # Every public change empties the page cache (why signals: critics/caching.py).
        caching.connect_signals()
