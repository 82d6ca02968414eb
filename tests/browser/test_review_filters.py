"""A reader narrows a film's reviews to the negative ones, then sorts them by score."""

import re
from datetime import timedelta

from django.utils import timezone

from critics.models import Review
from critics.services.consensus import recompute_film_consensus
from tests import factories
from tests.browser.conftest import screenshot

# The review each card shows: its first link to a review page.
CARD_REVIEWS = "cards => cards.map(card => card.querySelector('a[href^=\"/reviews/\"]').pathname)"


def review_split_film():
    film = factories.film(title="Split Decision", slug="split-decision")
    start = timezone.now() - timedelta(days=10)
    # Oldest first: (headline, rating, editor's verdict).
    for day, (headline, rating, verdict) in enumerate(
        [
            ("Scathing", "0/4", None),
            ("Rave", "4/4", None),
            ("Sour", "1/4", None),
            ("Panned", "", "negative"),
        ]
    ):
        factories.review(
            film=film,
            headline=headline,
            rating=rating,
            verdict=verdict,
            publish_at=start + timedelta(days=day),
        )
    recompute_film_consensus(film.pk)
    return film


def listed(page) -> list[str]:
    """The headlines of the reviews on the page, in order."""
    paths = page.locator(".review-card").evaluate_all(CARD_REVIEWS)
    headline = {review.get_absolute_url(): review.headline for review in Review.objects.all()}
    return [headline[path] for path in paths]


def test_reader_shows_negative_reviews_then_sorts_by_highest_score(site, page):
    film = review_split_film()
    page.goto(site + film.get_absolute_url())
    assert listed(page) == ["Panned", "Sour", "Rave", "Scathing"]
    show = page.get_by_role("navigation", name="Show reviews")
    assert show.get_by_role("link", name="All 4").get_attribute("aria-current") == "page"

    show.get_by_role("link", name=re.compile(r"^Negative")).click()
    page.wait_for_url("**/films/split-decision/?show=negative")
    assert listed(page) == ["Panned", "Sour", "Scathing"]
    assert show.get_by_role("link", name="Negative 3").get_attribute("aria-current") == "page"

    page.get_by_role("navigation", name="Sort reviews").get_by_role(
        "link", name="Highest score"
    ).click()
    page.wait_for_url("**/films/split-decision/?show=negative&sort=highest")
    # By score, and the review without one (an editor's verdict) last.
    assert listed(page) == ["Sour", "Scathing", "Panned"]
    current = page.locator("[aria-current=page]").all_inner_texts()
    assert [re.sub(r"\s+", " ", text) for text in current] == ["Negative 3", "Highest score"]
    screenshot(page, "film-negative-highest")


def test_review_filters_work_from_the_keyboard(site, page):
    film = review_split_film()
    page.goto(site + film.get_absolute_url())
    show = page.get_by_role("navigation", name="Show reviews")
    show.get_by_role("link", name=re.compile(r"^All")).focus()
    for _ in range(4):  # past Top critics, Positive and Mixed, to Negative
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Negative")
    page.keyboard.press("Enter")
    page.wait_for_url("**/films/split-decision/?show=negative")
    assert listed(page) == ["Panned", "Sour", "Scathing"]
