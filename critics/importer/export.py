"""Reviews to the import CSV format, so an export imports back to the same reviews."""

from django.utils import timezone

from critics.importer.csv_format import csv_writer, write_record
from critics.models import Review


def export_reviews(queryset, stream) -> int:
    """Write the reviews as CSV rows to a text stream; return how many were written."""
    writer = csv_writer(stream)
    count = 0
    reviews = (
        queryset.select_related("film", "critic", "publication")
        .order_by("film__title", "film__release_year", "published_on", "pk")
        .only(*_FIELDS)
    )
    for review in reviews.iterator(chunk_size=2000):
        write_record(writer, review_values(review))
        count += 1
    return count


_FIELDS = (
    "film",
    "critic",
    "publication",
    "film__title",
    "film__release_year",
    "critic__name",
    "critic__is_top_critic",
    "publication__name",
    "is_unsigned",
    "published_on",
    "publish_at",
    "rating",
    "verdict",
    "headline",
    "original_url",
    "body",
)


def review_values(review: Review) -> dict[str, str]:
    # An unsigned review is written without a critic, as the import reads it: the
    # publication's staff. With no publication to attribute it to, the name is kept.
    unsigned = review.is_unsigned and review.publication_id is not None
    date = review.published_on or (
        timezone.localdate(review.publish_at) if review.publish_at else None
    )
    return {
        "film": review.film.title,
        "year": str(review.film.release_year or ""),
        "critic": "" if unsigned else review.critic.name,
        "publication": review.publication.name if review.publication_id else "",
        "top_critic": "yes" if review.critic.is_top_critic else "no",
        "date": date.isoformat() if date else "",
        "rating": review.rating,
        "verdict": review.verdict or "",
        "headline": review.headline,
        "url": review.original_url,
        "text": review.body,
    }
