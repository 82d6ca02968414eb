import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(config, items):
    # A test marked postgres (row locks, full-text search, a real outage) is skipped on
    # SQLite with its reason; `-m "not postgres"` leaves it out altogether.
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    for item in items:
        if marker := item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason=marker.kwargs.get("reason", "PostgreSQL")))


@pytest.fixture(autouse=True)
def _plain_http_test_client(settings):
    # Tests run production-like settings, but the test client speaks plain HTTP.
    # test_settings.py checks that production itself redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes with PBKDF2 at over a million iterations (about a second of CPU
    # per password, which is the point). The suite makes hundreds of accounts, and what
    # it proves about sign-in does not depend on the hash's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _suite_is_not_rate_limited(settings):
    # Every test shares one client address; tests/core/test_rate_limits.py sets its own limits.
    settings.SEARCH_RATE_LIMIT = settings.API_RATE_LIMIT = settings.RENDER_RATE_LIMIT = "10000/m"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    # Production turns the page cache off without Redis (a per-process cache goes stale
    # across workers). The suite is one process, where local memory is shared by every
    # request, so it keeps the cache on and every test also proves pages are not stale.
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages and the content version must not outlive the test's database.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _staged_imports_in_memory(settings):
    # Admin CSV uploads waiting for confirmation never land in the working copy;
    # tests/critics/test_import_staging.py points the storage at folders of its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def seed_data(db):
    """The five seed documents, loaded exactly as `make run` loads them."""
    call_command("load_seed_data", verbosity=0)


@pytest.fixture
def editor_client(client, db):
    from tests.factories import editor

    client.force_login(editor())
    return client


@pytest.fixture
def critic_user(db):
    """A critic's account ("critic", in the critic group) with its critic profile."""
    from django.contrib.auth.models import Group, User

    from critics.roles import CRITIC_GROUP
    from tests.factories import critic

    user = User.objects.create_user("critic", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=CRITIC_GROUP))
    critic(name="Own Critic", user=user)
    return user


@pytest.fixture
def critic_client(critic_user):
    """Signed in as critic_user, in a session of its own (beside editor_client's)."""
    from django.test import Client

    client = Client()
    client.force_login(critic_user)
    return client
