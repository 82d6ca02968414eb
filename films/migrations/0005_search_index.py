# Issue #15: "Did you mean …?" on PostgreSQL compares trigrams (pg_trgm) of film titles
# and people's names; GIN trigram indexes let the `%` operator skip the dissimilar rows.
# SQLite has neither (its word indexes are made after migrate: core/sqlite_fts.py), so
# the indexes are created on PostgreSQL only and are not part of the models' state.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = {
    "film_title_trgm": ("films_film", "title"),
    "person_name_trgm": ("films_person", "name"),
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0004_newest_by_release_year"),
    ]

    operations = [
        # A no-op on other databases (CreateExtension checks the vendor).
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
