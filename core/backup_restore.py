"""Putting a backup back (`restore_site`), all or nothing; the archive's layout and the
two database formats are described in core.backups."""

import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from core import backup_postgres
from core.backup_archive import BackupError, StagedBackup, stage_archive
from core.backups import CREATED_BY_MIGRATIONS, backed_up_models, refuse_newer_code
from core.content_version import content_changed


def restore_backup(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Check the whole archive, then restore its database and media: a failure anywhere
    leaves the database and the media as they were (files of the same name replaced
    under --force excepted).

    Returns the archive's manifest with the number of media files restored.
    """
    if not archive.is_file():
        raise BackupError(f"No backup at {archive}.")
    known_models = {model._meta.label_lower for model in backed_up_models()}
    with tempfile.TemporaryDirectory() as work:
        try:
            staged = stage_archive(archive, Path(work), known_models=known_models)
        except OSError as error:
            raise BackupError(
                f"Could not unpack the backup to check it ({error}); nothing was restored. "
                f"Is there room in {tempfile.gettempdir()} (TMPDIR)?"
            ) from error
        refuse_newer_code(staged.manifest["migrations"])
        if staged.manifest["database"] == "pg_dump":
            media = _restore_pg_dump(staged, force=force, using=using)
        else:
            media = _restore_json(staged, force=force, using=using)
    return {**staged.manifest, "media_restored": media}


def rows_present(
    using: str = DEFAULT_DB_ALIAS, *, tables: set[str] | None = None
) -> dict[str, int]:
    """The backed-up models that already hold rows (those migrations create aside);
    with `tables`, only the models whose table is among them."""
    present = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label in CREATED_BY_MIGRATIONS:
            continue
        if tables is not None and model._meta.db_table not in tables:
            continue
        if count := model._default_manager.using(using).count():
            present[label] = count
    return present


def _refuse_unless_empty(present: dict[str, int], *, force: bool, what_force_does: str) -> None:
    if present and not force:
        listed = ", ".join(f"{label} ({count})" for label, count in sorted(present.items()))
        raise BackupError(
            f"The database is not empty: {listed}. Restore into an empty database, "
            f"or pass --force (FORCE=1) to {what_force_does}."
        )


def _restore_json(staged: StagedBackup, *, force: bool, using: str) -> int:
    """Migrate, then load the fixtures and put the media back in one transaction."""
    call_command("migrate", database=using, interactive=False, verbosity=0)
    _refuse_unless_empty(
        rows_present(using),
        force=force,
        what_force_does="load over it (rows with the same keys are overwritten, the others stay)",
    )
    try:
        with transaction.atomic(using=using):
            # restore_site rebuilds every film's consensus once everything is in.
            fixtures = [str(path) for path in staged.fixtures]
            call_command("loaddata", *fixtures, database=using, verbosity=0, skip_consensus=True)
            _check_rows(staged.manifest["rows"], using)
            # Last, and still inside the transaction: media that cannot be written
            # roll the data back too.
            return len(_restore_media(staged.media))
    except (DatabaseError, DeserializationError, OSError) as error:
        raise BackupError(f"The restore failed and nothing was restored: {error}") from error


def _restore_pg_dump(staged: StagedBackup, *, force: bool, using: str) -> int:
    """Put the media in place, then let pg_restore replace the database in one
    transaction; if it fails, take the media back out."""
    connection = connections[using]
    dump_file = staged.pg_dump
    if dump_file is None:  # stage_archive checks it is there; this says so to the types
        raise BackupError("This backup has no database dump. Nothing was restored.")
    if connection.vendor != "postgresql":
        raise BackupError(
            "This backup's database was written by pg_dump: it restores into PostgreSQL "
            f"only, and this database is {connection.vendor}. Nothing was restored."
        )
    executable = backup_postgres.check_readable(
        connection, dump_file, dumped_by=staged.manifest.get("pg_dump_version", 0)
    )
    tables = set(connection.introspection.table_names())
    if MigrationRecorder.Migration._meta.db_table in tables:
        _refuse_newer_database(staged.manifest["migrations"], using)
    _refuse_unless_empty(
        rows_present(using, tables=tables),
        force=force,
        what_force_does="replace its contents with the backup's",
    )
    try:
        written = _restore_media(staged.media)
    except OSError as error:
        raise BackupError(f"The restore failed and nothing was restored: {error}") from error
    try:
        backup_postgres.restore(connection, dump_file, executable=executable)
    except BaseException as error:
        _delete(written)
        raise BackupError(f"The restore failed and nothing was restored: {error}") from error
    # Content type ids are the backup's now; pages cached from the old data are stale.
    ContentType.objects.clear_cache()
    content_changed(using=using)
    # An older backup's schema is brought up to this code's (a no-op when they match).
    try:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    except DatabaseError as error:
        raise BackupError(
            f"The backup was restored as it was, but migrating it to this code failed "
            f"({error}); fix that, then run `manage.py migrate`."
        ) from error
    return len(written)


def _refuse_newer_database(migrations: dict[str, list[str]], using: str) -> None:
    """pg_restore drops and recreates the backup's tables only: tables that later
    migrations made would stay behind and stop `migrate` from making them again."""
    in_backup = {(app, name) for app, names in migrations.items() for name in names}
    applied = MigrationRecorder(connections[using]).applied_migrations()
    if extra := sorted(f"{app}.{name}" for app, name in applied if (app, name) not in in_backup):
        raise BackupError(
            f"The database has migrations the backup predates ({', '.join(extra[:5])}"
            f"{', ...' if len(extra) > 5 else ''}): restore into a new, empty database "
            "(createdb), which is then migrated to this code. Nothing was restored."
        )


def _check_rows(expected: dict[str, int], using: str) -> None:
    short = {}
    for label, count in expected.items():
        loaded = apps.get_model(label)._default_manager.using(using).count()
        if loaded < count:
            short[label] = (count, loaded)
    if short:
        raise BackupError(f"Rows missing after loading (backed up, loaded): {short}.")


def _restore_media(staged: dict[str, Path]) -> list[str]:
    """Write every media file; on any failure, delete those written and raise."""
    written: list[str] = []
    try:
        for name, path in sorted(staged.items()):
            if default_storage.exists(name):
                default_storage.delete(name)
            with path.open("rb") as content:
                saved = default_storage.save(name, File(content, name=name))
            written.append(saved)
            if saved != name:
                raise BackupError(
                    f"The storage renamed {name} to {saved}; media not restored as is."
                )
    except BaseException:
        _delete(written)
        raise
    return written


def _delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
