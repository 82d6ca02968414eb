"""Whole-site backups: the database and the uploaded media in one timestamped .tar.gz,
and the way back.

An archive holds:
  manifest.json    format, when, how the database was written, every applied migration,
                   rows per model, media files
  database.pgdump  on PostgreSQL: `pg_dump --format=custom` (core.backup_postgres)
  data.json        elsewhere (SQLite), or with --format=json: `dumpdata --natural-foreign
                   --natural-primary` of every model below, which any engine can load
  data-ids.json    the same with primary keys, for models whose natural key is not unique
  media/...        every image of the default storage except generated thumbnails

Archives hold password hashes and drafts: they are written 0600 in a 0700 folder. A
restore checks the whole archive first (core.backup_archive) and refuses one from newer
code (a migration unknown here). Then it restores all or nothing:
- json: loads the data and puts the media in place in one transaction;
- pg_dump: puts the media in place, then runs `pg_restore --single-transaction`, which
  replaces every table or, at any error, none; the media it put there are removed again.
  The media go first because pg_restore's own transaction is the one step that cannot
  be undone once it has succeeded, so it must be the last.

Left out: sessions (everyone signs in again), sign-in lockouts (django-axes) and the
thumbnail cache (sorl-thumbnail); the json format also leaves out content types and
permissions (recreated by `migrate`, referred to by natural key). Everything else
round-trips: catalogue, critics, reviews, articles, consensus, tags, revision history,
users and groups, the admin's log.
"""

import io
import json
import os
import stat
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from core import backup_postgres
from core.backup_archive import (
    DATA,
    DATA_IDS,
    DATABASE_FILES,
    FORMAT,
    MANIFEST,
    MEDIA,
    PG_DUMP,
    BackupError,
    media_image_problem,
)

EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "thumbnail"}
EXCLUDED_MODELS = {"auth.permission"}
# django-taggit's TaggedItem has the natural key (object_id,), shared by every tag of an
# object and by objects of different models: loading by it would merge them into one row.
KEEP_PRIMARY_KEYS = {"taggit.taggeditem"}
# Rows that migrations create themselves; the archive's copies update them by natural key.
CREATED_BY_MIGRATIONS = {"auth.group"}


def default_backup_dir() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")


def backed_up_models() -> list:
    return [
        model
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS
        for model in config.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def _thumbnail_prefix() -> str:
    return getattr(settings, "THUMBNAIL_PREFIX", "cache/").strip("/")


def _private_prefix() -> str:
    # Private files sharing the media bucket (uploads waiting to be imported) are not media.
    return getattr(settings, "PRIVATE_STORAGE_PREFIX", "").strip("/")


def media_files(storage: Storage = default_storage, folder: str = "") -> list[str]:
    """Every stored file's name, generated thumbnails and private files excluded."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [str(PurePosixPath(folder, name)) if folder else name for name in files]
    for sub in folders:
        path = str(PurePosixPath(folder, sub)) if folder else sub
        if path not in (_thumbnail_prefix(), _private_prefix()):
            names += media_files(storage, path)
    return sorted(names)


def applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def refuse_newer_code(migrations: dict[str, list[str]]) -> None:
    """BackupError if the backup's schema has a migration this code does not have."""
    here = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = {
        app: missing
        for app, names in migrations.items()
        if (missing := [name for name in names if (app, name) not in here])
    }
    if unknown:
        raise BackupError(
            f"The backup comes from newer code (migrations {unknown} are unknown here); "
            "deploy that version first. Nothing was restored."
        )


@contextmanager
def consistent_snapshot(using: str) -> Iterator[str | None]:
    """One view of the database for the whole dump, while the site keeps writing. On
    PostgreSQL, yields the id of that snapshot, for pg_dump to read the same one."""
    connection = connections[using]
    outermost = not connection.in_atomic_block  # inside one (a test), its snapshot applies
    with transaction.atomic(using=using):
        # A savepoint cannot export its snapshot (nor would pg_dump see its writes).
        if connection.vendor != "postgresql" or not outermost:
            yield None
            return
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        yield snapshot


def private_folder(folder: Path) -> str | None:
    """Create `folder` as 0700, or tighten it to 0700; a notice if it was wider."""
    existed = folder.is_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    was = stat.S_IMODE(folder.stat().st_mode)
    if was == 0o700:
        return None
    try:
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask; chmod's is not
    except PermissionError:
        return (
            f"Warning: {folder} is open to other users (mode {was:04o}) and could not be "
            "tightened to 0700; the archive itself is readable by its owner only."
        )
    if existed and was & 0o077:
        return f"{folder} was open to other users (mode {was:04o}); it is now 0700."
    return None


def _private_file(path: Path) -> io.BufferedWriter:
    """A new file readable by its owner only, whatever the umask; opened for writing."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def create_backup(
    *,
    output_dir: Path,
    using: str = DEFAULT_DB_ALIAS,
    database_format: str | None = None,
    notify: Callable[[str], None] = lambda message: None,
) -> Path:
    """`database_format`: "pg_dump" (the default on PostgreSQL) or "json" (elsewhere)."""
    vendor = connections[using].vendor
    database_format = database_format or ("pg_dump" if vendor == "postgresql" else "json")
    if database_format == "pg_dump" and vendor != "postgresql":
        raise BackupError(f"pg_dump backs up PostgreSQL; this database is {vendor}: use json.")
    if notice := private_folder(output_dir):
        notify(notice)
    created = datetime.now(UTC)
    archive = output_dir / f"reviews-{created:%Y%m%d-%H%M%S}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second and try again.")
    models = backed_up_models()
    with tempfile.TemporaryDirectory() as work:
        with consistent_snapshot(using) as snapshot:
            counts = {m._meta.label_lower: m._default_manager.using(using).count() for m in models}
            migrations = applied_migrations(using)
            if database_format == "pg_dump":
                dumped_by = backup_postgres.dump(
                    connections[using],
                    Path(work) / PG_DUMP,
                    snapshot=snapshot,
                    unsaved_tables=_unsaved_tables(),
                )
            else:
                _dump_json(models, Path(work), using)
        files = _restorable_media(media_files(), notify)
        manifest = {
            "format": FORMAT,
            "database": database_format,
            "created_at": created.isoformat(),
            "migrations": migrations,
            "rows": counts,
            "media_files": len(files),
        }
        if database_format == "pg_dump":
            manifest["pg_dump_version"] = dumped_by
        partial = archive.with_name(archive.name + ".partial")
        partial.unlink(missing_ok=True)  # left by a backup that was killed
        try:
            with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
                for dumped in DATABASE_FILES[database_format]:
                    tar.add(Path(work) / dumped, arcname=dumped)
                for name in files:
                    info = tarfile.TarInfo(f"{MEDIA}/{name}")
                    info.size = default_storage.size(name)
                    with default_storage.open(name, "rb") as content:
                        tar.addfile(info, content)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.rename(archive)  # never leave a half-written archive under the final name
    return archive


def _dump_json(models: list, work: Path, using: str) -> None:
    for fixture, keep_ids in [(DATA, False), (DATA_IDS, True)]:
        call_command(
            "dumpdata",
            *[
                model._meta.label
                for model in models
                if (model._meta.label_lower in KEEP_PRIMARY_KEYS) is keep_ids
            ],
            natural_foreign=True,
            natural_primary=not keep_ids,
            database=using,
            output=str(work / fixture),
            verbosity=0,
        )


def _unsaved_tables() -> list[str]:
    return [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.label in backup_postgres.UNSAVED_TABLES_OF_APPS
        for model in config.get_models()
    ]


def _restorable_media(names: list[str], notify: Callable[[str], None]) -> list[str]:
    """The stored files a restore will accept; the others are named, not archived."""
    kept = []
    for name in names:
        with default_storage.open(name, "rb") as content:
            problem = media_image_problem(content)
        if problem:
            notify(f"Left out media/{name}: not an image the site accepts ({problem})")
        else:
            kept.append(name)
    return kept


def _add_bytes(tar: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))
