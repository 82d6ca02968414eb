"""A filtered or re-sorted list points search engines at the plain list."""

import pytest

from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(db):
    film = factories.film(title="Variants", slug="variants")
    for n in range(25):
        factories.review(film=film, critic=factories.critic(name=f"C{n}"), rating="3/5")
    recompute_film_consensus(film.pk)
    return film


def canonical(page: str) -> str:
    start = page.index('<link rel="canonical" href="') + len('<link rel="canonical" href="')
    return page[start : page.index('"', start)]


def test_a_plain_list_and_its_pages_are_their_own_canonical_and_indexable(client, film):
    page = client.get("/films/variants/reviews/?page=2").content.decode()
    assert canonical(page) == "http://testserver/films/variants/reviews/?page=2"
    assert "noindex" not in page


@pytest.mark.parametrize(
    "query", ["?show=negative", "?sort=highest&page=2", "?show=positive&page=2"]
)
def test_a_narrowed_or_reordered_list_is_not_indexed_and_points_at_the_plain_list(
    client, film, query
):
    page = client.get(f"/films/variants/reviews/{query}").content.decode()
    assert canonical(page) == "http://testserver/films/variants/reviews/"
    assert '<meta name="robots" content="noindex, follow">' in page
