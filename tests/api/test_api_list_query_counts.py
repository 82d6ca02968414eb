"""The new API endpoints run the same number of SQL queries at two data sizes.

The counts include the one indexed query that finds consensus due a rebuild, which runs
before every view (critics/middleware.py). The pattern is tests/api/test_api_query_counts.py's.
"""

import pytest
from django.db import connection

from critics.models import PublishingStatus
from films.models import Credit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_render(settings):
    # These count what a view costs when it renders; tests/public/test_page_cache.py covers hits.
    settings.PAGE_CACHE_SECONDS = 0


SMALL, LARGE = 3, 40


def reviewed_world(size):
    """``size`` critics, outlets, films and articles, each critic with reviews in outlets."""
    outlets = [factories.publication(slug=f"outlet-{n}") for n in range(size)]
    for n in range(size):
        critic = factories.critic(name=f"Match {n}", is_top_critic=n % 2 == 0)
        critic.publications.add(*outlets[: n % 4 + 1])
        film = factories.film(title=f"Match film {n}")
        factories.review(
            film=film, critic=critic, publication=outlets[n], rating="B+", headline="Match"
        )
        factories.review(film=film, critic=critic, status=PublishingStatus.DRAFT, headline="Match")
        article = factories.article(title=f"Match news {n}", slug=f"story-{n}")
        article.tags.add(f"tag {n}")
        article.related_films.add(film)
        factories.person(name=f"Match person {n}")


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_critics_list_runs_four_queries(client, django_assert_num_queries, size):
    reviewed_world(size)
    # refresh due consensus, count, one page of critics with review counts, their outlets
    with django_assert_num_queries(4):
        page = client.get("/api/critics/?page_size=100").json()
    assert page["count"] == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_reviews_list_runs_three_queries(client, django_assert_num_queries, size):
    reviewed_world(size)
    # refresh due consensus, count, one page of reviews with films, critics and outlets
    with django_assert_num_queries(3):
        page = client.get("/api/reviews/?page_size=100&verdict=positive").json()
    assert page["count"] == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_publications_list_runs_three_queries(client, django_assert_num_queries, size):
    reviewed_world(size)
    # refresh due consensus, count, one page of publications with review counts
    with django_assert_num_queries(3):
        page = client.get("/api/publications/?page_size=100").json()
    assert page["count"] == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_publication_detail_runs_three_queries(client, django_assert_num_queries, size):
    outlet = factories.publication(slug="outlet")
    for _ in range(size):
        factories.critic().publications.add(outlet)
        factories.review(publication=outlet)
    # refresh due consensus, the publication with its review count, its critics
    with django_assert_num_queries(3):
        detail = client.get("/api/publications/outlet/").json()
    assert (len(detail["critics"]), detail["review_count"]) == (size, size)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_people_list_runs_three_queries(client, django_assert_num_queries, size):
    reviewed_world(size)
    # refresh due consensus, count, one page of people
    with django_assert_num_queries(3):
        page = client.get("/api/people/?page_size=100").json()
    assert page["count"] == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_person_detail_runs_three_queries(client, django_assert_num_queries, size):
    person = factories.person(slug="person")
    for n in range(size):
        factories.credit(person=person, role=Credit.Role.CAST, character_name=f"Part {n}")
    # refresh due consensus, the person, their credits with films
    with django_assert_num_queries(3):
        detail = client.get("/api/people/person/").json()
    assert len(detail["credits"]) == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_news_list_runs_three_queries(client, django_assert_num_queries, size):
    reviewed_world(size)
    # refresh due consensus, count, one page of articles with authors
    with django_assert_num_queries(3):
        page = client.get("/api/news/?page_size=100").json()
    assert page["count"] == size


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_article_detail_runs_four_queries(client, django_assert_num_queries, size):
    article = factories.article(slug="story", author=factories.critic())
    article.tags.add(*[f"tag {n}" for n in range(size)])
    article.related_films.add(*[factories.film() for _ in range(size)])
    # refresh due consensus, the article with its author, its tags, its films with consensus
    with django_assert_num_queries(4):
        detail = client.get("/api/news/story/").json()
    assert (len(detail["tags"]), len(detail["related_films"])) == (size, size)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_search_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    reviewed_world(size)
    # Refresh due consensus, then per kind (films, people, critics, reviews, news) one
    # query on PostgreSQL; on SQLite one to rank the word index's ids and one to read the
    # rows of a kind that has results (critics/search_words.py).
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 11):
        found = client.get("/api/search/?q=match").json()
    assert len(found["critics"]) == min(size, 10)
    assert len(found["reviews"]) == min(size, 10)
