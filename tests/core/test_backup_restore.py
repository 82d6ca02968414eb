"""`make backup` / `make restore`: a restored copy of the site serves the same pages, API
answers, tags, revision history and images as the original."""

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from PIL import Image

from critics.models import Article, Critic, PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

# Runs in a fresh process against the restored database: restore, then answer every URL.
RESTORE_AND_READ = """
import json, sys
import django
from django.core.management import call_command
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
from critics.models import Review
from taggit.models import Tag

call_command("restore_site", sys.argv[1], verbosity=0)
client = Client()
pages = {}
for url in json.loads(sys.argv[2]):
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
history = list(
    Review.history.order_by("history_id").values_list(
        "history_id", "id", "headline", "status", "history_type", "history_user__username"
    )
)
tags = {r.pk: sorted(r.tags.names()) for r in Review.objects.prefetch_related("tags")}
print(json.dumps({"pages": pages, "history": history, "tags": tags, "all_tags": sorted(
    Tag.objects.values_list("name", flat=True))}, default=str))
"""


def png(name="poster.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def without_csrf(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', body)


@pytest.fixture
def site_content(seed_data, settings, tmp_path):
    """The seed data plus what a working site also holds: drafts, schedules, tags, images."""
    settings.MEDIA_ROOT = tmp_path / "media"
    film = Film.objects.order_by("pk").first()
    film.poster = png()
    film.poster_alt = "A red poster"
    film.save()
    critic = Critic.objects.order_by("pk").first()
    editor = factories.editor()
    critic.user = editor
    critic.save()
    draft = factories.review(
        film=film, critic=factories.critic(name="Drafting Critic"), status=PublishingStatus.DRAFT
    )
    draft.tags.add("Work in progress")
    scheduled = factories.review(
        film=film,
        critic=factories.critic(name="Scheduled Critic"),
        headline="Coming on Friday",
        publish_at=timezone.now() + timedelta(days=3),
        rating="4/5",
    )
    published = Review.objects.published().filter(film=film).first()
    published.tags.add("Restored tag")
    published._history_user = editor
    published.headline += " (edited)"
    published.save()
    film.tags.add("Backups")
    recompute_film_consensus(film.pk)
    return {"film": film, "critic": critic, "review": published, "scheduled": scheduled}


def urls_to_compare(content) -> list[str]:
    film, critic, review = content["film"], content["critic"], content["review"]
    article = Article.objects.published()[0]
    return [
        "/",
        f"/films/{film.slug}/",
        "/films/",
        f"/reviews/{review.pk}/",
        f"/critics/{critic.slug}/",
        "/critics/",
        "/news/",
        f"/news/{article.slug}/",
        "/tags/restored-tag/",
        "/api/films/",
        f"/api/films/{film.slug}/",
        f"/api/films/{film.slug}/reviews/",
        f"/api/films/{film.slug}/consensus/",
        f"/api/critics/{critic.slug}/",
    ]


@pytest.fixture
def restore_env(tmp_path):
    """The environment of a second, empty site: its own database and media folder."""
    env = {
        **os.environ,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    env.pop("REDIS_URL", None)  # the copy must not read the original's cached pages
    if connection.vendor != "postgresql":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield env
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield env
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run_restore(archive, urls, env):
    return subprocess.run(
        [sys.executable, "-c", RESTORE_AND_READ, str(archive), json.dumps(urls)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_a_restored_site_serves_the_same_pages_api_tags_history_and_images(
    client, site_content, restore_env, tmp_path
):
    # The portable format, so that on PostgreSQL too the dump sees this test's transaction
    # (tests/core/test_backup_postgres.py restores a pg_dump backup).
    archive = Path(
        call_command_output(
            "backup_site", "--format=json", "--output-dir", str(tmp_path / "backups")
        )
    )
    urls = urls_to_compare(site_content)
    original = {}
    for url in urls:
        response = client.get(url)
        original[url] = [response.status_code, without_csrf(response.content.decode())]
    history = list(
        Review.history.order_by("history_id").values_list(
            "history_id", "id", "headline", "status", "history_type", "history_user__username"
        )
    )
    tags = {r.pk: sorted(r.tags.names()) for r in Review.objects.prefetch_related("tags")}

    result = run_restore(archive, urls, restore_env)
    assert result.returncode == 0, result.stderr[-3000:]
    restored = json.loads(result.stdout.strip().splitlines()[-1])

    assert all(status == 200 for status, _ in original.values()), original.keys()
    assert "Coming on Friday" not in original[f"/films/{site_content['film'].slug}/"][1]
    for url in urls:
        status, body = restored["pages"][url]
        assert [status, without_csrf(body)] == original[url], f"{url} differs after restore"
    assert restored["history"] == [list(row) for row in history]
    assert {int(pk): names for pk, names in restored["tags"].items()} == tags
    assert {"Restored tag", "Work in progress", "Backups"} <= set(restored["all_tags"])
    poster = site_content["film"].poster.name
    restored_poster = tmp_path / "restored-media" / poster
    assert restored_poster.read_bytes() == (Path(settings.MEDIA_ROOT) / poster).read_bytes()

    again = run_restore(archive, urls, restore_env)
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr


def call_command_output(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip().removeprefix("Backup written to ")


def test_the_archive_holds_data_media_and_a_manifest_but_no_sessions(site_content, tmp_path):
    archive = call_command_output("backup_site", "--format=json", "--output-dir", str(tmp_path))

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        data = [
            *json.load(tar.extractfile("data.json")),
            *json.load(tar.extractfile("data-ids.json")),
        ]

    assert Path(archive).name.startswith("reviews-") and archive.endswith(".tar.gz")
    assert f"media/{site_content['film'].poster.name}" in names
    assert manifest["rows"]["critics.review"] == Review.objects.count()
    assert manifest["rows"]["critics.historicalreview"] == Review.history.count()
    dumped = {row["model"] for row in data}
    assert {"taggit.tag", "taggit.taggeditem", "critics.historicalreview", "auth.user"} <= dumped
    assert not dumped & {"sessions.session", "contenttypes.contenttype", "auth.permission"}
    tagged = next(row for row in data if row["model"] == "taggit.taggeditem")
    assert isinstance(tagged["fields"]["content_type"], list), "content types by natural key"
    assert "pk" in tagged, "taggit's natural key (object_id) is not unique: ids are kept"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("readme.txt"), io.BytesIO(b""))

    with pytest.raises(Exception, match="not a site backup"):
        call_command("restore_site", str(bogus))
