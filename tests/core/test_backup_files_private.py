"""Backups hold password hashes and drafts: the archive is readable by its owner only,
in a folder only its owner can open, whatever the umask of whoever ran `make backup`."""

import io
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from tests import factories

pytestmark = pytest.mark.django_db


def png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), (200, 30, 30)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="poster.png")


@pytest.fixture
def site_with_a_poster(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    film = factories.film(poster_alt="A red poster")
    film.poster.save("poster.png", png())
    return film


def backup(folder: Path) -> tuple[Path, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("backup_site", "--output-dir", str(folder), stdout=out, stderr=err)
    return Path(out.getvalue().strip().removeprefix("Backup written to ")), err.getvalue()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask():
    previous = os.umask(0)  # what a careless shell or cron job may run with
    yield
    os.umask(previous)


def test_a_new_backup_is_owner_only_in_an_owner_only_folder(
    site_with_a_poster, tmp_path, permissive_umask
):
    archive, _ = backup(tmp_path / "backups" / "nightly")

    assert mode(archive) == 0o600
    assert mode(archive.parent) == 0o700
    with tarfile.open(archive) as tar:
        assert f"media/{site_with_a_poster.poster.name}" in tar.getnames()


def test_an_existing_folder_open_to_others_is_tightened_and_the_operator_told(
    site_with_a_poster, tmp_path
):
    folder = tmp_path / "backups"
    folder.mkdir()
    folder.chmod(0o755)

    archive, warnings = backup(folder)

    assert mode(folder) == 0o700 and mode(archive) == 0o600
    assert f"{folder} was open to other users (mode 0755); it is now 0700." in warnings


def test_a_stored_file_a_restore_would_refuse_is_left_out_and_named(
    site_with_a_poster, settings, tmp_path
):
    stray = Path(settings.MEDIA_ROOT) / "posters" / "notes.txt"
    stray.write_text("not an image")

    archive, warnings = backup(tmp_path / "backups")

    assert "Left out media/posters/notes.txt: not an image the site accepts" in warnings
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "media/posters/notes.txt" not in names
    assert f"media/{site_with_a_poster.poster.name}" in names
