"""Per-client rate limits on search and the API: the request over the limit gets a 429."""

import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core.ratelimit import hit
from core.rates import Rate, parse_rate
from tests.processes import PRODUCTION_ENV, run_django

pytestmark = pytest.mark.django_db

READER = "198.51.100.7"  # documentation addresses (RFC 5737)
OTHER_READER = "203.0.113.9"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("30/m", Rate(30, 60)),
        ("120/m", Rate(120, 60)),
        ("5/10s", Rate(5, 10)),
        (" 1000 / h ", Rate(1000, 3600)),
        ("2/d", Rate(2, 86400)),
    ],
)
def test_rates_are_read_from_plain_text(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["off", "OFF", "", "0", None])
def test_off_disables_a_limit(text):
    assert parse_rate(text) is None


@pytest.mark.parametrize("text", ["30", "30/minute", "m/30", "-1/m"])
def test_a_malformed_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured, match="N/unit"):
        parse_rate(text)


@pytest.fixture
def clock(monkeypatch):
    """The time the counters (and the cache's expiry) see, moved by hand."""
    now = [6_000_000.5]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_the_count_resets_when_retry_after_says(rf, clock):
    rate = Rate(limit=2, window_seconds=60)
    request = rf.get("/search/", REMOTE_ADDR=READER)
    assert hit(request, "t", rate).allowed
    clock[0] += 0.2
    assert hit(request, "t", rate).allowed
    refused = hit(request, "t", rate)
    assert not refused.allowed and 1 <= refused.retry_after <= 60
    # A client that waits a second less than told is still refused; one that waits
    # as long as told is served.
    clock[0] += refused.retry_after - 1
    assert not hit(request, "t", rate).allowed
    clock[0] += 1
    assert hit(request, "t", rate).allowed


# Limits per day ("3/d") in these tests: a window's edge never falls mid-test, which
# with "3/m" would reset the count once a minute and make the tests flaky.


def search(client, address=READER, **headers):
    return client.get("/search/?q=land", REMOTE_ADDR=address, headers=headers)


def test_search_over_the_limit_gets_a_friendly_429(client, settings):
    settings.SEARCH_RATE_LIMIT = "3/d"
    assert [search(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = search(client)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 86400
    page = refused.content.decode()
    assert "Too many searches at once" in page
    assert f"Please wait about {round(int(refused['Retry-After']) / 60)} minutes" in page
    assert "no-cache" in refused["Cache-Control"]


def test_another_reader_can_still_search(client, settings):
    settings.SEARCH_RATE_LIMIT = "3/d"
    for _ in range(4):
        search(client)
    assert search(client).status_code == 429
    assert search(client, address=OTHER_READER).status_code == 200


def test_search_works_again_after_the_window(client, settings):
    settings.SEARCH_RATE_LIMIT = "2/2s"
    # Windows open on whole seconds: start just after one, so the three requests share
    # one window.
    time.sleep(1 - time.time() % 1 + 0.01)
    assert [search(client).status_code for _ in range(3)] == [200, 200, 429]
    refused = search(client)
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 2
    assert f"Please wait {wait} second" in refused.content.decode()
    time.sleep(wait)
    assert search(client).status_code == 200


def test_the_api_over_the_limit_gets_json_429(client, settings):
    settings.API_RATE_LIMIT = "2/d"
    assert client.get("/api/films/", REMOTE_ADDR=READER).status_code == 200
    assert client.get("/api/films/", REMOTE_ADDR=READER).status_code == 200
    refused = client.get("/api/films/", REMOTE_ADDR=READER)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Too many requests. Try again in")
    assert int(refused["Retry-After"]) >= 1
    assert client.get("/api/films/", REMOTE_ADDR=OTHER_READER).status_code == 200


def test_search_and_the_api_have_separate_allowances(client, settings):
    settings.SEARCH_RATE_LIMIT = "1/d"
    settings.API_RATE_LIMIT = "1/d"
    assert search(client).status_code == 200
    assert client.get("/api/films/", REMOTE_ADDR=READER).status_code == 200
    assert search(client).status_code == 429


def test_pages_health_checks_and_api_docs_are_never_limited(client, settings):
    settings.SEARCH_RATE_LIMIT = settings.API_RATE_LIMIT = "1/d"
    for url in ("/films/", "/healthz", "/"):
        assert [client.get(url, REMOTE_ADDR=READER).status_code for _ in range(3)] == [200] * 3


def test_a_disabled_limit_never_refuses(client, settings):
    settings.SEARCH_RATE_LIMIT = "off"
    assert {search(client).status_code for _ in range(5)} == {200}


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_configured(client, settings):
    settings.SEARCH_RATE_LIMIT = "2/d"
    # A client cannot dodge the limit by inventing X-Forwarded-For values.
    codes = [search(client, x_forwarded_for=f"192.0.2.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_behind_a_trusted_proxy_each_reader_is_counted_apart(client, settings):
    settings.SEARCH_RATE_LIMIT = "2/d"
    settings.RATE_LIMIT_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = "127.0.0.1"
    # The proxy appends the address it saw; anything before it came from the client.
    spoofed = f"{OTHER_READER}, {READER}"
    codes = [search(client, proxy, x_forwarded_for=spoofed).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert search(client, proxy, x_forwarded_for=OTHER_READER).status_code == 200


@pytest.mark.slow
def test_a_malformed_limit_in_the_environment_stops_start_up():
    result = run_django(
        "import django; django.setup()",
        {
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
            "SEARCH_RATE_LIMIT": "30 per minute",
        },
    )
    assert result.returncode != 0
    assert "Rate limit '30 per minute' is not of the form N/unit" in result.stderr
