from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_word_indexes(sender, using, **kwargs):
    from core.sqlite_fts import ensure_indexes
    from critics.search_words import ARTICLE_WORDS, CRITIC_WORDS, REVIEW_WORDS

    ensure_indexes((CRITIC_WORDS, REVIEW_WORDS, ARTICLE_WORDS), using)


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
        # SQLite's word indexes for site search, checked after every migrate because a
        # table rebuilt by a migration loses its triggers (core/sqlite_fts.py).
        post_migrate.connect(_ensure_word_indexes, sender=self)
