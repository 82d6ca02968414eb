from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_word_indexes(sender, using, **kwargs):
    from core.sqlite_fts import ensure_indexes
    from films.models.search import FILM_WORDS, PERSON_WORDS

    ensure_indexes((FILM_WORDS, PERSON_WORDS), using)


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Catalogue"

    def ready(self):
        # SQLite's word indexes and their triggers: after every migrate, since a table
        # rebuilt by a migration loses its triggers (core/sqlite_fts.py).
        post_migrate.connect(_ensure_word_indexes, sender=self)
