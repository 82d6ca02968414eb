"""Writing reviews: every path that saves or deletes one goes through here."""

from django.db import transaction

from critics.models import Review
from critics.services.consensus import (
    analyse_review_text,
    refresh_consensus_on_commit,
    score_review,
)


def save_review(*, review: Review, previous_film_id: int | None = None) -> Review:
    """Derive the score, counted verdict and text analysis, save, and refresh the consensus.

    Raises RatingError (nothing saved) when the rating cannot be read.
    """
    score_review(review)
    analyse_review_text(review)
    with transaction.atomic():
        review.save()
        refresh_consensus_on_commit({review.film_id, previous_film_id})
    return review


def delete_reviews(*, queryset) -> int:
    with transaction.atomic():
        film_ids = set(queryset.values_list("film_id", flat=True))
        deleted, _ = queryset.delete()
        refresh_consensus_on_commit(film_ids)
    return deleted
