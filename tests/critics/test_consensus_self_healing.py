"""A film's consensus cannot stay stale after an interrupted write.

An import killed at any instant leaves either nothing or the reviews together with
their films' consensus (a real process, killed with SIGKILL). A consensus lost some
other way (a write around the services, a process killed before its on-commit
rebuild) is rebuilt by the first reader of the film's page, reported by
`check_consensus` and repaired by `recompute_consensus --stale`.
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from critics.importer.apply import apply_plan
from critics.importer.validate import build_plan
from critics.models import FilmConsensus, PublishingStatus, Review
from critics.services import workflow
from critics.services.consensus import recompute_film_consensus
from critics.services.consensus_health import find_stale_consensus
from films.models import Film
from tests import factories

PROJECT_DIR = Path(__file__).resolve().parents[2]
NO_FIGURES = "No critics' reviews yet."

FILMS = ["Heat", "Ronin", "Collateral"]
RATINGS = ["4/4", "3/4", "1/4", "3.5/4"]
FILE = (
    "film,year,critic,publication,date,rating,text\r\n"
    + "".join(
        f"{film},{1995 + n},Critic {k},The Daily Screen,2001-0{k + 1}-15,{rating},"
        f"{'Taut and gripping.' if rating != '1/4' else 'Dull and far too long.'}\r\n"
        for n, film in enumerate(FILMS)
        for k, rating in enumerate(RATINGS)
    )
).encode()

# Runs the import in a process of its own and kills it (SIGKILL: no cleanup, no
# on-commit callbacks, no finally blocks) at the instant the test names.
IMPORT_THEN_DIE = """
import os, signal, sys
import django
django.setup()
from django.db import connection
from critics.importer.apply import apply_plan
from critics.importer.validate import build_plan
from critics.services import consensus

def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

plan = build_plan(open(sys.argv[1], "rb").read(), create_films=True)
assert not plan.errors, plan.errors
if sys.argv[2] == "just-after-commit":
    commit = connection.commit
    def commit_then_die():
        commit()
        die()
    connection.commit = commit_then_die
else:  # "while-writing-consensus": the first batch of films written, not committed
    rebuild = consensus.recompute_films_consensus
    def rebuild_then_die(*args, **kwargs):
        rebuild(*args, **kwargs)
        die()
    consensus.recompute_films_consensus = rebuild_then_die
apply_plan(plan)
print("the import ran to its end")
"""


class SharedDatabase:
    """The test's database, reachable from another process.

    PostgreSQL: the test database itself. SQLite: the test database lives in this
    process's memory, so it is copied to a file for the other process and copied back.
    """

    def __init__(self, tmp_path: Path):
        self.settings = connection.settings_dict
        self.file = tmp_path / "shared.sqlite3"

    def url(self) -> str:
        if connection.vendor == "postgresql":
            s = self.settings
            password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
            return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
        connection.ensure_connection()
        with sqlite3.connect(self.file) as target:
            connection.connection.backup(target)
        return f"sqlite:///{self.file}"

    def take_back(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)


def import_in_a_process_killed(moment: str, tmp_path: Path) -> subprocess.CompletedProcess:
    csv_file = tmp_path / "reviews.csv"
    csv_file.write_bytes(FILE)
    database = SharedDatabase(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url(),
        "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_THEN_DIE, str(csv_file), moment],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    database.take_back()
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    assert "ran to its end" not in result.stdout
    return result


def film_page(client, title: str) -> str:
    film = Film.objects.get(title=title)
    return client.get(reverse("films:detail", args=[film.slug])).content.decode()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_just_after_its_commit_leaves_every_film_with_its_consensus(
    tmp_path, client
):
    import_in_a_process_killed("just-after-commit", tmp_path)

    assert Review.objects.published().count() == len(FILMS) * len(RATINGS)
    # Before any reader comes: the figures were committed with the reviews.
    assert not find_stale_consensus()
    assert set(FilmConsensus.objects.values_list("film__title", "review_count")) == {
        (title, len(RATINGS)) for title in FILMS
    }
    page = film_page(client, "Ronin")
    assert NO_FIGURES not in page
    assert "4: 3 positive, 0 mixed, 1 negative, 0 without a verdict" in page


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_while_writing_the_consensus_publishes_nothing(tmp_path, client):
    import_in_a_process_killed("while-writing-consensus", tmp_path)

    assert not Review.objects.exists()
    assert not Film.objects.exists() and not FilmConsensus.objects.exists()


@pytest.mark.django_db
def test_a_confirmed_admin_import_has_its_consensus_even_if_nothing_runs_after_commit(
    editor_client,
):
    # The test's own transaction never commits, so on-commit work never runs here:
    # what the editor's import stored must not depend on it.
    url = reverse("admin:critics_review_import")
    preview = editor_client.post(
        url, {"file": SimpleUploadedFile("reviews.csv", FILE, "text/csv"), "create_films": "on"}
    )
    done = editor_client.post(url, {"token": preview.context["token"], "confirm": "1"})
    assert done.status_code == 302

    assert Review.objects.count() == len(FILMS) * len(RATINGS)
    assert sorted(FilmConsensus.objects.values_list("review_count", flat=True)) == [4, 4, 4]
    assert not find_stale_consensus()


@pytest.mark.django_db
def test_a_film_page_rebuilds_a_lost_consensus_for_its_first_reader(client):
    film = factories.film(title="Heat", release_year=1995)
    for rating in RATINGS:
        factories.review(film=film, rating=rating, body="Taut and gripping.")
    # Reviews published, their rebuild lost: no consensus row at all.
    assert not FilmConsensus.objects.filter(film=film).exists()

    page = film_page(client, "Heat")

    assert NO_FIGURES not in page
    assert "4: 3 positive, 0 mixed, 1 negative" in page
    assert FilmConsensus.objects.get(film=film).review_count == 4
    # A film with no published review has nothing to rebuild: the page says so.
    factories.film(title="Ronin", release_year=1998)
    assert NO_FIGURES in film_page(client, "Ronin")
    assert not FilmConsensus.objects.filter(film__title="Ronin").exists()


def check_consensus() -> str:
    out = io.StringIO()
    call_command("check_consensus", stdout=out)
    return out.getvalue()


@pytest.fixture
def films_with_lost_rebuilds():
    """Four films: one up to date, three whose consensus was left stale three ways."""
    films = {}
    for title in ["Up to date", "Never built", "Review deleted", "Rating changed"]:
        film = factories.film(title=title)
        reviews = [factories.review(film=film, rating=rating) for rating in RATINGS]
        if title != "Never built":
            recompute_film_consensus(film.pk)
        films[title] = (film, reviews)
    # Writes that went around the services (a shell, a restore): no rebuild followed.
    Review.objects.filter(pk=films["Review deleted"][1][0].pk).delete()
    Review.objects.filter(pk=films["Rating changed"][1][0].pk).update(
        rating="1/4", score=25, counted_verdict="negative", updated_at=timezone.now()
    )
    return films


@pytest.mark.django_db
def test_check_consensus_names_missing_and_out_of_date_films(films_with_lost_rebuilds):
    films = films_with_lost_rebuilds
    stale = find_stale_consensus()
    assert stale.missing == [films["Never built"][0].pk]
    assert stale.out_of_date == sorted(
        films[title][0].pk for title in ["Review deleted", "Rating changed"]
    )

    with pytest.raises(CommandError, match=r"3 films' consensus is missing \(1\) or out of date"):
        check_consensus()


@pytest.mark.django_db
def test_recompute_consensus_stale_repairs_exactly_the_stale_films(films_with_lost_rebuilds):
    films = films_with_lost_rebuilds
    untouched = FilmConsensus.objects.get(film=films["Up to date"][0]).computed_at
    out = io.StringIO()

    call_command("recompute_consensus", "--stale", stdout=out)

    assert "Rebuilt the consensus of 3 films." in out.getvalue()
    assert "up to date" in check_consensus()
    assert FilmConsensus.objects.get(film=films["Review deleted"][0]).review_count == 3
    changed = FilmConsensus.objects.get(film=films["Rating changed"][0])
    assert changed.negative_count == 2
    assert FilmConsensus.objects.get(film=films["Up to date"][0]).computed_at == untouched


@pytest.mark.django_db
def test_a_scheduled_review_gone_live_unseen_is_out_of_date(films_with_lost_rebuilds):
    film, _ = films_with_lost_rebuilds["Up to date"]
    assert film.pk not in find_stale_consensus().film_ids
    # Its rebuild was due when a scheduled review went live, and no reader came since.
    FilmConsensus.objects.filter(film=film).update(next_change_at=timezone.now())
    assert film.pk in find_stale_consensus().out_of_date


@pytest.mark.django_db
def test_imports_and_workflow_edits_are_not_reported_stale():
    apply_plan(build_plan(FILE, create_films=True))
    film = Film.objects.get(title="Heat")
    # A critic's draft changes nothing readers see and rebuilds nothing.
    draft = factories.review(film=film, status=PublishingStatus.DRAFT, rating="1/4")
    workflow.submit(item=draft, by=factories.editor())
    assert not find_stale_consensus()
    assert "up to date" in check_consensus()


@pytest.mark.postgres(reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_an_editor_can_save_a_review_while_an_import_rebuilds_the_same_film(monkeypatch):
    from critics.services import consensus

    heat = factories.film(title="Heat", release_year=1995)
    factories.publication(name="The Daily Screen")
    plan = build_plan(
        b"film,year,critic,publication,date,rating,text\r\n"
        b"Heat,1995,Ana Ruiz,The Daily Screen,1995-12-15,4/4,Taut.\r\n"
    )
    # The import holds its films locked from its consensus rebuild to its commit; an
    # editor's review of one of them is saved (and committed) in that time.
    films_locked, editor_done = threading.Event(), threading.Event()
    read_rows = consensus._consensus_rows

    def rows_while_the_editor_saves(*args):
        films_locked.set()
        editor_done.wait(timeout=10)
        return read_rows(*args)

    monkeypatch.setattr(consensus, "_consensus_rows", rows_while_the_editor_saves)
    waited, errors = [], []

    def editor():
        try:
            films_locked.wait(timeout=60)
            start = time.monotonic()
            factories.review(film=heat, rating="1/4", body="Slow.")
            waited.append(time.monotonic() - start)
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            editor_done.set()
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    apply_plan(plan)
    thread.join()

    assert not errors, errors
    assert waited and waited[0] < 5, f"the editor's save waited {waited} s for the import"
    assert Review.objects.filter(film=heat).count() == 2
