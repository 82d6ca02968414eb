"""Readers see published seed content; drafts, scheduled and withdrawn items are 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from critics.models import Article, PublishingStatus, Review
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_lists_the_latest_reviews_and_news(client, seed_data):
    page = client.get("/").content.decode()
    assert "James Porter on La La Land" in page
    assert "Featurette Goes Behind the Scenes" in page


def test_film_page_shows_credits_and_its_published_reviews(client, seed_data):
    factories.review(
        film=Film.objects.get(slug="la-la-land"), status=PublishingStatus.DRAFT, headline="Secret"
    )
    page = client.get("/films/la-la-land/").content.decode()
    assert "Emma Stone" in page and "(Mia)" in page
    assert page.count('class="review-item"') == 4
    assert "Secret" not in page


def test_review_page_shows_the_full_text(client, seed_data):
    review = Review.objects.get(critic__slug="james-porter")
    page = client.get(review.get_absolute_url()).content.decode()
    for paragraph in review.paragraphs:
        assert f"<p>{paragraph}</p>" in page.replace("&#x27;", "'")


@pytest.mark.parametrize(
    "state",
    [
        {"status": PublishingStatus.DRAFT},
        {"status": PublishingStatus.SUBMITTED},
        {"status": PublishingStatus.WITHDRAWN, "publish_at": timezone.now() - timedelta(days=1)},
        {"status": PublishingStatus.PUBLISHED, "publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "submitted", "withdrawn", "scheduled"],
)
def test_unpublished_review_and_article_are_not_found(client, state):
    review = factories.review(**state)
    article = factories.article(**state)
    assert client.get(review.get_absolute_url()).status_code == 404
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_film_is_a_friendly_404(client, db):
    response = client.get("/films/no-such-film/")
    assert response.status_code == 404
    assert "There is nothing published at this address" in response.content.decode()


def test_critic_page_lists_only_their_published_reviews(client, seed_data):
    page = client.get("/critics/james-porter/").content.decode()
    assert "James Porter on La La Land" in page
    assert "@JamesPorter97" in page


def test_unattributed_placeholder_says_so(client, seed_data):
    page = client.get("/critics/unattributed-source-001/").content.decode()
    assert "does not name the author" in page


def test_news_article_page(client, seed_data):
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "23 November 2016" in page
    assert "La La Land (2016)" in page


def test_film_page_shows_the_consensus_figures_and_statement(client, seed_data):
    page = client.get("/films/la-la-land/").content.decode().replace("&#x27;", "'")
    assert "Universal acclaim" in page
    assert "100% of 4 rated reviews" in page
    assert "100% of critics share the majority verdict" in page
    assert "Critics are overwhelmingly positive about La La Land" in page


def test_critic_page_shows_agreement_with_the_consensus(client, seed_data):
    page = client.get("/critics/james-porter/").content.decode()
    assert "100% of the time (1 of 1 films with a final consensus)" in page
    assert "No rated reviews" in page
