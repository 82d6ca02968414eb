"""A stored full-text search vector, kept current by the database itself.

On PostgreSQL the column is GENERATED ALWAYS AS (weighted to_tsvector(...)) STORED,
so every insert and update (admin, importer, API, raw SQL) refreshes it in the same
statement, and a GIN index serves searches. SQLite has no tsvector: there the column
is always NULL, its index stays empty (so it costs writes nothing) and site search
uses an FTS5 word index instead (FILM_WORDS and PERSON_WORDS below).
"""

from collections.abc import Iterable
from functools import reduce

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Expression, Q

from core.sqlite_fts import FullTextIndex

CONFIG = "english"


class StoredSearchVector(SearchVector):
    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class StoredSearchVectorField(SearchVectorField):
    # settings.py installs django.contrib.postgres only on PostgreSQL; on SQLite the
    # column is always NULL and never searched, so the app is not needed there.
    def _check_postgres_installed(self, *args):
        return []


class SearchVectorIndex(models.Index):
    """GIN on PostgreSQL. Partial (vector not null), so it holds nothing on SQLite."""

    def __init__(self, *, name: str):
        super().__init__(
            fields=["search_vector"], name=name, condition=Q(search_vector__isnull=False)
        )

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {"name": kwargs["name"]}


def search_vector_field(weights: dict[str, str]) -> models.GeneratedField:
    """A generated tsvector over ``weights`` ({field name: weight "A" to "D"})."""
    parts: Iterable[Expression] = (
        StoredSearchVector(name, weight=weight, config=CONFIG) for name, weight in weights.items()
    )
    vector = reduce(lambda a, b: a + b, parts)
    return models.GeneratedField(
        expression=vector, output_field=StoredSearchVectorField(), db_persist=True
    )


# SQLite's stand-in for the vectors above (core/sqlite_fts.py), same columns and order of
# weight; created after `migrate` by FilmsConfig.
FILM_WORDS = FullTextIndex("films_film", ("title", "original_title", "synopsis"), (10, 10, 2))
PERSON_WORDS = FullTextIndex("films_person", ("name", "bio"), (10, 2))
