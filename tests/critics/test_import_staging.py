"""An admin CSV upload waits for its confirmation in the "imports" storage, not on one server.

Any app server behind the load balancer can confirm it (the file is read back through
Django's storage API), only the editor who uploaded it can, and it is gone once
confirmed or cancelled; files left waiting are swept by a later upload.
"""

import json
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.backups import media_files
from critics.models import Review
from tests import factories
from tests.processes import run_django

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:critics_review_import"
FILE = (
    b"film,year,critic,publication,date,rating,text\n"
    b"La La Land,2016,Ana Ruiz,The Daily Screen,2016-12-09,3/4,Fine.\n"
)


@pytest.fixture(autouse=True)
def film():
    return factories.film(title="La La Land", release_year=2016)


def staged_in(settings, backend: str, **options) -> None:
    settings.STORAGES = {**settings.STORAGES, "imports": {"BACKEND": backend, "OPTIONS": options}}


@pytest.fixture
def folder(settings, tmp_path) -> Path:
    """The imports storage is a folder of this test's own."""
    staged_in(settings, "django.core.files.storage.FileSystemStorage", location=tmp_path / "staged")
    return tmp_path / "staged"


def staged_files() -> list[str]:
    try:
        return storages["imports"].listdir("")[1]
    except FileNotFoundError:
        return []


def upload(client, data: bytes = FILE):
    preview = client.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile("reviews.csv", data, "text/csv")}
    )
    assert "token" in preview.context, preview.content.decode()[:2000]
    return preview.context["token"]


def answer(client, token: str, button: str = "confirm"):
    return client.post(reverse(IMPORT_URL), {"token": token, button: "1"}, follow=True)


@pytest.mark.parametrize(
    "backend",
    ["django.core.files.storage.FileSystemStorage", "django.core.files.storage.InMemoryStorage"],
    ids=["a private folder", "no disk at all, as with a bucket"],
)
def test_the_upload_waits_in_the_imports_storage_until_it_is_confirmed(
    editor_client, settings, tmp_path, backend
):
    options = {"location": tmp_path / "staged"} if "FileSystem" in backend else {}
    staged_in(settings, backend, **options)

    token = upload(editor_client)

    (name,) = staged_files()
    with storages["imports"].open(name, "rb") as staged:
        assert staged.read() == FILE
    # Named by a random key, not the editor's file name, so nobody can guess it.
    assert "reviews" not in name and len(name) > 32
    if "FileSystem" in backend:
        assert (tmp_path / "staged" / name).read_bytes() == FILE

    done = answer(editor_client, token)
    assert "Imported 1 review (0 already there)" in done.content.decode()
    assert Review.objects.filter(critic__name="Ana Ruiz").exists()
    assert staged_files() == []


def test_cancelling_deletes_the_staged_file(editor_client, folder):
    token = upload(editor_client)
    assert len(list(folder.iterdir())) == 1

    done = answer(editor_client, token, "cancel")

    assert "Import cancelled; nothing was written." in done.content.decode()
    assert list(folder.iterdir()) == []
    assert not Review.objects.exists()


def test_another_editor_can_neither_import_nor_cancel_someone_elses_upload(editor_client, folder):
    token = upload(editor_client)
    client = Client()
    client.force_login(factories.editor("second-editor"))

    for button in ("confirm", "cancel", "download_invalid"):
        refused = answer(client, token, button)
        assert refused.redirect_chain[-1][0] == reverse(IMPORT_URL)
        assert "That preview is of another editor&#x27;s upload" in refused.content.decode()
    assert not Review.objects.exists()
    assert len(list(folder.iterdir())) == 1  # still waiting for its own editor

    answer(editor_client, token)
    assert Review.objects.filter(critic__name="Ana Ruiz").exists()


def test_a_staged_file_that_is_gone_gives_a_message_not_a_server_error(editor_client, folder):
    token = upload(editor_client)
    for file in folder.iterdir():
        file.unlink()

    response = answer(editor_client, token)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(IMPORT_URL)
    assert "The uploaded file is no longer waiting" in response.content.decode()
    assert not Review.objects.exists()


def test_confirming_twice_imports_once(editor_client, folder):
    token = upload(editor_client)
    answer(editor_client, token)

    again = answer(editor_client, token)

    assert "The uploaded file is no longer waiting" in again.content.decode()
    assert Review.objects.count() == 1


def test_an_expired_preview_gives_a_message_and_imports_nothing(editor_client, folder, monkeypatch):
    from critics.admin import imports

    token = upload(editor_client)
    monkeypatch.setattr(imports, "PREVIEW_MAX_AGE", -1)  # every preview is now too old

    response = answer(editor_client, token)

    assert "That preview has expired; upload the file again." in response.content.decode()
    assert not Review.objects.exists()


def test_the_next_upload_sweeps_files_left_waiting_for_more_than_a_day(editor_client, folder):
    storage = storages["imports"]
    forgotten = storage.save("7-forgotten.csv", ContentFile(FILE))
    recent = storage.save("7-recent.csv", ContentFile(FILE))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(folder / forgotten, (two_days_ago, two_days_ago))
    os.utime(folder / recent, (time.time() - 3600,) * 2)

    upload(editor_client)

    names = staged_files()
    assert forgotten not in names
    assert recent in names and len(names) == 2


def test_staged_uploads_are_not_backed_up_as_media(settings):
    # With a bucket, the imports storage is the media bucket's private prefix.
    bucket = InMemoryStorage()
    bucket.save("posters/la-la-land.jpg", ContentFile(b"jpeg"))
    bucket.save(f"{settings.PRIVATE_STORAGE_PREFIX}/imports/1-key.csv", ContentFile(FILE))

    assert media_files(bucket) == ["posters/la-la-land.jpg"]


IMPORTS_PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; s = storages['imports']; "
    "print(json.dumps({'class': type(s).__name__, 'location': str(s.location), "
    "'media_root': str(settings.MEDIA_ROOT), 'url': s.url('1-key.csv'), "
    "'acl': getattr(s, 'default_acl', None), "
    "'bucket': getattr(s, 'bucket_name', None)}))"
)
S3_VARIABLES = ["AWS_STORAGE_BUCKET_NAME", "AWS_S3_CUSTOM_DOMAIN", "DJANGO_IMPORTS_ROOT"]


def imports_settings(**env):
    result = run_django(IMPORTS_PROBE, {"DJANGO_DEBUG": "1", **env}, remove=S3_VARIABLES)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_without_a_bucket_uploads_wait_in_a_private_folder_outside_the_media(tmp_path):
    imports = imports_settings()
    assert imports["class"] == "FileSystemStorage"
    assert not Path(imports["location"]).is_relative_to(imports["media_root"])

    shared = imports_settings(DJANGO_IMPORTS_ROOT=str(tmp_path / "shared"))
    assert shared["location"] == str(tmp_path / "shared")


@pytest.mark.slow
def test_with_a_bucket_uploads_wait_under_its_private_prefix_never_on_the_cdn():
    imports = imports_settings(
        AWS_STORAGE_BUCKET_NAME="reviews-media",
        AWS_S3_CUSTOM_DOMAIN="media.reviews.example",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert imports["class"] == "S3Storage"
    assert imports["bucket"] == "reviews-media"
    assert imports["location"] == "private/imports"
    assert imports["acl"] == "private"
    # Were a link ever made, it would be signed and short-lived, and not on the CDN.
    assert "/private/imports/1-key.csv?" in imports["url"]
    assert "Signature" in imports["url"]
    assert "media.reviews.example" not in imports["url"]
