"""Every API answer carries an ETag and Cache-Control (the page cache adds them), a repeat
with If-None-Match gets a 304, and filters survive the page cache's cleaning of the query."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

URLS = [
    "/api/films/",
    "/api/films/cached/",
    "/api/films/cached/reviews/",
    "/api/films/cached/consensus/",
    "/api/critics/",
    "/api/critics/ada/",
    "/api/reviews/?film=cached&verdict=positive&top_critic=false",
    "/api/reviews/?published_after=2020-01-01&published_before=2030-01-01",
    "/api/publications/",
    "/api/publications/reel/",
    "/api/people/",
    "/api/people/emma/",
    "/api/news/?kind=news",
    "/api/news/story/",
    "/api/search/?q=cached",
]


@pytest.fixture
def site(db):
    film = factories.film(title="Cached", slug="cached")
    reel = factories.publication(slug="reel")
    critic = factories.critic(slug="ada")
    factories.review(film=film, critic=critic, publication=reel, rating="A")
    factories.credit(film=film, person=factories.person(slug="emma"))
    factories.article(slug="story")


@pytest.mark.parametrize("url", URLS)
def test_every_answer_has_an_etag_and_cache_control(client, site, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["ETag"].startswith('W/"')
    assert "max-age=0" in response["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/api/reviews/?film=cached", 1),
        ("/api/reviews/?film=other", 0),
        ("/api/reviews/?critic=ada&publication=reel", 1),
        ("/api/reviews/?verdict=negative", 0),
        ("/api/reviews/?top_critic=true", 0),
        ("/api/reviews/?published_after=2999-01-01", 0),
        ("/api/reviews/?published_before=1900-01-01", 0),
        ("/api/news/?kind=feature", 0),
    ],
)
def test_filters_reach_the_endpoint_through_the_page_cache(client, site, url, count):
    assert client.get(url).json()["count"] == count


def test_search_text_reaches_the_endpoint_through_the_page_cache(client, site):
    assert [f["slug"] for f in client.get("/api/search/?q=cached").json()["films"]] == ["cached"]
    assert client.get("/api/search/?q=nothing").json()["films"] == []
