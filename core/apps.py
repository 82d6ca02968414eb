from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide infrastructure: middleware, the content version, admin sign-in, backups."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        from core import content_version

        # Every public change drops the content version (why signals: the module).
        content_version.connect_signals()
