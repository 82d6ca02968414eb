from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The readers' site: pages, feeds, sitemaps, JSON-LD and the page cache."""

    name = "public"
    verbose_name = "Public site"

    def ready(self):
        from public import checks  # noqa: F401 (registers the system checks)
