"""Writing reviews: every path that saves or deletes one goes through here."""

from django.db import transaction
from django.db.models import QuerySet

from critics import permissions
from critics.models import Review
from critics.permissions import Viewer
from critics.services.consensus import (
    analyse_review_text,
    refresh_consensus_on_commit,
    score_review,
)


def save_review(
    *, review: Review, previous_film_id: int | None = None, refresh: bool = True
) -> Review:
    """Derive the score, counted verdict, its source and text analysis, save, and refresh
    the consensus (refresh=False: the caller refreshes once for many reviews).

    Raises RatingError (nothing saved) when the rating cannot be read.
    """
    score_review(review)
    analyse_review_text(review)
    with transaction.atomic():
        review.save()
        if refresh:
            refresh_consensus_on_commit({review.film_id, previous_film_id})
    return review


def verdict_source_for(*, review: Review, set_by: Viewer) -> str:
    """The source of a verdict this user sets by hand on this review.

    A critic choosing fresh or rotten for their own work gives the critic's own verdict
    (the usual case on a Tomatometer); anyone else setting it gives an editor's reading.
    """
    if permissions.is_own_work(set_by, review):
        return Review.VerdictSource.CRITIC
    return Review.VerdictSource.EDITOR


def delete_reviews(*, queryset: QuerySet[Review]) -> int:
    with transaction.atomic():
        film_ids = set(queryset.values_list("film_id", flat=True))
        deleted, _ = queryset.delete()
        refresh_consensus_on_commit(film_ids)
    return deleted
