"""Feed readers list items by title alone: each review's title names the film, the critic
and the outlet (or says the review is unsigned), then its headline if it has one."""

import xml.etree.ElementTree as ET

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_review_feed_titles_carry_author_and_outlet(client):
    film = factories.film(title="La La Land", release_year=2016)
    paper = factories.publication(name="The Daily Screen")
    factories.review(
        film=film,
        critic=factories.critic(name="Ann Lee"),
        publication=paper,
        headline="City of stars",
    )
    factories.review(film=film, critic=factories.critic(name="Bo Chen"))
    staff = factories.critic(name="Unattributed (source 3)", is_unattributed=True)
    factories.review(film=film, critic=staff, publication=paper)
    expected = {
        "La La Land (2016) — Ann Lee, The Daily Screen: City of stars",
        "La La Land (2016) — Bo Chen",
        "La La Land (2016) — Unsigned review, The Daily Screen",
    }
    for url in ("/reviews/feed/", f"{film.get_absolute_url()}feed/"):
        rss = ET.fromstring(client.get(url).content)
        assert {item.findtext("title") for item in rss.iter("item")} == expected, url
        atom = ET.fromstring(client.get(f"{url}atom/").content)
        assert {entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")} == expected
