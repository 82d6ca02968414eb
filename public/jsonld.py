"""schema.org data for search engines: plain dicts, serialised safely by the `jsonld` filter."""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from critics.models import FilmConsensus, Review
from films.models import Credit, Film, Person
from public.templatetags.public_site import review_title

CONTEXT = "https://schema.org"

# A JSON-LD object; and how a path becomes an absolute URL (request.build_absolute_uri).
type JSON = dict[str, Any]
type Absolute = Callable[[str], str]


def _person(person: Person, absolute: Absolute) -> JSON:
    return {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}


def _movie_reference(film: Film, absolute: Absolute) -> JSON:
    data: JSON = {"@type": "Movie", "name": film.title, "url": absolute(film.get_absolute_url())}
    if film.release_date:
        data["datePublished"] = film.release_date.isoformat()
    elif film.release_year:
        data["datePublished"] = str(film.release_year)
    return data


def _author(review: Review, absolute: Absolute) -> JSON | None:
    # Unattributed placeholders and unsigned reviews are never presented as a person.
    if review.critic.is_unattributed or review.is_unsigned:
        if review.publication:
            return {"@type": "Organization", "name": review.publication.name}
        return None
    return {
        "@type": "Person",
        "name": review.critic.name,
        "url": absolute(review.critic.get_absolute_url()),
    }


def review_item(review: Review, absolute: Absolute, *, with_item_reviewed: bool) -> JSON:
    data: JSON = {
        "@type": "CriticReview",
        "url": absolute(review.get_absolute_url()),
        "name": review_title(review),
    }
    # Only the date the source gives; none rather than the day it went live here.
    if review.published_on:
        data["datePublished"] = review.published_on.isoformat()
    if author := _author(review, absolute):
        data["author"] = author
    if review.publication:
        data["publisher"] = {"@type": "Organization", "name": review.publication.name}
    if review.quote:
        data["description"] = review.quote
    # Only a rating the critic gave is a reviewRating; an editor's verdict is not.
    if review.rating and review.score is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": float(review.score),
            "bestRating": 100,
            "worstRating": 0,
            "alternateName": review.rating,
        }
    if with_item_reviewed:
        data["itemReviewed"] = _movie_reference(review.film, absolute)
    return data


def _aggregate_rating(consensus: FilmConsensus | None) -> JSON | None:
    """The critics' ratings, averaged: only from reviews with a score, once enough have one.

    Never from percent positive or from verdicts without a rating (an editor's reading
    is not a rating), so a film whose reviews give no ratings has no aggregateRating.
    """
    if consensus is None or consensus.average_score is None:
        return None
    if consensus.scored_count < settings.CONSENSUS_MIN_REVIEWS:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": float(consensus.average_score),
        "bestRating": 100,
        "worstRating": 0,
        "ratingCount": consensus.scored_count,
    }


def movie(
    film: Film,
    consensus: FilmConsensus | None,
    reviews: Iterable[Review],
    absolute: Absolute,
    image: str | None = None,
) -> JSON:
    """A Movie with its credits, aggregate rating (only from enough ratings) and critics' reviews.

    ``absolute`` turns a path into an absolute URL (request.build_absolute_uri).
    """
    data = {"@context": CONTEXT, **_movie_reference(film, absolute)}
    if film.synopsis:
        data["description"] = film.synopsis
    if image:
        data["image"] = image
    credits = list(film.credits.all())
    for role, key in ((Credit.Role.DIRECTOR, "director"), (Credit.Role.CAST, "actor")):
        people = [_person(c.person, absolute) for c in credits if c.role == role]
        if people:
            data[key] = people
    genres = [tag.name for tag in film.tags.all()]
    if genres:
        data["genre"] = genres
    if rating := _aggregate_rating(consensus):
        data["aggregateRating"] = rating
    items = [review_item(r, absolute, with_item_reviewed=False) for r in reviews]
    if items:
        data["review"] = items
    return data


def review(review: Review, absolute: Absolute) -> JSON:
    return {"@context": CONTEXT, **review_item(review, absolute, with_item_reviewed=True)}
