"""Newest first means one thing: the films page's "Newest" and the API's -release_year.

Newest by release year, the year shown beside every title; within a year, by release
date, with films that know only their year after the dated ones; films with no year last.
"""

import re
from datetime import date

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

NEWEST_FIRST = ["Winter Release", "Spring Release", "Year Only", "Last Century", "Undated"]


@pytest.fixture
def films_of_different_ages():
    factories.film(title="Undated", release_year=None)
    factories.film(title="Last Century", release_date=date(1999, 5, 1), release_year=1999)
    # Known only by its year, as films the review importer creates are.
    factories.film(title="Year Only", release_year=2024)
    factories.film(title="Spring Release", release_date=date(2024, 3, 1), release_year=2024)
    factories.film(title="Winter Release", release_date=date(2024, 12, 1), release_year=2024)


def titles_on_the_films_page(client):
    page = client.get("/films/", {"sort": "newest"}).content.decode()
    return re.findall(r'class="film-card-title"><a href="[^"]+">([^<]+)</a>', page)


def titles_in_the_api(client):
    films = client.get("/api/films/", {"ordering": "-release_year"}).json()["items"]
    return [film["title"] for film in films]


@pytest.mark.usefixtures("films_of_different_ages")
def test_newest_first_is_by_release_year_then_date_with_undated_films_last(client):
    assert titles_on_the_films_page(client) == NEWEST_FIRST


@pytest.mark.usefixtures("films_of_different_ages")
def test_the_api_lists_the_newest_films_in_the_films_pages_order(client):
    assert titles_in_the_api(client) == titles_on_the_films_page(client) == NEWEST_FIRST
