"""Reviews: only published ones leave here, except the one page that decides itself."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, F, Min, Q, QuerySet

from critics.models import Article, Critic, FilmConsensus, Publication, Review, Verdict
from films.models import Film

# Long text and JSON that no list or card shows.
_UNLISTED_REVIEW_FIELDS = ("body", "analysis", "verdict_note", "import_key", "search_vector")


def reviews_for_cards() -> QuerySet[Review]:
    return (
        Review.objects.published()
        .select_related("film", "critic", "publication")
        .defer(*_UNLISTED_REVIEW_FIELDS)
        .order_by("-publish_at", "-pk")
    )


def reviews_for_listing(
    *,
    film: str | None = None,
    critic: str | None = None,
    publication: str | None = None,
    verdict: str | None = None,
    top_critic: bool | None = None,
    published_after: date | None = None,
    published_before: date | None = None,
) -> QuerySet[Review]:
    """Published reviews, newest first, narrowed by slugs, counted verdict, the review's own
    top-critic flag, and the day the publication gave (both bounds included; a review
    whose source gave no day is left out once either bound is set)."""
    reviews = reviews_for_cards()
    if film is not None:
        reviews = reviews.filter(film__slug=film)
    if critic is not None:
        reviews = reviews.filter(critic__slug=critic)
    if publication is not None:
        reviews = reviews.filter(publication__slug=publication)
    if verdict is not None:
        reviews = reviews.filter(counted_verdict=verdict)
    if top_critic is not None:
        reviews = reviews.filter(is_top_critic=top_critic)
    if published_after is not None:
        reviews = reviews.filter(published_on__gte=published_after)
    if published_before is not None:
        reviews = reviews.filter(published_on__lte=published_before)
    return reviews


def latest_reviews(limit: int = 8) -> QuerySet[Review]:
    return reviews_for_cards()[:limit]


FILM_PAGE_REVIEWS = 20

# What a reader can narrow a film's reviews to, and how to order them (the first of
# each is the default). "Positive" and the rest are the verdict the review counts as in
# the consensus; an unrated review without a verdict is in "all" only.
REVIEW_FILTERS: dict[str, str] = {
    "all": "All",
    "top": "Top critics",
    "positive": "Positive",
    "mixed": "Mixed",
    "negative": "Negative",
}
REVIEW_SORTS: dict[str, str] = {
    "newest": "Newest",
    "highest": "Highest score",
    "lowest": "Lowest score",
}
_REVIEW_CONDITIONS: dict[str, Q] = {
    "top": Q(is_top_critic=True),
    **{verdict.value: Q(counted_verdict=verdict) for verdict in Verdict},
}
_NEWEST = ("-publish_at", "-pk")
# Unscored reviews (no rating) go last either way: they have no place on the scale.
_REVIEW_ORDER = {
    "newest": _NEWEST,
    "highest": (F("score").desc(nulls_last=True), *_NEWEST),
    "lowest": (F("score").asc(nulls_last=True), *_NEWEST),
}


def reviews_for_film_page(
    film: Film, *, show: str = "all", sort: str = "newest"
) -> QuerySet[Review]:
    """A film's published reviews, narrowed to REVIEW_FILTERS[show], in REVIEW_SORTS[sort]
    order; an unknown show or sort gives all of them, newest first."""
    reviews = reviews_for_cards().filter(film=film)
    if show in _REVIEW_CONDITIONS:
        reviews = reviews.filter(_REVIEW_CONDITIONS[show])
    return reviews.order_by(*_REVIEW_ORDER.get(sort, _NEWEST))


def film_review_counts(film: Film) -> dict[str, int]:
    """How many published reviews of the film each of REVIEW_FILTERS shows, in one query."""
    return (
        Review.objects.published()
        .filter(film=film)
        .aggregate(
            all=Count("pk"),
            **{
                name: Count("pk", filter=condition)
                for name, condition in _REVIEW_CONDITIONS.items()
            },
        )
    )


def reviews_for_score_receipt(film: Film) -> QuerySet[Review]:
    """Every review the film's figures count (published and live), oldest first, as the
    consensus reads them: the receipt lists each with its rating, score and verdict."""
    return (
        Review.objects.published()
        .filter(film=film)
        .select_related("critic", "publication")
        .only(
            "film_id",
            "rating",
            "score",
            "counted_verdict",
            "verdict_source",
            "is_top_critic",
            "is_unsigned",
            "critic__name",
            "critic__is_unattributed",
            "publication__name",
            "publication__rating_scale",
        )
        .order_by("pk")
    )


def reviews_cited_by(consensus: FilmConsensus) -> dict[int, Review]:
    """The published reviews the consensus quotes, cites or names as the dissent, by id."""
    ids = set(consensus.quote_review_ids)
    ids.update(citation["review_id"] for citation in consensus.statement_citations)
    if consensus.dissent_review_id:
        ids.add(consensus.dissent_review_id)
    if not ids:
        return {}
    return {review.pk: review for review in reviews_for_cards().filter(pk__in=ids)}


def published_reviews_by_id(ids: Iterable[int]) -> dict[int, Review]:
    """The published reviews among ``ids``, in one query; withdrawn or unknown ids drop out."""
    return {review.pk: review for review in reviews_for_cards().filter(pk__in=set(ids))}


def review_for_page(pk: int) -> Review | None:
    """Any review with this id, published or not: the view decides who may see it."""
    return (
        Review.objects.select_related("film", "film__consensus", "critic", "publication")
        .defer("search_vector", "film__search_vector", "critic__search_vector", "analysis")
        .prefetch_related("tags")  # type: ignore[misc]  # taggit's manager is untyped
        .filter(pk=pk)
        .first()
    )


def other_reviews_of_film(review: Review) -> QuerySet[Review]:
    return reviews_for_cards().filter(film_id=review.film_id).exclude(pk=review.pk)


def reviews_by_critic(critic: Critic) -> QuerySet[Review]:
    return reviews_for_cards().filter(critic=critic)


def reviews_in_publication(publication: Publication) -> QuerySet[Review]:
    return reviews_for_cards().filter(publication=publication)


def next_publication_at():
    """The earliest time a scheduled review or article goes live, or None."""
    times = [
        model.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
        for model in (Review, Article)
    ]
    times = [time for time in times if time is not None]
    return min(times) if times else None
