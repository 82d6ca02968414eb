"""Where uploads and static files live, chosen by the environment, and how they are served.

Each case imports the real settings in a fresh process with its own environment.
Nothing here touches the network: building an S3 URL is local work for boto3.
"""

import json
from urllib.parse import urlsplit

import pytest

from tests.processes import PRODUCTION_ENV, run_django

S3_VARIABLES = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
]

MEDIA_PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps({'backend': settings.STORAGES['default']['BACKEND'], "
    "'class': type(s).__name__, 'url': s.url('posters/la-la-land.jpg'), "
    "'img_src': settings.SECURE_CSP['img-src']}))"
)


def media_settings(**env):
    result = run_django(MEDIA_PROBE, {"DJANGO_DEBUG": "1", **env}, remove=S3_VARIABLES)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_uploads_stay_on_the_filesystem_without_a_bucket():
    media = media_settings()
    assert media["backend"] == "django.core.files.storage.FileSystemStorage"
    assert media["url"] == "/media/posters/la-la-land.jpg"
    assert media["img_src"] == ["'self'"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "origin"),
    [
        ({}, "https://reviews-media.s3.amazonaws.com"),
        ({"AWS_S3_ENDPOINT_URL": "https://minio.internal:9000"}, "https://minio.internal:9000"),
        ({"AWS_S3_CUSTOM_DOMAIN": "media.reviews.example"}, "https://media.reviews.example"),
    ],
    ids=["aws", "s3-compatible endpoint", "cdn domain"],
)
def test_a_bucket_puts_uploads_in_s3_and_the_csp_lets_pages_show_them(env, origin):
    media = media_settings(AWS_STORAGE_BUCKET_NAME="reviews-media", **env)
    assert media["backend"] == "storages.backends.s3.S3Storage"
    assert media["class"] == "S3Storage"
    url = urlsplit(media["url"])
    assert f"{url.scheme}://{url.netloc}" == origin
    assert url.path.endswith("/posters/la-la-land.jpg")
    assert not url.query  # unsigned: cached pages must not hold links that expire
    assert media["img_src"] == ["'self'", origin]


STATIC_PROBE = (
    "import json, django; django.setup(); from django.test import Client; "
    "from django.templatetags.static import static; "
    "url = static('css/site.css'); c = Client(); out = {'url': url}; "
    "[out.__setitem__(enc, dict(c.get(url, headers={'accept-encoding': enc}).headers)) "
    "for enc in ('br', 'gzip')]; "
    "print(json.dumps(out))"
)


@pytest.mark.slow
def test_static_files_are_served_hashed_compressed_and_cached_for_a_year(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path), "DJANGO_ALLOWED_HOSTS": "*"}
    # Only the site's own files, so the test stays quick; the storage is production's.
    collected = run_django(
        ["manage.py", "collectstatic", "--noinput", "-v0", "-i", "admin", "-i", "ninja"], env
    )
    assert collected.returncode == 0, collected.stderr
    result = run_django(STATIC_PROBE, {**env, "DJANGO_SECURE_SSL_REDIRECT": "0"})
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout)

    assert served["url"].startswith("/static/css/site.") and served["url"] != "/static/css/site.css"
    for encoding in ("br", "gzip"):
        headers = served[encoding]
        assert headers["Content-Encoding"] == encoding
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert "Accept-Encoding" in headers["Vary"]
