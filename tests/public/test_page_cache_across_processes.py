"""A withdrawal made in any process ends the review's public life in every worker at once.

Real processes, as in production: gunicorn with two workers, and the withdrawal made by
another process (`manage.py shell`, as an import, a restore or an editor's script
would). The site runs on its own SQLite file, so this needs no test database; the Redis
case uses a Redis database of its own and is skipped when Redis is not running.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.processes import PRODUCTION_ENV, PROJECT_DIR, run_django

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/13"  # only this database is flushed
# Settings that would change what is under test if the caller's shell had them.
INHERITED = ("REDIS_URL", "DJANGO_PAGE_CACHE_SECONDS", "DATABASE_REPLICA_URL", "DATABASE_URL")

MAKE_REVIEW = """
from critics.services.consensus import recompute_film_consensus
from tests import factories
film = factories.film(title="Two Workers", slug="two-workers")
review = factories.review(film=film, headline="Soon to be withdrawn", rating="3/4")
recompute_film_consensus(film.pk)
factories.editor()
print(review.pk, review.get_absolute_url())
"""

WITHDRAW = """
from django.contrib.auth import get_user_model
from critics.models import Review
from critics.services import workflow
workflow.withdraw(item=Review.objects.get(pk={pk}), by=get_user_model().objects.get())
"""


def redis_is_running() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def fetch_many(url: str, times: int) -> list[tuple[int, str]]:
    # Concurrent, so that both workers answer (sequential requests may all go to one).
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(fetch, [url] * times))


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(params=["redis", "default settings"])
def site_env(request, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED}
    env.update(PRODUCTION_ENV)
    env.update(
        {
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        }
    )
    if request.param == "redis":
        if not redis_is_running():
            pytest.skip(f"Redis is not running at {REDIS_HOST}:{REDIS_PORT}")
        import redis

        store = redis.Redis.from_url(REDIS_URL)
        store.flushdb()
        request.addfinalizer(store.flushdb)
        env["REDIS_URL"] = REDIS_URL
    manage(env, "migrate", "--verbosity", "0")
    return env


@pytest.fixture
def two_workers(site_env, tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "reviews_site.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"),
            # The worker's process id on each line: proof that both workers answered.
            *("--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s"),
        ],
        cwd=PROJECT_DIR,
        env=site_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, access_log
    finally:
        server.terminate()
        server.wait(timeout=20)


def worker_pids(access_log) -> set[str]:
    return {line.split()[0] for line in access_log.read_text().splitlines() if line.strip()}


@pytest.mark.slow
def test_a_review_withdrawn_from_another_process_is_gone_from_every_worker(site_env, two_workers):
    base, access_log = two_workers
    pk, review_path = manage(site_env, "shell", "-c", MAKE_REVIEW).splitlines()[-1].split()
    pages = {
        "review": base + review_path,
        "film page": base + "/films/two-workers/",
        "API": base + "/api/films/two-workers/reviews/",
        "feed": base + "/reviews/feed/",
    }
    for name, url in pages.items():
        answers = fetch_many(url, 12)
        assert all(status == 200 for status, _ in answers), name
        assert all("Soon to be withdrawn" in body for _, body in answers), name
    assert len(worker_pids(access_log)) == 2  # both workers hold every page, if cached

    manage(site_env, "shell", "-c", WITHDRAW.format(pk=pk))

    assert [status for status, _ in fetch_many(pages["review"], 10)] == [404] * 10
    for name in ("film page", "API", "feed"):
        still_shown = [body for _, body in fetch_many(pages[name], 10) if review_path in body]
        assert still_shown == [], name


@pytest.mark.slow
def test_an_import_from_another_process_shows_in_every_worker_at_once(
    site_env, two_workers, tmp_path
):
    base, access_log = two_workers
    manage(site_env, "shell", "-c", MAKE_REVIEW)
    film_page = base + "/films/two-workers/"
    assert not any("Imra Porter" in body for _, body in fetch_many(film_page, 12))
    assert len(worker_pids(access_log)) == 2
    csv_file = tmp_path / "reviews.csv"
    csv_file.write_text(
        "film,year,critic,publication,date,rating,headline\n"
        "Two Workers,2020,Imra Porter,The Import Times,2024-01-02,3/4,Arrived by import\n",
        encoding="utf-8",
    )

    manage(site_env, "import_reviews", str(csv_file))

    assert all("Imra Porter" in body for _, body in fetch_many(film_page, 10))


@pytest.mark.slow
def test_deploy_check_refuses_the_page_cache_on_a_per_process_cache():
    result = run_django(
        ["manage.py", "check", "--deploy"],
        {**PRODUCTION_ENV, "DJANGO_PAGE_CACHE_SECONDS": "600"},
        remove=["REDIS_URL"],
    )
    assert result.returncode != 0
    assert "critics.E002" in result.stderr
    assert "Set REDIS_URL" in result.stderr


@pytest.mark.slow
def test_deploy_check_accepts_the_page_cache_on_redis():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION_ENV, "DJANGO_PAGE_CACHE_SECONDS": "600", "REDIS_URL": REDIS_URL},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("redis_url", "seconds"), [(None, "0"), (REDIS_URL, "600")], ids=["no Redis", "Redis"]
)
def test_production_caches_pages_by_default_only_with_redis(redis_url, seconds):
    result = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PAGE_CACHE_SECONDS)",
        {**PRODUCTION_ENV, **({"REDIS_URL": redis_url} if redis_url else {})},
        remove=["REDIS_URL", "DJANGO_PAGE_CACHE_SECONDS"],
    )
    assert result.stdout.strip() == seconds, result.stderr
