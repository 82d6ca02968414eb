"""Made-up cookies, tokens and query strings neither skip the page cache nor fill it.

A hit costs no query; a request that only looks like a reader's session (a cookie
naming no session) costs the one lookup that tells. Each test would, before the fix,
have rendered the page afresh for whoever sent the made-up value.
"""

import pytest
from django.test import Client

from critics.models import PublishingStatus
from critics.services.consensus import recompute_film_consensus
from critics.sharing import share_path
from tests import factories

pytestmark = pytest.mark.django_db

NO_SUCH_SESSION = "abcdefghijklmnopqrstuvwxyz012345"  # shaped like a real key


@pytest.fixture
def film():
    film = factories.film(title="Keyed Film", slug="keyed-film", release_year=2020)
    factories.review(
        film=film, critic=factories.critic(name="Kay Keyes", slug="kay-keyes"), rating="3/4"
    )
    recompute_film_consensus(film.pk)
    return film


def cached_copy(client, url, first, django_assert_max_num_queries, queries=0):
    with django_assert_max_num_queries(queries):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    return again


@pytest.mark.parametrize(("cookie", "lookups"), [("x", 0), (NO_SUCH_SESSION, 1)])
def test_a_session_cookie_naming_no_session_is_served_from_the_cache(
    film, django_assert_max_num_queries, cookie, lookups
):
    first = Client().get("/films/keyed-film/")
    made_up = Client()
    made_up.cookies["sessionid"] = cookie
    again = cached_copy(
        made_up, "/films/keyed-film/", first, django_assert_max_num_queries, lookups
    )
    assert again["ETag"] == first["ETag"]


def test_a_signed_in_editor_with_a_real_session_still_bypasses_the_cache(editor_client, film):
    Client().get("/films/keyed-film/")
    assert "ETag" not in editor_client.get("/films/keyed-film/")


def test_a_forged_messages_cookie_is_served_from_the_cache(film, django_assert_max_num_queries):
    first = Client().get("/films/keyed-film/")
    forged = Client()
    forged.cookies["messages"] = "not-signed-by-us"
    cached_copy(forged, "/films/keyed-film/", first, django_assert_max_num_queries)


def test_a_real_messages_cookie_still_bypasses_the_cache(film, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    Client().get("/films/keyed-film/")
    reader = Client()
    # Signed as Django signs a flash message for the next page it shows.
    reader.cookies["messages"] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.INFO, "You are signed out.")]
    )
    assert "ETag" not in reader.get("/films/keyed-film/")


def test_a_made_up_share_token_is_served_from_the_cache(film, django_assert_max_num_queries):
    review = film.reviews.get()
    first = Client().get(review.get_absolute_url())
    # One lookup: does this token open this review? It does not.
    again = cached_copy(
        Client(),
        f"{review.get_absolute_url()}?share=made-up",
        first,
        django_assert_max_num_queries,
        queries=1,
    )
    assert "made-up" not in again.content.decode()
    # Pages a share link never opens do not even look.
    first = Client().get("/films/keyed-film/")
    cached_copy(Client(), "/films/keyed-film/?share=made-up", first, django_assert_max_num_queries)


def test_a_real_share_link_still_shows_its_draft_and_is_not_stored(film):
    draft = factories.review(film=film, status=PublishingStatus.DRAFT, headline="Shared early")
    link = share_path(draft)
    assert "Shared early" in Client().get(link).content.decode()
    assert "Shared early" in Client().get(link).content.decode()
    assert Client().get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("/films/keyed-film/", "/films/keyed-film/?utm_source=newsletter&fbclid=x"),
        ("/films/?sort=title&tag=drama", "/films/?tag=drama&sort=title&ref=elsewhere"),
        ("/films/?sort=title", "/films/?sort=newest&sort=title"),
        ("/critics/kay-keyes/", "/critics/kay-keyes/?page=001"),
        ("/api/films/?ordering=title", "/api/films/?page=1&ordering=title&debug=1"),
    ],
)
def test_query_strings_that_ask_for_the_same_page_share_one_cache_entry(
    film, django_assert_max_num_queries, stored, asked
):
    first = Client().get(stored)
    assert first.status_code == 200
    cached_copy(Client(), asked, first, django_assert_max_num_queries)


def test_a_strangers_parameter_never_reaches_the_stored_page(film):
    for n in range(25):  # two pages: page 1 links to page 2, keeping the query string
        factories.film(title=f"Listed {n}", slug=f"listed-{n}", release_year=2020)
    first = Client().get("/films/?year=2020&marker=injected-into-links")
    assert "page=2" in first.content.decode()
    assert "injected-into-links" not in first.content.decode()
    assert "injected-into-links" not in Client().get("/films/?year=2020").content.decode()


def test_parameters_the_page_reads_still_pick_different_pages(film):
    factories.film(title="Older Film", slug="older-film", release_year=1999)
    recent = Client().get("/films/?year=2020").content.decode()
    older = Client().get("/films/?year=1999").content.decode()
    assert "Keyed Film" in recent and "Older Film" not in recent
    assert "Older Film" in older and "Keyed Film" not in older
