"""Every API endpoint runs the same number of SQL queries for a small and a large film.

The counts include the one indexed query that finds consensus due a rebuild, which runs
before every view (critics/middleware.py).
"""

import pytest

from critics.models import PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus
from critics.services.reviews import save_review
from films.models import Credit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_render(settings):
    # These count what a view costs when it renders; tests/public/test_page_cache.py covers hits.
    settings.PAGE_CACHE_SECONDS = 0


SMALL, LARGE = 3, 40
RATINGS = ["B+", "3/4", "2/5", "1/4", "A", ""]


def review_film(film, count):
    """``count`` published reviews with mixed ratings and outlets, plus a draft and a withdrawal."""
    publications = [factories.publication() for _ in range(3)]
    for n in range(count):
        save_review(
            review=Review(
                film=film,
                critic=factories.critic(is_top_critic=n % 4 == 0),
                publication=publications[n % 3] if n % 2 else None,
                rating=RATINGS[n % len(RATINGS)],
                body="The music soars and the acting is superb.\n\nThe plot drags.",
                status=PublishingStatus.PUBLISHED,
                publish_at=factories.published_at_past(),
            )
        )
    factories.review(film=film, status=PublishingStatus.DRAFT)
    factories.review(film=film, status=PublishingStatus.WITHDRAWN)
    recompute_film_consensus(film.pk)
    return film


def catalogue_film(size, **fields):
    film = factories.film(**fields)
    film.tags.add(*[f"tag {n}" for n in range(size)])
    for n, role in zip(range(size), Credit.Role.values * size, strict=False):
        factories.credit(film=film, role=role, order=n, character_name=f"Part {n}")
    return film


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_films_list_runs_three_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        review_film(catalogue_film(3), 2)
    # refresh due consensus, count, one page of films joined to their consensus
    with django_assert_num_queries(3):
        page = client.get("/api/films/?page_size=100&ordering=-average_score").json()
    assert page["count"] == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_film_detail_runs_four_queries(client, django_assert_num_queries, size):
    review_film(catalogue_film(size, slug="film"), size)
    # refresh due consensus, film with consensus, credits with people, tags
    with django_assert_num_queries(4):
        film = client.get("/api/films/film/").json()
    assert (len(film["credits"]), len(film["tags"]), film["review_count"]) == (size, size, size)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_film_reviews_run_four_queries(client, django_assert_num_queries, size):
    review_film(factories.film(slug="film"), size)
    # consensus due, film, count, one page of reviews with critics and publications
    with django_assert_num_queries(4):
        page = client.get("/api/films/film/reviews/?page_size=100").json()
    assert len(page["items"]) == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_film_consensus_runs_three_queries(client, django_assert_num_queries, size):
    review_film(factories.film(slug="film"), size)
    # refresh due consensus, film with consensus, the quoted/cited/dissenting reviews
    with django_assert_num_queries(3):
        consensus = client.get("/api/films/film/consensus/").json()
    assert consensus["review_count"] == size
    assert consensus["quotes"] and consensus["dissent"]


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_critic_runs_four_queries(client, django_assert_num_queries, size):
    critic = factories.critic(slug="critic")
    critic.publications.add(*[factories.publication() for _ in range(size)])
    for n in range(size):
        factories.review(critic=critic, verdict="positive", rating=RATINGS[n % 2])
    # refresh due consensus, critic, publications, their record (one aggregate)
    with django_assert_num_queries(4):
        record = client.get("/api/critics/critic/").json()
    assert record["review_count"] == size
