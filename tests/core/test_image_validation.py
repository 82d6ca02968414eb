"""Uploaded posters and photos: real JPEG, PNG, WebP or GIF images of sensible size only."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core import images
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_file(fmt="JPEG", size=(300, 450), name="poster.jpg", padding=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * padding)


def png_claiming(width, height, name="bomb.png"):
    """A few hundred bytes whose header claims width × height pixels: a decompression bomb."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data)


def error_of(upload) -> str:
    with pytest.raises(ValidationError) as raised:
        images.validate_image_upload(upload)
    return " ".join(raised.value.messages)


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_real_jpeg_png_and_webp_images_are_accepted(fmt, name):
    images.validate_image_upload(image_file(fmt, name=name))


def test_a_fake_image_is_refused():
    fake = SimpleUploadedFile("poster.jpg", b"<html>not a picture</html>")
    assert "not an image we can read" in error_of(fake)


def test_other_image_formats_are_refused_by_name():
    assert "BMP images are not accepted" in error_of(image_file("BMP", name="a.bmp"))
    assert "upload a JPEG, PNG, WebP or GIF file" in error_of(image_file("TIFF", name="a.tif"))


def animated_gif(size=(300, 450), frames=3, name="poster.gif", cut=0):
    """A real animated GIF: each frame its own colour, the first blue."""
    colours = [(20, 60, 120), (200, 30, 30), (30, 160, 60)][:frames]
    images = [Image.new("RGB", size, colour) for colour in colours]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=200, loop=0)
    data = buffer.getvalue()
    return SimpleUploadedFile(name, data[: len(data) - cut] if cut else data)


def test_gif_images_still_or_animated_are_accepted():
    images.validate_image_upload(image_file("GIF", name="still.gif"))
    animated = animated_gif()
    with Image.open(animated) as image:
        assert image.n_frames == 3  # a real animation, not one frame
    animated.seek(0)
    images.validate_image_upload(animated)


def test_a_gif_cut_short_is_refused():
    assert "not an image we can read" in error_of(animated_gif(cut=2000))


def test_a_gif_claiming_too_many_pixels_is_refused_from_its_header():
    # A 2 × 2 GIF whose screen and frame headers are rewritten to say 9000 × 9000.
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (20, 60, 120)).save(buffer, "GIF")
    data = bytearray(buffer.getvalue())
    huge = (9000).to_bytes(2, "little") * 2
    data[6:10] = huge  # the logical screen
    frame = data.index(0x2C, 13)  # the first image descriptor
    data[frame + 5 : frame + 9] = huge
    assert "far too large (9000 × 9000 pixels)" in error_of(SimpleUploadedFile("b.gif", data))


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    big = image_file(padding=images.MAX_UPLOAD_BYTES)
    assert "images may be at most 10.0\xa0MB" in error_of(big)


def test_too_many_pixels_is_refused_from_the_header_alone():
    assert "far too large (9000 × 9000 pixels)" in error_of(png_claiming(9000, 9000))


def test_a_decompression_bomb_beyond_pillow_s_own_limit_is_refused_clearly():
    # 50,000 × 50,000 is 2.5 gigapixels: Pillow raises DecompressionBombError on open.
    assert "far too large" in error_of(png_claiming(50_000, 50_000))


def film_form(film, **changes):
    return {
        "title": film.title,
        "slug": film.slug,
        "release_year": film.release_year,
        "tags": "",
        "poster_alt": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "consensus-TOTAL_FORMS": "0",
        "consensus-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0",
        "reviews-INITIAL_FORMS": "0",
        **changes,
    }


def post_film(editor_client, film, **changes):
    url = reverse("admin:films_film_change", args=[film.pk])
    return editor_client.post(url, film_form(film, **changes))


def test_admin_shows_a_clear_error_for_a_bomb_and_stores_nothing(editor_client):
    film = factories.film()
    response = post_film(editor_client, film, poster=png_claiming(9000, 9000))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["poster"]
    assert "far too large (9000 × 9000 pixels): at most 40 megapixels" in errors[0]
    assert not Film.objects.get(pk=film.pk).poster


def test_admin_refuses_a_fake_poster_with_a_clear_error(editor_client):
    film = factories.film()
    fake = SimpleUploadedFile("poster.jpg", b"GIF89a but not really")
    response = post_film(editor_client, film, poster=fake, poster_alt="A poster")
    assert "not an image we can read" in response.context["adminform"].form.errors["poster"][0]


def test_a_poster_needs_its_alt_text(editor_client):
    film = factories.film()
    response = post_film(editor_client, film, poster=image_file())
    errors = response.context["adminform"].form.errors
    assert "a poster needs its alt text" in errors["poster_alt"][0]
    assert not Film.objects.get(pk=film.pk).poster


def test_a_poster_with_alt_text_is_saved_and_previewed_as_a_thumbnail(editor_client):
    film = factories.film()
    response = post_film(editor_client, film, poster=image_file(), poster_alt="Blue poster")
    assert response.status_code == 302
    film.refresh_from_db()
    page = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert 'alt="Blue poster"' in page
    assert 'width="240" height="360"' in page  # sorl-thumbnail's preview, not the upload


def test_an_animated_gif_poster_is_kept_and_previewed_from_its_first_frame(editor_client):
    film = factories.film()
    response = post_film(editor_client, film, poster=animated_gif(), poster_alt="Moving poster")
    assert response.status_code == 302
    film.refresh_from_db()
    with Image.open(film.poster.path) as stored:
        assert stored.n_frames == 3  # the upload as it was
    page = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    (thumbnail_url,) = re.findall(r'<img src="([^"]+)"[^>]*alt="Moving poster"', page)
    assert 'width="240" height="360"' in page
    path = Path(film.poster.storage.path("")) / thumbnail_url.removeprefix("/media/")
    with Image.open(path) as thumbnail:
        assert thumbnail.convert("RGB").getpixel((10, 10)) == (20, 60, 120)  # first frame


def test_the_admin_says_which_formats_it_takes(editor_client):
    film = factories.film()
    page = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert "JPEG, PNG, WebP or GIF (the first frame of an animation is shown)" in page


def test_critic_photo_upload_is_checked_too(editor_client):
    critic = factories.critic()
    response = editor_client.post(
        reverse("admin:critics_critic_change", args=[critic.pk]),
        {
            "name": critic.name,
            "slug": critic.slug,
            "active": "on",
            "photo": SimpleUploadedFile("me.png", b"not a png"),
        },
    )
    assert "not an image we can read" in response.context["adminform"].form.errors["photo"][0]
