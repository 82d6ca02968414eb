"""Admin lists show small generated thumbnails of posters and photos, never the upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg(width, height, name="poster.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_film_list_shows_a_48px_thumbnail_of_the_poster(editor_client):
    film = factories.film(title="Babylon", poster=jpeg(800, 1200), poster_alt="Babylon poster")
    page = editor_client.get(reverse("admin:films_film_changelist")).content.decode()
    assert 'alt="Babylon poster"' in page
    assert 'height="48"' in page and 'width="48"' in page
    assert film.poster.url not in page  # the thumbnail, not the 800x1200 upload


def test_critic_list_shows_a_photo_thumbnail_and_a_dash_without_one(editor_client):
    factories.critic(name="With Photo", photo=jpeg(300, 300, "face.jpg"))
    factories.critic(name="No Photo")
    page = editor_client.get(reverse("admin:critics_critic_changelist")).content.decode()
    assert page.count('loading="lazy"') == 1  # only the critic with a photo
    assert 'alt="With Photo"' in page


def test_missing_image_file_does_not_break_the_list(editor_client, tmp_path):
    film = factories.film(title="Lost", poster=jpeg(100, 150))
    (tmp_path / film.poster.name).unlink()
    response = editor_client.get(reverse("admin:films_film_changelist"))
    assert response.status_code == 200
    assert "Lost" in response.content.decode()
    assert "(image unavailable)" in response.content.decode()
