"""Repeat visits revalidate cheaply: an ETag from the content version, 304 until a change."""

import pytest

from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    film = factories.film(title="Revalidated", slug="revalidated")
    factories.review(film=film, rating="3/4")
    recompute_film_consensus(film.pk)
    return film


@pytest.mark.parametrize(
    "url", ["/", "/films/revalidated/", "/reviews/feed/", "/sitemap.xml", "/api/films/"]
)
def test_a_repeat_with_the_etag_gets_304_without_a_query(
    client, film, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "max-age=0"  # browsers ask again each time
    with django_assert_num_queries(0):
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", ["/films/revalidated/", "/reviews/feed/"])
def test_after_a_change_the_same_etag_gets_the_new_page(
    client, film, django_capture_on_commit_callbacks, url
):
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.review(film=film, critic=factories.critic(name="Dee Fresh"), rating="1/4")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Dee Fresh" in response.content.decode()
    assert response["ETag"] != etag


def test_an_unknown_etag_gets_the_full_page(client, film):
    response = client.get("/films/revalidated/", headers={"if-none-match": 'W/"stale"'})
    assert response.status_code == 200
    assert "Revalidated" in response.content.decode()


def test_signed_in_staff_get_no_shared_etag(editor_client, film):
    response = editor_client.get("/films/revalidated/")
    assert response.status_code == 200
    assert "ETag" not in response
