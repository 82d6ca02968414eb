"""RSS and Atom feeds: latest reviews, per critic, per film, news; published items only."""

import xml.etree.ElementTree as ET

import pytest

from critics.models import PublishingStatus
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def atom_titles(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_latest_reviews_feed_in_rss_and_atom(client, seed_data):
    factories.review(headline="Unpublished", status=PublishingStatus.DRAFT)
    rss = rss_titles(client.get("/reviews/feed/"))
    atom = atom_titles(client.get("/reviews/feed/atom/"))
    assert "James Porter on La La Land" in rss
    assert sorted(rss) == sorted(atom) and len(rss) == 4
    assert "Unpublished" not in rss


def test_feed_items_link_to_the_review_and_carry_the_quote(client, seed_data):
    root = ET.fromstring(client.get("/reviews/feed/").content)
    item = next(root.iter("item"))
    assert "/reviews/" in item.findtext("link")
    assert item.findtext("description")


def test_per_critic_and_per_film_feeds(client, db):
    critic = factories.critic(name="Ann Lee")
    film = factories.film(title="Heat")
    factories.review(critic=critic, film=film, headline="Ann on Heat")
    factories.review(film=film, headline="Someone else on Heat")
    assert rss_titles(client.get(f"/critics/{critic.slug}/feed/")) == ["Ann on Heat"]
    assert atom_titles(client.get(f"/critics/{critic.slug}/feed/atom/")) == ["Ann on Heat"]
    assert sorted(rss_titles(client.get(f"/films/{film.slug}/feed/"))) == [
        "Ann on Heat",
        "Someone else on Heat",
    ]
    assert len(atom_titles(client.get(f"/films/{film.slug}/feed/atom/"))) == 2
    assert client.get("/critics/nobody/feed/").status_code == 404


def test_news_feed(client, seed_data):
    factories.article(title="Draft news", status=PublishingStatus.DRAFT)
    titles = rss_titles(client.get("/news/feed/"))
    assert len(titles) == 1 and "Featurette" in titles[0]
    assert len(atom_titles(client.get("/news/feed/atom/"))) == 1


def test_pages_advertise_their_feeds(client, seed_data):
    page = client.get("/films/la-la-land/").content.decode()
    assert 'type="application/rss+xml" title="Reviews of La La Land (2016) (RSS)"' in page
    assert 'href="/films/la-la-land/feed/atom/"' in page
