"""Every published review, newest first, filtered by film, critic, outlet, verdict or date."""

from datetime import date
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from api.errors import ERRORS
from api.pagination import paginated
from api.schemas import SLUG_PATTERN, ReviewOut
from critics import queries
from critics.models import Review, Verdict

router = Router()

SlugFilter = Annotated[str | None, Field(None, pattern=SLUG_PATTERN, max_length=255)]


class ReviewFilters(Schema):
    film: SlugFilter = Field(None, description="Only reviews of the film with this slug.")
    critic: SlugFilter = Field(None, description="Only reviews by the critic with this slug.")
    publication: SlugFilter = Field(
        None, description="Only reviews that ran in the publication with this slug."
    )
    verdict: Verdict | None = Field(None, description="Only reviews counted with this verdict.")
    top_critic: bool | None = Field(
        None,
        description="Only reviews that count (true) or do not count (false) as a top "
        "critic's: the review's own `is_top_critic`.",
    )
    published_after: date | None = Field(
        None, description="Only reviews whose `published_date` is this day or later."
    )
    published_before: date | None = Field(
        None, description="Only reviews whose `published_date` is this day or earlier."
    )


@router.get("/reviews/", response={200: list[ReviewOut], **ERRORS}, tags=["reviews"])
@paginated
def list_reviews(request: HttpRequest, filters: Query[ReviewFilters]) -> QuerySet[Review]:
    """Published reviews, newest first; the filters combine (all must hold).

    A slug that matches nothing gives an empty list, not a 404. A review with no
    `published_date` (its source gave none) is left out once either date filter is set.
    """
    return queries.reviews_for_listing(**filters.model_dump())
