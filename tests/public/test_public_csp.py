"""The strict Content Security Policy, and templates that need no exception to it."""

import re

import pytest

from critics.models import Review

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/films/",
    "/films/la-la-land/",
    "/critics/",
    "/critics/james-porter/",
    "/news/",
    "/news/la-la-land-featurette-behind-the-scenes/",
    "/tags/musical/",
    "/films/people/emma-stone/",
    "/search/?q=land",
    "/films/no-such-film/",
]


def test_every_page_is_served_with_the_strict_policy(client, seed_data):
    for url in [*PAGES, Review.objects.first().get_absolute_url()]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "data:" not in policy, url
        assert "frame-ancestors 'none'" in policy


def test_templates_use_no_inline_scripts_styles_or_handlers(client, seed_data):
    for url in [*PAGES, Review.objects.first().get_absolute_url()]:
        page = client.get(url).content.decode()
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r"\son[a-z]+=", page), url
        for script in re.findall(r"<script[^>]*>", page):
            assert script == '<script type="application/ld+json">', url


def test_only_the_api_docs_may_load_data_images(client, db):
    policy = client.get("/api/docs")["Content-Security-Policy"]
    assert "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_images_have_dimensions_and_alt_text(client, db, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests import factories

    settings.MEDIA_ROOT = tmp_path
    image = tmp_path / "poster.png"
    Image.new("RGB", (1000, 1500), "navy").save(image)
    film = factories.film(
        title="Framed",
        poster=SimpleUploadedFile("poster.png", image.read_bytes(), content_type="image/png"),
        poster_alt="A navy blue poster",
    )
    page = client.get(film.get_absolute_url()).content.decode()
    img = re.search(r'<img class="poster"[^>]*>', page).group(0)
    assert 'width="300" height="450"' in img
    assert 'alt="A navy blue poster"' in img
    assert "/media/cache/" in img  # a thumbnail, not the 1000x1500 upload
    listing = client.get("/films/").content.decode()
    assert 'width="160" height="240"' in listing and 'loading="lazy"' in listing
