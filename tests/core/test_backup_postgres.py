"""On PostgreSQL, `make backup` writes the database with pg_dump and `make restore` puts
it back with pg_restore in one transaction: the site comes back exactly as it was, or,
when the restore fails, stays exactly as it was before the restore began."""

import io
import json
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from core import backup_postgres
from core.backups import backed_up_models
from critics.models import Critic, Review
from films.models import Film
from tests import factories

pytestmark = [
    pytest.mark.postgres(reason="pg_dump and pg_restore back up PostgreSQL"),
    # pg_dump and pg_restore are other sessions: they see committed data only.
    pytest.mark.django_db(transaction=True),
]


def png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), (200, 30, 30)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="poster.png")


@pytest.fixture
def site(seed_data, settings, tmp_path):
    """The seed data with a poster, a tag and every consensus built."""
    settings.MEDIA_ROOT = tmp_path / "media"
    review = Review.objects.published().order_by("pk").first()
    film = review.film
    film.poster_alt = "A red poster"
    film.poster.save("poster.png", png())
    film.tags.add("Backed up")
    # Every consensus built, as restore_site leaves them: the site is as it will be again.
    call_command("recompute_consensus", stdout=io.StringIO())
    return {"film": film, "review": review, "critic": review.critic}


def urls(site) -> list[str]:
    film, review, critic = site["film"], site["review"], site["critic"]
    return [
        "/",
        "/films/",
        f"/films/{film.slug}/",
        f"/reviews/{review.pk}/",
        f"/critics/{critic.slug}/",
        "/critics/",
        "/tags/backed-up/",
        f"/api/films/{film.slug}/reviews/",
        f"/api/films/{film.slug}/consensus/",
    ]


def what_readers_see(client, site) -> dict:
    pages = {}
    for url in urls(site):
        response = client.get(url)
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        pages[url] = (response.status_code, body)
    rows = {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}
    return {"pages": pages, "rows": rows}


def backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup_site", "--output-dir", str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().strip().removeprefix("Backup written to "))


def change_the_site(site) -> None:
    """What happens after a backup: an edit, deletions, a newcomer, a lost file."""
    review = site["review"]
    review.headline = "Rewritten after the backup"
    review.save()
    Film.objects.exclude(pk=site["film"].pk).order_by("pk").first().delete()
    factories.critic(name="Critic Who Joined Later")
    default_storage.delete(site["film"].poster.name)


def member_bytes(archive: Path, name: str) -> bytes:
    with tarfile.open(archive) as tar:
        return tar.extractfile(name).read()


def rewritten(archive: Path, name: str, content: bytes) -> Path:
    copy = archive.with_name("changed.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = content if member.name == name else source.extractfile(member).read()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def restore(archive: Path, *options: str) -> None:
    call_command("restore_site", str(archive), *options, verbosity=0)


def test_a_pg_dump_backup_brings_the_site_back_exactly_as_it_was(client, site, tmp_path):
    original = what_readers_see(client, site)
    poster = Path(site["film"].poster.path).read_bytes()
    archive = backup(tmp_path)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "database.pgdump" in names and "data.json" not in names
    assert f"media/{site['film'].poster.name}" in names
    assert manifest["database"] == "pg_dump" and manifest["pg_dump_version"] >= 15
    assert "0001_initial" in manifest["migrations"]["critics"] and manifest["created_at"]
    assert manifest["rows"]["critics.review"] == Review.objects.count()

    change_the_site(site)
    changed = what_readers_see(client, site)
    assert changed["rows"] != original["rows"]
    assert "Rewritten after the backup" in changed["pages"][f"/reviews/{site['review'].pk}/"][1]

    with pytest.raises(CommandError, match="The database is not empty"):
        restore(archive)
    assert what_readers_see(client, site) == changed

    restore(archive, "--force")

    assert what_readers_see(client, site) == original
    assert not Critic.objects.filter(name="Critic Who Joined Later").exists()
    assert Path(site["film"].poster.path).read_bytes() == poster


def test_a_restore_that_fails_half_way_leaves_the_site_as_it_was(client, site, tmp_path):
    archive = backup(tmp_path)
    change_the_site(site)
    before = what_readers_see(client, site)
    dump = member_bytes(archive, "database.pgdump")
    # The last tables' rows cut off. The table of contents at the front still reads, so
    # pg_restore drops and recreates every table and loads the first ones' rows before
    # it finds the end of the file.
    short = tmp_path / "short.pgdump"
    short.write_bytes(dump[: len(dump) * 96 // 100])
    subprocess.run(["pg_restore", "--list", str(short)], check=True, capture_output=True)
    cut = rewritten(archive, "database.pgdump", short.read_bytes())

    with pytest.raises(CommandError) as failed:
        restore(cut, "--force")

    assert "The restore failed and nothing was restored" in str(failed.value)
    assert "pg_restore failed: pg_restore: error: could not read" in str(failed.value)
    assert what_readers_see(client, site) == before
    assert not default_storage.exists(site["film"].poster.name), "the media went back out"


def test_a_backup_from_newer_code_is_refused_before_anything_changes(client, site, tmp_path):
    archive = backup(tmp_path)
    change_the_site(site)
    before = what_readers_see(client, site)
    manifest = json.loads(member_bytes(archive, "manifest.json"))
    manifest["migrations"]["critics"].append("9999_from_the_future")
    newer = rewritten(archive, "manifest.json", json.dumps(manifest).encode())

    with pytest.raises(CommandError, match=r"newer code \(migrations .*9999_from_the_future"):
        restore(newer, "--force")

    assert what_readers_see(client, site) == before
    assert not default_storage.exists(site["film"].poster.name)


def test_a_backup_older_than_the_database_schema_is_refused_over_it(client, site, tmp_path):
    archive = backup(tmp_path)
    change_the_site(site)
    before = what_readers_see(client, site)
    manifest = json.loads(member_bytes(archive, "manifest.json"))
    latest = manifest["migrations"]["critics"].pop()
    older = rewritten(archive, "manifest.json", json.dumps(manifest).encode())

    with pytest.raises(CommandError, match=f"migrations the backup predates \\(critics.{latest}"):
        restore(older, "--force")

    assert what_readers_see(client, site) == before


def test_the_password_reaches_pg_dump_and_pg_restore_in_their_environment_only(
    site, tmp_path, monkeypatch
):
    password = "s3cret-kept-off-the-command-line"
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", password)  # trust: unchecked
    calls = []
    real_run = backup_postgres.subprocess.run

    def recording_run(argv, **kwargs):
        calls.append((argv, kwargs.get("env") or {}))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(backup_postgres.subprocess, "run", recording_run)

    restore(backup(tmp_path), "--force")

    connected = [(argv, env) for argv, env in calls if "--dbname" in argv]
    assert {Path(argv[0]).name for argv, _ in connected} == {"pg_dump", "pg_restore"}
    for argv, env in connected:
        assert not any(password in arg for arg in argv)
        assert env["PGPASSWORD"] == password
        assert argv[argv.index("--dbname") + 1] == connection.settings_dict["NAME"]


def fake_tool(folder: Path, name: str, version: str) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    script.chmod(0o755)


def test_a_missing_or_older_pg_dump_is_named_with_the_version_needed(site, tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    monkeypatch.setenv("PG_BIN_DIR", str(tools))
    server = connection.pg_version // 10000

    with pytest.raises(CommandError, match=f"pg_dump was not found in PG_BIN_DIR.*client-{server}"):
        backup(tmp_path)

    fake_tool(tools, "pg_dump", f"{server - 1}.9")
    with pytest.raises(CommandError, match=f"is version {server - 1} but the server is Postg"):
        backup(tmp_path)
    assert not list((tmp_path / "backups").iterdir()), "no archive left behind"


def test_an_older_pg_restore_is_refused_before_anything_changes(
    client, site, tmp_path, monkeypatch
):
    archive = backup(tmp_path)
    change_the_site(site)
    before = what_readers_see(client, site)
    tools = tmp_path / "bin"
    fake_tool(tools, "pg_restore", "13.2")
    monkeypatch.setenv("PG_BIN_DIR", str(tools))

    with pytest.raises(CommandError, match="pg_restore is version 13 but the server"):
        restore(archive, "--force")

    assert what_readers_see(client, site) == before
