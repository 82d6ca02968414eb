"""/api/search/: the site search's matches as JSON, grouped by kind, published work only."""

import pytest

from critics.models import PublishingStatus
from tests import factories

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


def test_search_finds_films_critics_people_reviews_and_news(client):
    film = factories.film(title="Whiplash", slug="whiplash")
    critic = factories.critic(name="Ada Whiplash-Fan", slug="ada")
    factories.person(name="Whiplash Drummer", slug="drummer")
    review = factories.review(film=film, critic=critic, headline="Whiplash stings")
    factories.article(title="Whiplash at ten", slug="whiplash-at-ten")
    found = search(client, "whiplash")

    assert found["query"] == "whiplash"
    assert [f["slug"] for f in found["films"]] == ["whiplash"]
    assert found["films"][0]["url"] == "http://testserver/films/whiplash/"
    assert [c["slug"] for c in found["critics"]] == ["ada"]
    assert found["critics"][0]["url"] == "http://testserver/critics/ada/"
    assert [p["slug"] for p in found["people"]] == ["drummer"]
    assert [r["id"] for r in found["reviews"]] == [review.pk]
    assert found["reviews"][0]["film_slug"] == "whiplash"
    assert [a["slug"] for a in found["news"]] == ["whiplash-at-ten"]


def test_search_never_finds_drafts(client):
    factories.review(headline="Secret scoop", status=PublishingStatus.DRAFT)
    factories.article(title="Secret scoop", slug="scoop", status=PublishingStatus.DRAFT)
    found = search(client, "secret scoop")
    assert (found["reviews"], found["news"]) == ([], [])


def test_search_leaves_out_placeholders_for_unsigned_reviews(client):
    factories.critic(name="Unsigned staff", slug="unsigned-staff", is_unattributed=True)
    assert search(client, "unsigned")["critics"] == []


def test_a_blank_search_finds_nothing(client):
    factories.film(title="Anything")
    found = search(client, "  ")
    assert [found[kind] for kind in ("films", "people", "critics", "reviews", "news")] == [[]] * 5


def test_search_without_q_is_a_422(client):
    response = client.get("/api/search/")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]
