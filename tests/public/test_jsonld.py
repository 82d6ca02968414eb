"""JSON-LD for search engines on film and review pages, safely embedded."""

import json
import re

import pytest

from critics.models import Review
from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


def jsonld_of(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_film_page_has_a_movie_with_reviews_but_no_rating_the_critics_never_gave(client, seed_data):
    data = jsonld_of(client.get("/films/la-la-land/"))
    assert data["@type"] == "Movie" and data["name"] == "La La Land"
    assert data["director"][0]["name"] == "Damien Chazelle"
    assert {"Emma Stone", "Ryan Gosling"} <= {actor["name"] for actor in data["actor"]}
    assert len(data["review"]) == 4
    # The seed reviews have no ratings (their verdicts are editors' readings), so
    # neither the film nor any review claims a rating.
    assert "aggregateRating" not in data
    assert all("reviewRating" not in review for review in data["review"])


def test_aggregate_rating_is_the_average_score_of_the_rated_reviews(client, db):
    # 3/4 -> 75, B+ -> 83, 2/5 -> 40, 4/5 -> 80: mean 278 / 4 = 69.5; the editor's
    # verdict on the fifth review, which has no rating, is not a rating.
    film = factories.film()
    for rating in ("3/4", "B+", "2/5", "4/5"):
        factories.review(film=film, rating=rating)
    factories.review(film=film, verdict="positive")
    recompute_film_consensus(film.pk)
    data = jsonld_of(client.get(film.get_absolute_url()))
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 69.5,
        "bestRating": 100,
        "worstRating": 0,
        "ratingCount": 4,
    }


def test_too_few_ratings_give_no_aggregate_rating_even_with_a_final_consensus(client, db):
    # The film: 5 of 6 positive is a final consensus (83%), but an average of
    # 65 from 2 ratings is too few to publish as the film's rating.
    film = factories.film()
    factories.review(film=film, rating="7/10")
    factories.review(film=film, rating="3/5")
    for verdict in ("positive", "positive", "positive", "negative"):
        factories.review(film=film, verdict=verdict)
    recompute_film_consensus(film.pk)
    assert film.consensus.percent_positive == 83
    data = jsonld_of(client.get(film.get_absolute_url()))
    assert "aggregateRating" not in data


def test_the_minimum_number_of_ratings_is_the_consensus_minimum(client, db, settings):
    settings.CONSENSUS_MIN_REVIEWS = 2
    film = factories.film()
    factories.review(film=film, rating="7/10")
    factories.review(film=film, rating="3/5")
    recompute_film_consensus(film.pk)
    rating = jsonld_of(client.get(film.get_absolute_url()))["aggregateRating"]
    assert (rating["ratingValue"], rating["ratingCount"]) == (65.0, 2)


def test_provisional_film_has_no_aggregate_rating(client, db):
    film = factories.film()
    factories.review(film=film, rating="4/5")
    recompute_film_consensus(film.pk)
    data = jsonld_of(client.get(film.get_absolute_url()))
    assert "aggregateRating" not in data
    assert data["review"][0]["reviewRating"]["ratingValue"] == 80.0


def test_review_page_has_a_critic_review_of_the_movie(client, seed_data):
    review = Review.objects.get(critic__slug="james-porter")
    data = jsonld_of(client.get(review.get_absolute_url()))
    assert data["@type"] == "CriticReview"
    assert data["author"] == {
        "@type": "Person",
        "name": "James Porter",
        "url": "http://testserver/critics/james-porter/",
    }
    assert data["itemReviewed"]["@type"] == "Movie"
    assert "datePublished" not in data  # the source gives no date: none is invented
    assert "reviewRating" not in data


def test_rated_review_has_its_rating_and_unattributed_one_no_person(client, seed_data):
    rated = factories.review(rating="3/4")
    data = jsonld_of(client.get(rated.get_absolute_url()))
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 75.0,
        "bestRating": 100,
        "worstRating": 0,
        "alternateName": "3/4",
    }
    placeholder = Review.objects.get(critic__slug="unsigned-writer-director")
    assert "author" not in jsonld_of(client.get(placeholder.get_absolute_url()))


def test_a_title_cannot_break_out_of_the_data_block(client, db):
    film = factories.film(title="</script><script>alert(1)</script> & <!--")
    response = client.get(film.get_absolute_url())
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert jsonld_of(response)["name"] == film.title
