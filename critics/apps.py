from django.apps import AppConfig


class CriticsConfig(AppConfig):
    name = "critics"
    verbose_name = "Critics and reviews"

    def ready(self):
        from core import content_version
        from critics import checks  # noqa: F401 (registers the system checks)
        from critics.queries import next_publication_at

        # Scheduled reviews and articles go live with no save: the content version
        # (core/content_version.py) must not outlive the next one.
        content_version.register_go_live_source(next_publication_at)
