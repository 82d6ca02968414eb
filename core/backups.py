"""Whole-site backups: the database (as a natural-key fixture) and the uploaded media,
in one timestamped .tar.gz, and the way back into an empty database.

An archive holds:
  manifest.json  format, when, the schema's migrations, rows per model, media files
  data.json      `dumpdata --natural-foreign --natural-primary` of every model below
  data-ids.json  the same with primary keys, for models whose natural key is not unique
  media/...      every image of the default storage except generated thumbnails

Archives hold password hashes and drafts: they are written 0600 in a 0700 folder. A
restore checks the whole archive first (core.backup_archive), then loads the
data and puts the media in place in one transaction, so it restores all or nothing.

Left out, because migrations or the site rebuild them: content types and permissions
(recreated by `migrate`, referred to by natural key), sessions (everyone signs in
again), sign-in lockouts (django-axes) and the thumbnail cache (sorl-thumbnail).
Everything else round-trips: catalogue, critics, reviews, articles, consensus, tags,
revision history, users and groups, the admin's log.
"""

import io
import json
import os
import stat
import tarfile
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from core.backup_archive import (
    DATA,
    DATA_IDS,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    media_image_problem,
    stage_archive,
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


def media_files(storage=default_storage, folder: str = "") -> list[str]:
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


def _migration_heads(using: str) -> dict[str, str]:
    heads: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        heads[app] = max(heads.get(app, ""), name)
    return heads


@contextmanager
def consistent_snapshot(using: str):
    """One view of the database for the whole dump, while the site keeps writing."""
    connection = connections[using]
    outermost = not connection.in_atomic_block  # inside one (a test), its snapshot applies
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


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


def _private_file(path: Path):
    """A new file readable by its owner only, whatever the umask; opened for writing."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


def create_backup(
    *,
    output_dir: Path,
    using: str = DEFAULT_DB_ALIAS,
    notify: Callable[[str], None] = lambda message: None,
) -> Path:
    if notice := private_folder(output_dir):
        notify(notice)
    created = datetime.now(UTC)
    archive = output_dir / f"reviews-{created:%Y%m%d-%H%M%S}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second and try again.")
    models = backed_up_models()
    with tempfile.TemporaryDirectory() as work:
        with consistent_snapshot(using):
            counts = {m._meta.label_lower: m._default_manager.using(using).count() for m in models}
            for fixture, keep_ids in [(DATA, False), (DATA_IDS, True)]:
                call_command(
                    "dumpdata",
                    *[
                        m._meta.label
                        for m in models
                        if (m._meta.label_lower in KEEP_PRIMARY_KEYS) == keep_ids
                    ],
                    natural_foreign=True,
                    natural_primary=not keep_ids,
                    database=using,
                    output=str(Path(work) / fixture),
                    verbosity=0,
                )
            heads = _migration_heads(using)
        files = _restorable_media(media_files(), notify)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "migrations": heads,
            "rows": counts,
            "media_files": len(files),
        }
        partial = archive.with_name(archive.name + ".partial")
        partial.unlink(missing_ok=True)  # left by a backup that was killed
        try:
            with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
                for fixture in (DATA, DATA_IDS):
                    tar.add(Path(work) / fixture, arcname=fixture)
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


def _restorable_media(names: list[str], notify) -> list[str]:
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


def _add_bytes(tar, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


def rows_present(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The backed-up models that already hold rows (those migrations create aside)."""
    present = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label not in CREATED_BY_MIGRATIONS:
            count = model._default_manager.using(using).count()
            if count:
                present[label] = count
    return present


def restore_backup(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Check the whole archive, migrate, then load the data and put the media back in one
    transaction: a failure anywhere leaves the database and the media as they were
    (files of the same name replaced under --force excepted).

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
        manifest = staged.manifest
        call_command("migrate", database=using, interactive=False, verbosity=0)
        here = _migration_heads(using)
        newer = {
            app: name for app, name in manifest["migrations"].items() if name > here.get(app, "")
        }
        if newer:
            raise BackupError(
                f"The backup comes from newer code (migrations {newer} are unknown here); "
                "deploy that version first."
            )
        present = rows_present(using)
        if present and not force:
            listed = ", ".join(f"{label} ({count})" for label, count in sorted(present.items()))
            raise BackupError(
                f"The database is not empty: {listed}. Restore into an empty database, "
                "or pass --force (FORCE=1) to load over it (rows with the same keys are "
                "overwritten, the others stay)."
            )
        try:
            with transaction.atomic(using=using):
                # restore_site rebuilds every film's consensus once everything is in.
                fixtures = [str(path) for path in staged.fixtures]
                call_command(
                    "loaddata", *fixtures, database=using, verbosity=0, skip_consensus=True
                )
                _check_rows(manifest["rows"], using)
                # Last, and still inside the transaction: media that cannot be written
                # roll the data back too.
                media = _restore_media(staged.media)
        except (DatabaseError, DeserializationError, OSError) as error:
            raise BackupError(f"The restore failed and nothing was restored: {error}") from error
    return {**manifest, "media_restored": media}


def _check_rows(expected: dict[str, int], using: str) -> None:
    short = {}
    for label, count in expected.items():
        loaded = apps.get_model(label)._default_manager.using(using).count()
        if loaded < count:
            short[label] = (count, loaded)
    if short:
        raise BackupError(f"Rows missing after loading (backed up, loaded): {short}.")


def _restore_media(staged: dict[str, Path]) -> int:
    written = []
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
        for name in written:
            default_storage.delete(name)
        raise
    return len(written)
