"""Search across films, people, critics, reviews and articles, grouped by kind.

Runs on both databases: full-text search on PostgreSQL, the simple fallback on SQLite.
"""

import pytest
from django.db import connection

from critics.models import PublishingStatus
from critics.search import search
from tests import factories

pytestmark = pytest.mark.django_db


def kinds(query):
    return {group.kind: [str(r) for r in group.results] for group in search(query)}


def test_search_groups_results_by_kind(client, seed_data):
    page = client.get("/search/", {"q": "La La Land"}).content.decode()
    assert '<h2 id="group-films">Films' in page
    assert '<h2 id="group-reviews">Reviews' in page
    assert '<h2 id="group-articles">News and features' in page
    found = kinds("La La Land")
    assert found["films"] == ["La La Land (2016)"]
    assert len(found["reviews"]) == 4


def test_search_finds_people_and_critics(client, seed_data):
    assert kinds("Emma Stone")["people"] == ["Emma Stone"]
    assert kinds("James Porter")["critics"] == ["James Porter"]


def test_search_finds_words_in_review_text(client, seed_data):
    assert kinds("freeway traffic")["reviews"]


def test_search_ignores_unpublished_reviews_and_articles(db):
    factories.review(status=PublishingStatus.DRAFT, headline="Marmalade")
    factories.article(status=PublishingStatus.DRAFT, title="Marmalade news")
    assert kinds("Marmalade") == {}


def test_search_with_nothing_found_says_so(client, db):
    page = client.get("/search/", {"q": "qwertyuiop"}).content.decode()
    assert "Nothing found for “qwertyuiop”" in page


def test_empty_search_shows_the_form_only(client, db):
    page = client.get("/search/").content.decode()
    assert 'id="search-q"' in page and "result" not in page


@pytest.mark.postgres(reason="websearch syntax is PostgreSQL")
def test_postgres_search_understands_websearch_syntax(db):
    factories.film(title="Blue Velvet")
    factories.film(title="Blue Jasmine")
    assert kinds("blue -velvet")["films"] == ["Blue Jasmine (2020)"]
    assert kinds('"blue velvet"')["films"] == ["Blue Velvet (2020)"]


@pytest.mark.postgres(reason="ranking is PostgreSQL")
def test_postgres_search_ranks_title_matches_first(db):
    factories.film(title="Plain", synopsis="A story about a lighthouse keeper.")
    factories.film(title="Lighthouse")
    assert kinds("lighthouse")["films"] == ["Lighthouse (2020)", "Plain (2020)"]


postgres_only = pytest.mark.postgres(reason="stored search vectors are PostgreSQL")


@postgres_only
def test_postgres_search_sees_an_edit_at_once(db):
    film = factories.film(title="Working Title")
    film.title = "Moonrise"
    film.save()
    assert kinds("moonrise")["films"] == ["Moonrise (2020)"]
    assert "films" not in kinds("working")


@postgres_only
def test_postgres_search_finds_reviews_by_film_title_and_critic_name(db):
    factories.review(film=factories.film(title="Gravity"), headline="Weightless")
    factories.review(critic=factories.critic(name="Ada Quill"), headline="Sharp")
    assert kinds("gravity")["reviews"] == ["Weightless"]
    assert kinds("quill")["reviews"] == ["Sharp"]


@postgres_only
@pytest.mark.parametrize(
    ("model", "index"),
    [
        ("films.Film", "film_search_gin"),
        ("films.Person", "person_search_gin"),
        ("critics.Critic", "critic_search_gin"),
        ("critics.Review", "review_search_gin"),
        ("critics.Article", "article_search_gin"),
    ],
)
def test_postgres_search_can_use_the_gin_index(db, model, index):
    from django.apps import apps
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery("lighthouse", search_type="websearch", config="english")
    matches = apps.get_model(model).objects.filter(search_vector=query).order_by()
    with connection.cursor() as cursor:
        # A tiny test table is cheaper to read whole, or to walk along another index with
        # a filter; forbid both, leaving a bitmap scan, to see the GIN index is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = matches.explain()
    assert index in plan
