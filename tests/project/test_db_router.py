"""With DATABASE_REPLICA_URL, anonymous reads use the replica; writes and editors the primary."""

import shutil
import textwrap

import pytest
from django.db import transaction

from films.models import Film
from reviews_site.db_router import PrimaryReplicaRouter, choose_database_for_request
from tests.processes import run_django

router = PrimaryReplicaRouter()


def start_request(method="GET", cookie=""):
    # What the request_started signal does for each request (sending the signal itself
    # would also close database connections, which these database-free tests lack).
    choose_database_for_request(None, environ={"REQUEST_METHOD": method, "HTTP_COOKIE": cookie})


def test_an_anonymous_read_goes_to_the_replica():
    start_request()
    assert router.db_for_read(Film) == "replica"


def test_a_signed_in_user_reads_from_the_primary():
    start_request(cookie="sessionid=abc; csrftoken=def")
    assert router.db_for_read(Film) == "default"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_request_that_writes_reads_from_the_primary_throughout(method):
    start_request(method)
    assert router.db_for_read(Film) == "default"


def test_reads_after_a_write_stay_on_the_primary_until_the_next_request():
    start_request()
    assert router.db_for_write(Film) == "default"
    assert router.db_for_read(Film) == "default"
    start_request()
    assert router.db_for_read(Film) == "replica"


def test_reads_inside_a_transaction_use_the_primary(transactional_db):
    start_request()
    with transaction.atomic():
        assert router.db_for_read(Film) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "films")
    assert not router.allow_migrate("replica", "films")


# End to end, in a fresh process with real settings: the replica is a copy of the
# primary taken before a film was added, so what each reader sees shows where it read.
SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.conf import settings
    from django.test import Client
    from films.models import Film

    Film.objects.create(title="Only On The Primary", slug="primary-only", release_year=2024)
    anonymous = Client().get("/films/primary-only/").status_code
    signed_in = Client(headers={"cookie": "sessionid=whatever"})
    print(settings.DATABASE_ROUTERS[0].__class__.__name__, anonymous,
          signed_in.get("/films/primary-only/").status_code)
    """
)


@pytest.mark.slow
def test_anonymous_pages_come_from_the_replica_and_editors_see_the_primary(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
        "DATABASE_URL": f"sqlite:///{primary}",
        "DATABASE_REPLICA_URL": f"sqlite:///{replica}",
    }
    migrated = run_django(["manage.py", "migrate", "--verbosity", "0"], env)
    assert migrated.returncode == 0, migrated.stderr
    shutil.copy(primary, replica)

    result = run_django(SCRIPT, env, remove=["REDIS_URL"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["PrimaryReplicaRouter", "404", "200"]
