"""What the API reads. Each function shapes one endpoint's queries so their number stays
fixed however many reviews, credits or tags a film has.
"""

from collections.abc import Iterable
from typing import Literal

from django.db.models import F, QuerySet

from critics.models import Critic, Review
from critics.queries import (
    FILMS_NEWEST_FIRST,
    PUBLIC_AVERAGE_SCORE,
    PUBLIC_PERCENT_POSITIVE,
    UNLISTED_CONSENSUS_FIELDS,
    film_for_page,
)
from films.models import Film

FilmOrdering = Literal["title", "-percent_positive", "-average_score", "-release_year"]

_BY_TITLE = ("title", "release_year", "pk")

_ORDER_BY = {
    "title": _BY_TITLE,
    "-percent_positive": (F("public_percent_positive").desc(nulls_last=True), *_BY_TITLE),
    "-average_score": (F("public_average_score").desc(nulls_last=True), *_BY_TITLE),
    # The films list's "newest", so page and API never disagree on which film is newer.
    "-release_year": FILMS_NEWEST_FIRST,
}

# Long text and JSON that no list or quote shows.
_UNLISTED_REVIEW_FIELDS = ("body", "analysis", "verdict_note", "search_vector")


def films_for_listing(ordering: FilmOrdering = "title") -> QuerySet[Film]:
    return (
        Film.objects.select_related("consensus")
        .defer("synopsis", "search_vector", *UNLISTED_CONSENSUS_FIELDS)
        .alias(
            public_percent_positive=PUBLIC_PERCENT_POSITIVE,
            public_average_score=PUBLIC_AVERAGE_SCORE,
        )
        .order_by(*_ORDER_BY[ordering])
    )


# The API's film is the public page's film: credits in billing order and its consensus.
film_for_detail = film_for_page


def film_with_consensus(slug: str) -> Film | None:
    return Film.objects.select_related("consensus").defer("search_vector").filter(slug=slug).first()


def film_by_slug(slug: str) -> Film | None:
    return Film.objects.filter(slug=slug).only("pk", "slug").first()


def reviews_for_listing(film: Film) -> QuerySet[Review]:
    return (
        Review.objects.published()
        .filter(film=film)
        .select_related("critic", "publication")
        .defer(*_UNLISTED_REVIEW_FIELDS)
        .order_by("-publish_at", "-pk")
    )


def published_reviews_by_id(ids: Iterable[int]) -> dict[int, Review]:
    """The published reviews among ``ids``, in one query; withdrawn or unknown ids drop out."""
    reviews = (
        Review.objects.published()
        .filter(pk__in=set(ids))
        .select_related("critic", "publication")
        .defer(*_UNLISTED_REVIEW_FIELDS)
    )
    return {review.pk: review for review in reviews}


def critic_for_detail(slug: str) -> Critic | None:
    return (
        Critic.objects.prefetch_related("publications")
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )
