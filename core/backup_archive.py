"""The backup archive's format, and the check a restore makes of a whole archive before
it touches the database or the media folder.

Format 2 (format 1, JSON only, still restores): manifest.json says how the database was
written ("database": "pg_dump" for database.pgdump, pg_dump's custom format; "json" for
the fixtures data.json and data-ids.json) and lists every applied migration per app.

A restore reads every member first: names that stay inside the archive's own layout,
regular files only, a readable manifest and database dump, and media that are images
the site would accept as uploads. What passes is unpacked into a private temporary
folder, from which core.backups loads it; anything wrong stops the restore
there, with the member and the reason, and nothing has been written yet.
"""

import gzip
import json
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File

from core.images import MAX_UPLOAD_BYTES, validate_image_upload

FORMAT = 2
READABLE_FORMATS = {1, 2}
MANIFEST, DATA, DATA_IDS, MEDIA = "manifest.json", "data.json", "data-ids.json", "media"
FIXTURES = (DATA, DATA_IDS)
PG_DUMP = "database.pgdump"
DATABASE_FILES = {"json": FIXTURES, "pg_dump": (PG_DUMP,)}


class BackupError(Exception):
    """Why a backup or restore stopped; str() is for the person running it."""


@dataclass
class StagedBackup:
    """A checked archive, unpacked: the database dump (fixtures, or pg_dump's file) and
    the media to put in place."""

    manifest: dict[str, Any]
    fixtures: list[Path]
    media: dict[str, Path] = field(default_factory=dict)  # storage name -> unpacked file
    pg_dump: Path | None = None


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest: object = json.load(_member_file(tar, MANIFEST))
    except (KeyError, ValueError):
        raise BackupError("This is not a site backup: it has no readable manifest.") from None
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if not isinstance(manifest, dict) or found not in READABLE_FORMATS:
        raise BackupError(f"Unknown backup format {found!r}.")
    manifest.setdefault("database", "json")  # format 1 knew no other
    if manifest["database"] not in DATABASE_FILES:
        raise BackupError(f"Unknown kind of database dump {manifest['database']!r}.")
    for key, kind in [("migrations", dict), ("rows", dict), ("media_files", int)]:
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"The backup's manifest has no valid {key!r}.")
    # Format 1 listed each app's latest migration, format 2 all of them.
    migrations = {
        app: [names] if isinstance(names, str) else names
        for app, names in manifest["migrations"].items()
    }
    if not all(
        isinstance(listed, list) and all(isinstance(name, str) for name in listed)
        for listed in migrations.values()
    ):
        raise BackupError("The backup's manifest has no valid 'migrations'.")
    manifest["migrations"] = migrations
    return manifest


def media_image_problem(file: File) -> str | None:
    """Why a media file could not have been uploaded to the site, or None."""
    try:
        validate_image_upload(file)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def stage_archive(archive: Path, work: Path, *, known_models: set[str]) -> StagedBackup:
    """Check every member of the archive and unpack it into `work`; BackupError if any
    member is not what backup_site writes."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()  # reads to the end: a cut-short archive fails here
            if MANIFEST not in {member.name for member in members}:
                raise BackupError("This is not a site backup: it has no readable manifest.")
            _check_members(members)
            manifest = read_manifest(tar)
            staged = StagedBackup(manifest=manifest, fixtures=[])
            _unpack(tar, members, work, staged)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{archive} is damaged or not a .tar.gz archive ({error}).") from None
    expected = DATABASE_FILES[manifest["database"]]
    unpacked = {path.name for path in [*staged.fixtures, staged.pg_dump] if path}
    missing = [name for name in expected if name not in unpacked]
    if missing:
        raise BackupError(f"The backup has no {' or '.join(missing)}: nothing was restored.")
    if unexpected := unpacked - set(expected):
        raise _refused(sorted(unexpected)[0], f"a {manifest['database']} backup has no such file")
    staged.fixtures = [work / name for name in FIXTURES if name in unpacked]  # as written
    for fixture in staged.fixtures:
        _check_fixture(fixture, known_models)
    if unknown := set(manifest["rows"]) - known_models:
        raise BackupError(
            f"The backup holds models this site does not know: {sorted(unknown)} "
            "(from newer code? deploy that version first). Nothing was restored."
        )
    if manifest["media_files"] != len(staged.media):
        raise BackupError(
            f"The manifest lists {manifest['media_files']} media files but the archive "
            f"holds {len(staged.media)}: it is incomplete. Nothing was restored."
        )
    return staged


def _check_members(members: list[tarfile.TarInfo]) -> None:
    """Names and kinds only, before any member is read."""
    seen: set[str] = set()
    for member in members:
        name = member.name
        _refuse_unsafe_name(name)
        if member.isdir():
            continue  # archives made by hand may list folders; backup_site's do not
        if name.endswith("/"):
            raise _refused(name, "a file with a folder's name")
        if not member.isreg():
            raise _refused(
                name,
                "only regular files belong in a backup (links, devices and the like "
                "are never restored)",
            )
        if name in seen:
            raise _refused(name, "it appears twice in the archive")
        seen.add(name)
        if name not in {MANIFEST, *FIXTURES, PG_DUMP} and not name.startswith(f"{MEDIA}/"):
            raise _refused(name, "backup_site writes no such file")
        if name.startswith(f"{MEDIA}/") and member.size > MAX_UPLOAD_BYTES:
            raise _refused(name, "it is larger than any upload the site accepts")


def _unpack(
    tar: tarfile.TarFile, members: list[tarfile.TarInfo], work: Path, staged: StagedBackup
) -> None:
    (work / MEDIA).mkdir(mode=0o700)
    for member in members:
        name = member.name
        if member.isdir() or name == MANIFEST:
            continue
        if name == PG_DUMP:
            target = staged.pg_dump = work / name
        elif name in FIXTURES:
            target = work / name
            staged.fixtures.append(target)
        else:
            target = work / MEDIA / str(len(staged.media))
            staged.media[name.removeprefix(f"{MEDIA}/")] = target
        with _member_file(tar, member) as source, target.open("xb") as copy:
            while chunk := source.read(1024 * 1024):
                copy.write(chunk)
        if name.startswith(f"{MEDIA}/"):
            with target.open("rb") as content:
                if problem := media_image_problem(File(content, name=name)):
                    raise _refused(name, f"it is not an image the site accepts: {problem}")


def _refuse_unsafe_name(name: str) -> None:
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or str(path) != name.rstrip("/")  # "a//b", "./a" and the like
        or any(part in {"..", "."} for part in path.parts)
        or "\\" in name
        or any(ord(char) < 32 or ord(char) == 127 for char in name)
    ):
        raise _refused(name, "its name could point outside the site's folders")


def _check_fixture(path: Path, known_models: set[str]) -> None:
    try:
        with path.open(encoding="utf-8") as dump:
            rows = json.load(dump)
    except (ValueError, UnicodeDecodeError) as error:
        raise _refused(path.name, f"the database dump is not readable JSON ({error})") from None
    if not isinstance(rows, list):
        raise _refused(path.name, "the database dump is not a list of rows")
    for row in rows:
        model = row.get("model") if isinstance(row, dict) else None
        if model not in known_models or not isinstance(row.get("fields"), dict):
            raise _refused(
                path.name,
                f"it holds a row this site cannot load (from newer code?): {str(row)[:200]}",
            )


def _member_file(tar: tarfile.TarFile, member: str | tarfile.TarInfo) -> IO[bytes]:
    """A member's contents. Only regular files are read, and only after _check_members
    (or, for the manifest, the ValueError below) has made sure that is what they are."""
    source = tar.extractfile(member)
    if source is None:  # a folder or a link: tarfile has no contents to give
        raise ValueError(f"{member!r} is not a regular file")
    return source


def _refused(name: str, why: str) -> BackupError:
    return BackupError(f"Refusing the backup, nothing was restored: {name!r}: {why}.")
