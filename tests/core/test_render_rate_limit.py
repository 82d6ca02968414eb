"""A client cannot make the server render pages at will: page-cache misses are limited.

Each distinct address (`/films/?tag=a`, `?tag=b`, a made-up path's 404) is a render the
page cache cannot answer; a reader re-reading pages is served from the cache and never
counted.
"""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

SCRAPER = "198.51.100.23"  # documentation addresses (RFC 5737)
READER = "203.0.113.40"


@pytest.fixture(autouse=True)
def _three_renders_a_day(settings):
    # Per day, so a window's edge never falls mid-test.
    settings.RENDER_RATE_LIMIT = "3/d"
    cache.clear()
    yield
    cache.clear()


def test_a_client_asking_for_new_pages_each_time_is_paused_with_a_429(client):
    answers = [
        client.get(f"/films/?tag=made-up-{n}", REMOTE_ADDR=SCRAPER).status_code for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/films/?tag=another", REMOTE_ADDR=SCRAPER)
    assert refused.status_code == 429
    assert "Too many pages at once" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
    assert "no-cache" in refused["Cache-Control"]  # one client's 429 is never shared


def test_made_up_addresses_count_as_renders_too(client):
    answers = [client.get(f"/no-such-page-{n}/", REMOTE_ADDR=SCRAPER).status_code for n in range(4)]
    assert answers == [404, 404, 404, 429]


def test_pages_served_from_the_cache_are_never_counted(client):
    # One render, then hits: a reader going back and forth never meets the limit.
    answers = [client.get("/films/", REMOTE_ADDR=READER).status_code for _ in range(10)]
    assert answers == [200] * 10


def test_one_client_over_the_limit_does_not_stop_another(client):
    for n in range(4):
        client.get(f"/films/?tag=made-up-{n}", REMOTE_ADDR=SCRAPER)
    assert client.get("/films/?tag=mine", REMOTE_ADDR=READER).status_code == 200


def test_signed_in_editors_are_not_counted(editor_client):
    # Their pages never come from the page cache, so they are not renders for a reader.
    answers = [
        editor_client.get(f"/films/?tag=made-up-{n}", REMOTE_ADDR=SCRAPER).status_code
        for n in range(5)
    ]
    assert answers == [200] * 5
