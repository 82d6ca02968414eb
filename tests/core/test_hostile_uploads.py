"""Hostile uploads through the admin forms (film poster, person photo, critic photo):
each is refused with a form error, and neither the database nor the media folder
keeps anything. tests/core/test_image_validation.py covers the validator's messages."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.images import MAX_UPLOAD_BYTES
from tests.admin_forms import ADMIN_FORMS, change_form_data

pytestmark = pytest.mark.django_db


def jpeg(size=(300, 450)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


HOSTILE_UPLOADS = {
    "html named .jpg": ("poster.jpg", b"<html><script>alert(1)</script></html>"),
    "svg named .png": ("poster.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'),
    "truncated jpeg": ("poster.jpg", jpeg()[:4000]),
    "decompression bomb": ("poster.png", png_claiming(50_000, 50_000)),
    "over 10 MB": ("poster.jpg", jpeg() + b"\0" * MAX_UPLOAD_BYTES),
    "empty file": ("poster.jpg", b""),
}


@pytest.mark.parametrize("upload", HOSTILE_UPLOADS, ids=list(HOSTILE_UPLOADS))
@pytest.mark.parametrize("form", ADMIN_FORMS, ids=list(ADMIN_FORMS))
def test_a_hostile_upload_is_refused_on_the_form_and_nothing_is_kept(
    editor_client, settings, tmp_path, form, upload
):
    settings.MEDIA_ROOT = tmp_path
    admin_name, field, make = ADMIN_FORMS[form]
    obj = make()
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    name, content = HOSTILE_UPLOADS[upload]
    data = change_form_data(editor_client, url)
    data |= {
        field: SimpleUploadedFile(name, content),
        f"{field}_alt": "A picture",
        "poster_alt": "A picture",
    }

    response = editor_client.post(url, data)

    assert response.status_code == 200, "the form was accepted"
    assert response.context["adminform"].form.errors[field]
    obj.refresh_from_db()
    assert not getattr(obj, field)
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_the_same_forms_accept_a_whole_jpeg(editor_client, settings, tmp_path):
    """The check above is not vacuous: an honest image goes through each form."""
    settings.MEDIA_ROOT = tmp_path
    for admin_name, field, make in ADMIN_FORMS.values():
        obj = make()
        url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
        data = change_form_data(editor_client, url)
        data |= {field: SimpleUploadedFile("ok.jpg", jpeg()), f"{field}_alt": "A picture"}
        response = editor_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        obj.refresh_from_db()
        assert getattr(obj, field)
