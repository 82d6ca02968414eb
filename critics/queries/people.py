"""Critics and publications, and a critic's record against the consensus."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from critics.models import Critic, Publication, Review


def _published_review_count(field: str) -> Coalesce:
    # A subquery per listed row (PostgreSQL runs it after LIMIT, on the page's rows
    # only), not a GROUP BY over every review.
    counts = (
        Review.objects.published()
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


def critics_for_listing() -> QuerySet[Critic]:
    return (
        Critic.objects.active()
        .prefetch_related("publications")
        .defer("search_vector")
        .annotate(review_count=_published_review_count("critic"))
        .order_by("is_unattributed", "name", "pk")
    )


def _critics_to_list() -> QuerySet[Critic]:
    # Placeholders for unsigned reviews are not people: they are never listed.
    return Critic.objects.active().filter(is_unattributed=False).defer("search_vector")


def publications_for_listing() -> QuerySet[Publication]:
    return Publication.objects.annotate(
        review_count=_published_review_count("publication")
    ).order_by("name", "pk")


def publication_with_critics(slug: str) -> Publication | None:
    """A publication, its published review count, and the critics who write for it."""
    return (
        publications_for_listing()
        .prefetch_related(Prefetch("critics", queryset=_critics_to_list().order_by("name", "pk")))
        .filter(slug=slug)
        .first()
    )


def critic_for_page(slug: str) -> Critic | None:
    return (
        Critic.objects.prefetch_related("publications")
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )


def publication_for_page(slug: str) -> Publication | None:
    return Publication.objects.prefetch_related("critics").filter(slug=slug).first()


@dataclass(frozen=True)
class CriticRecord:
    review_count: int
    films_compared: int  # reviews with a verdict, of films with a final (non-provisional) majority
    matches: int
    agreement_rate: Decimal | None  # matches / films_compared, two places
    average_score: Decimal | None  # mean score of their scored reviews, one decimal


def critic_record(critic: Critic) -> CriticRecord:
    """How often a critic's published verdicts match the films' consensus, and their mean score.

    A film counts only once its consensus is final (not provisional) and has a
    majority verdict (no tie). The critic's own review is part of that consensus.
    """
    compared = Q(
        counted_verdict__isnull=False,
        film__consensus__majority_verdict__isnull=False,
        film__consensus__provisional=False,
    )
    figures = (
        Review.objects.published()
        .filter(critic=critic)
        .aggregate(
            review_count=Count("pk"),
            films_compared=Count("pk", filter=compared),
            matches=Count(
                "pk", filter=compared & Q(counted_verdict=F("film__consensus__majority_verdict"))
            ),
            average_score=Avg("score"),
        )
    )
    compared_count = figures["films_compared"]
    rate = (
        (Decimal(figures["matches"]) / compared_count).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        if compared_count
        else None
    )
    average = figures["average_score"]
    if average is not None:
        average = Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return CriticRecord(
        review_count=figures["review_count"],
        films_compared=compared_count,
        matches=figures["matches"],
        agreement_rate=rate,
        average_score=average,
    )
