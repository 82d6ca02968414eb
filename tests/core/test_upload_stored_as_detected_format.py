"""An image uploaded in the admin is stored under the extension of the format it really
is, re-encoded: whatever its name said, and with nothing but the picture kept (no file
appended behind it, no comment or EXIF inside it). The media server's content type
follows the stored name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve
from PIL import Image

from core import images
from tests import factories
from tests.admin_forms import ADMIN_FORMS, change_form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def encoded(fmt: str, size=(300, 450), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(editor_client, form: str, name: str, content: bytes):
    """Post the change form as an editor does, with the file as the image; the object."""
    admin_name, field, make = ADMIN_FORMS[form]
    obj = make()
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    data = change_form_data(editor_client, url)
    data |= {field: SimpleUploadedFile(name, content), f"{field}_alt": "A picture"}
    if field == "poster":
        data["poster_alt"] = "A picture"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return getattr(obj, field), response


def served_content_type(stored, settings) -> str:
    response = serve(RequestFactory().get(stored.url), stored.name, settings.MEDIA_ROOT)
    return response["Content-Type"]


@pytest.mark.parametrize("form", ADMIN_FORMS, ids=list(ADMIN_FORMS))
def test_a_png_with_a_pdf_appended_named_pdf_is_stored_as_a_png_without_the_pdf(
    editor_client, settings, form
):
    stored, _ = upload(editor_client, form, "poly.pdf", encoded("PNG") + PDF)

    assert stored.name.endswith("/poly.png")
    content = stored.read()
    assert b"%PDF" not in content
    assert content.startswith(b"\x89PNG") and content.endswith(b"IEND\xaeB`\x82")
    assert served_content_type(stored, settings) == "image/png"


def test_a_png_named_xbm_is_stored_and_served_as_a_png(editor_client, settings):
    stored, _ = upload(editor_client, "film poster", "png_named.xbm", encoded("PNG"))

    assert stored.name.endswith("/png_named.png")
    assert served_content_type(stored, settings) == "image/png"
    with Image.open(stored.path) as image:
        assert image.format == "PNG" and image.size == (300, 450)


def test_a_jpeg_named_png_is_stored_and_served_as_a_jpeg(editor_client, settings):
    stored, _ = upload(editor_client, "person photo", "portrait.png", encoded("JPEG"))

    assert stored.name.endswith("/portrait.jpg")
    assert served_content_type(stored, settings) == "image/jpeg"
    with Image.open(stored.path) as image:
        assert image.format == "JPEG"
        assert image.getpixel((150, 225)) == pytest.approx((20, 60, 120), abs=3)


def test_a_jpeg_keeps_its_picture_but_not_its_comment_or_camera_data(editor_client):
    # Pixels 450 wide, 300 high, with EXIF "rotate 90° clockwise to show", a GPS block and
    # a comment segment: a payload a cut at the end marker would keep.
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: GPSLatitude
    sideways = encoded("JPEG", size=(450, 300), exif=exif, comment=PDF)
    with Image.open(io.BytesIO(sideways)) as original:
        assert original.getexif()[0x0112] == 6 and b"%PDF" in sideways

    stored, _ = upload(editor_client, "critic photo", "me.jpg", sideways)

    content = stored.read()
    assert b"%PDF" not in content and b"Exif" not in content
    with Image.open(stored.path) as image:
        assert image.size == (300, 450), "stored upright, as the camera meant it"
        assert not image.getexif()


def test_an_animated_gif_keeps_its_frames_and_timing(editor_client):
    colours = [(20, 60, 120), (200, 30, 30), (30, 160, 60)]
    frames = [Image.new("RGB", (300, 450), colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0
    )

    stored, _ = upload(editor_client, "film poster", "moving.webp", buffer.getvalue() + PDF)

    assert stored.name.endswith("/moving.gif")
    assert b"%PDF" not in stored.read()
    with Image.open(stored.path) as image:
        assert image.n_frames == 3
        timing = []
        for index, colour in enumerate(colours):
            image.seek(index)
            timing.append(image.info["duration"])
            assert image.convert("RGB").getpixel((10, 10)) == colour
        assert timing == [100, 200, 300]


def test_an_animation_too_long_to_re_encode_is_refused_clearly(
    editor_client, monkeypatch, tmp_path
):
    monkeypatch.setattr(images, "MAX_ANIMATION_PIXELS", 300_000)  # 3 × 300 × 450 is 405,000
    frames = [Image.new("RGB", (300, 450), (i * 80, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    film = factories.film()
    url = reverse("admin:films_film_change", args=[film.pk])
    data = change_form_data(editor_client, url)
    data |= {"poster": SimpleUploadedFile("long.gif", buffer.getvalue()), "poster_alt": "A"}

    response = editor_client.post(url, data)

    errors = response.context["adminform"].form.errors["poster"]
    assert "too long to store (3 frames of 300 × 450 pixels)" in errors[0]
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
