"""A restore checks the whole archive before it touches anything, and restores all of it
or nothing: a bad member, or a failure while the media go back, leaves the database and
the media folder as they were, and the person restoring is told why."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from core.backups import backed_up_models
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

HTML = b"<html><script>alert(document.cookie)</script></html>"


def png(colour=(200, 30, 30)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def archive(settings, tmp_path) -> Path:
    """A backup of a site with a poster and a photo, taken before both were deleted (with
    their files): restoring it would bring them back."""
    settings.MEDIA_ROOT = tmp_path / "media"
    film = factories.film(title="Backed Up Film", poster_alt="A red poster")
    film.poster.save("poster.png", png())
    person = factories.person(name="Backed Up Person")
    person.photo.save("photo.png", png((30, 160, 60)))
    out = io.StringIO()
    # The json format on every engine: it is the one whose dump these tests tamper with.
    call_command(
        "backup_site", "--format=json", "--output-dir", str(tmp_path / "backups"), stdout=out
    )
    film.delete()
    person.delete()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return Path(out.getvalue().strip().removeprefix("Backup written to "))


def rewritten(archive: Path, *, add=(), replace=None) -> Path:
    """A copy of the archive with members added (TarInfo, bytes) or one replaced."""
    copy = archive.with_name("tampered.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if replace and member.name == replace[0]:
                content = replace[1]
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
        for info, content in add:
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return copy


def from_newer_code(archive: Path) -> Path:
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    manifest["migrations"]["films"].append("9999_from_the_future")
    return rewritten(archive, replace=("manifest.json", json.dumps(manifest).encode()))


def member(name: str, kind=tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def rows() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def files_in(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


BAD_ARCHIVES = {
    "a web page as a poster": (
        lambda a: rewritten(a, add=[(member("media/posters/evil.png"), HTML)]),
        "'media/posters/evil.png': it is not an image the site accepts",
    ),
    "a link to a system file": (
        lambda a: rewritten(
            a, add=[(member("media/posters/x.png", tarfile.SYMTYPE, "/etc/passwd"), b"")]
        ),
        "'media/posters/x.png': only regular files belong in a backup",
    ),
    "a path out of the media folder": (
        lambda a: rewritten(a, add=[(member("media/../../evil.png"), png().read())]),
        "'media/../../evil.png': its name could point outside the site's folders",
    ),
    "a file backup_site never writes": (
        lambda a: rewritten(a, add=[(member("settings.py"), b"DEBUG = True")]),
        "'settings.py': backup_site writes no such file",
    ),
    "an unreadable database dump": (
        lambda a: rewritten(a, replace=("data-ids.json", b'[{"model": ')),
        "'data-ids.json': the database dump is not readable JSON",
    ),
    "a backup from newer code": (
        from_newer_code,
        "The backup comes from newer code (migrations {'films': ['9999_from_the_future']}",
    ),
    "an archive cut short": (
        lambda a: (
            a.with_name("cut.tar.gz").write_bytes(a.read_bytes()[:-400])
            and a.with_name("cut.tar.gz")
        ),
        "is damaged or not a .tar.gz archive",
    ),
}


@pytest.mark.parametrize("bad", BAD_ARCHIVES, ids=list(BAD_ARCHIVES))
def test_a_bad_archive_restores_nothing_and_says_why(archive, settings, bad):
    make, why = BAD_ARCHIVES[bad]
    tampered = make(archive)
    before = rows()

    with pytest.raises(CommandError) as refused:
        call_command("restore_site", str(tampered), "--force", verbosity=0)

    assert why in str(refused.value)
    assert rows() == before
    assert not Film.objects.filter(title="Backed Up Film").exists()
    assert not files_in(settings.MEDIA_ROOT)


def test_media_that_fail_to_go_back_take_the_data_back_out_with_them(
    archive, settings, monkeypatch
):
    saved = []
    original_save = FileSystemStorage._save

    def full_after_one_file(self, name, content):
        if saved:
            raise OSError(28, "No space left on device")
        saved.append(name)
        return original_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", full_after_one_file)
    before = rows()

    with pytest.raises(CommandError) as refused:
        call_command("restore_site", str(archive), "--force", verbosity=0)

    assert "No space left on device" in str(refused.value)
    assert "nothing was restored" in str(refused.value)
    assert saved, "one file went back before the failure"
    assert rows() == before
    assert not Film.objects.filter(title="Backed Up Film").exists()
    assert not files_in(settings.MEDIA_ROOT)


def test_a_good_archive_still_restores_its_data_and_media(archive, settings):
    call_command("restore_site", str(archive), "--force", verbosity=0)

    film = Film.objects.get(title="Backed Up Film")
    assert Path(film.poster.path).read_bytes().startswith(b"\x89PNG")
    assert len(files_in(settings.MEDIA_ROOT)) == 2
