"""Long lists come a page at a time, and a page that does not exist is a 404, not an error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from critics.queries import FILM_PAGE_REVIEWS
from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = pytest.mark.django_db


def review_film(film, count):
    """``count`` published reviews, one a day, headlined "Review n" (the highest newest)."""
    start = timezone.now() - timedelta(days=count + 1)
    for n in range(count):
        factories.review(
            film=film, headline=f"Review {n}", rating="3/4", publish_at=start + timedelta(days=n)
        )
    recompute_film_consensus(film.pk)


def test_film_page_shows_the_newest_reviews_and_links_to_all(client):
    film = factories.film(title="Epic", slug="epic")
    review_film(film, FILM_PAGE_REVIEWS + 5)
    page = client.get("/films/epic/").content.decode()
    assert f'Reviews <span class="muted">({FILM_PAGE_REVIEWS + 5})</span>' in page
    assert f"Review {FILM_PAGE_REVIEWS + 4}</a>" in page
    assert "Review 4</a>" not in page
    assert f'href="/films/epic/reviews/">All {FILM_PAGE_REVIEWS + 5} reviews of Epic</a>' in page


def test_film_page_with_few_reviews_has_no_link_to_more(client):
    film = factories.film(slug="small")
    review_film(film, 3)
    page = client.get("/films/small/").content.decode()
    assert "Review 0</a>" in page and "/films/small/reviews/" not in page


def test_film_reviews_page_lists_every_review_a_page_at_a_time(client):
    film = factories.film(title="Epic", slug="epic")
    review_film(film, 25)
    first = client.get("/films/epic/reviews/").content.decode()
    second = client.get("/films/epic/reviews/", {"page": 2}).content.decode()
    assert "25 reviews" in first and "Page 1 of 2" in first
    assert "Review 24</a>" in first and "Review 4</a>" not in first
    assert "Review 4</a>" in second and "Review 0</a>" in second
    assert "Review 5</a>" not in second


def test_film_page_quotes_reviews_beyond_the_first_page(client):
    """The consensus quotes the best-fitting reviews, not just the newest ones."""
    film = factories.film(slug="epic")
    review_film(film, FILM_PAGE_REVIEWS + 10)
    consensus = film.consensus
    consensus.refresh_from_db()
    oldest = film.reviews.order_by("publish_at").first()
    consensus.quote_review_ids = [oldest.pk]
    consensus.save()
    page = client.get("/films/epic/").content.decode()
    assert page.count(f'href="/reviews/{oldest.pk}/"') >= 1


@pytest.mark.parametrize(
    "url",
    [
        "/films/?page=2",
        "/films/?page=0",
        "/films/?page=abc",
        "/films/?page=99999999999999999999",
        "/films/epic/reviews/?page=3",
        "/critics/?page=2",
        "/critics/writer/?page=2",
        "/critics/writer/?page=-1",
        "/publications/paper/?page=2",
        "/news/?page=2",
        "/news/?page=x",
    ],
)
def test_a_page_past_the_end_or_not_a_number_is_not_found(client, url):
    film = factories.film(slug="epic")
    review_film(film, 3)
    critic = factories.critic(slug="writer")
    factories.review(critic=critic, publication=factories.publication(slug="paper"))
    assert client.get(url).status_code == 404


def test_last_page_is_reachable_by_name(client):
    for n in range(30):
        factories.film(title=f"Film {n:02}")
    page = client.get("/films/", {"sort": "title", "page": "last"}).content.decode()
    assert "Page 2 of 2" in page and "Film 29" in page and "Film 00" not in page


def test_critics_list_counts_only_published_reviews(client):
    from critics.models import PublishingStatus

    critic = factories.critic(name="Counted")
    factories.review(critic=critic)
    factories.review(critic=critic)
    factories.review(critic=critic, status=PublishingStatus.DRAFT)
    factories.review(critic=critic, publish_at=timezone.now() + timedelta(days=2))
    factories.critic(name="Silent")
    critics = {c.name: c.review_count for c in client.get("/critics/").context["critics"]}
    assert critics == {"Counted": 2, "Silent": 0}
