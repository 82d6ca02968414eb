"""Reviews to the import CSV format, so an export imports back to the same reviews.

Besides the import's columns, the export gives the text model's suggestion for every
review with text (suggested_verdict, suggestion_confidence), so an editor can check
suggestions in a spreadsheet, copy the ones they accept into verdict with
verdict_source "model", and import the file again (docs/import-format.md).
"""

from django.db.models.fields.json import KT

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
        # Two values of the stored analysis, not the whole (bulky) document per review.
        .annotate(
            suggested=KT("analysis__suggestion__verdict"),
            confidence=KT("analysis__suggestion__confidence"),
        )
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
    "publication__name",
    "is_unsigned",
    "is_top_critic",
    "published_on",
    "rating",
    "verdict",
    "verdict_source",
    "headline",
    "original_url",
    "body",
)


def review_values(review: Review) -> dict[str, str]:
    # An unsigned review is written without a critic, as the import reads it: the
    # publication's staff. With no publication to attribute it to, the name is kept.
    unsigned = review.is_unsigned and review.publication_id is not None
    confidence = getattr(review, "confidence", None)
    return {
        "film": review.film.title,
        "year": str(review.film.release_year or ""),
        "critic": "" if unsigned else review.critic.name,
        "publication": review.publication.name if review.publication_id else "",
        "top_critic": "yes" if review.is_top_critic else "no",
        # Only the date the source gives: never the day the review went live here.
        "date": review.published_on.isoformat() if review.published_on else "",
        "rating": review.rating,
        "verdict": review.verdict or "",
        "verdict_source": review.verdict_source or "",
        "suggested_verdict": getattr(review, "suggested", None) or "",
        "suggestion_confidence": "" if confidence in (None, "") else f"{float(confidence):.2f}",
        "headline": review.headline,
        "url": review.original_url,
        "text": review.body,
    }
