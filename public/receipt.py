"""A film's score receipt: every review its figures count, and the totals they make.

The totals go through consensus.figures.compute_figures, the function behind the
stored consensus and so behind the badge, fed the same facts (score, counted verdict,
its source, the review's top-critic flag) of the same published reviews. The receipt
page and its CSV both come from here, so they list the same rows.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from consensus.figures import ConsensusFigures, ReviewFacts, TopCriticFigures, compute_figures
from consensus.method import METHOD_VERSION
from consensus.ratings import RatingError, explain_rating
from consensus.verdicts import Verdict, describe_score_verdict
from critics.importer.csv_format import csv_writer, write_record
from critics.models import Review

ROW_COLUMNS = (
    "critic",
    "outlet",
    "rating_as_published",
    "score",
    "conversion",
    "verdict",
    "verdict_source",
    "counted",
    "top_critic",
    "review_url",
)
TOTAL_COLUMNS = ("figure", "value")


@dataclass(frozen=True)
class ReceiptRow:
    review_url: str
    critic: str
    outlet: str
    rating: str  # exactly as published; "" when the critic gave none
    score: Decimal | None
    conversion: str
    verdict: str  # Review.Verdict value, "" when unrated
    verdict_rule: str  # how the verdict was reached, when the score decided it
    verdict_source: str  # in a reader's words; "" when unrated
    counted: str
    is_top_critic: bool

    @property
    def is_counted(self) -> bool:
        return bool(self.verdict)


@dataclass(frozen=True)
class ScoreReceipt:
    rows: list[ReceiptRow]
    figures: ConsensusFigures
    method_version: str = METHOD_VERSION


def score_receipt(reviews: Iterable[Review]) -> ScoreReceipt:
    reviews = list(reviews)
    facts = [
        ReviewFacts(
            review.pk,
            review.score,
            Verdict(review.counted_verdict) if review.counted_verdict else None,
            review.is_top_critic,
            review.verdict_source,
        )
        for review in reviews
    ]
    figures = compute_figures(facts, min_reviews=settings.CONSENSUS_MIN_REVIEWS)
    return ScoreReceipt([_row(review) for review in reviews], figures)


def _row(review: Review) -> ReceiptRow:
    unsigned = review.critic.is_unattributed or review.is_unsigned
    return ReceiptRow(
        review_url=review.get_absolute_url(),
        critic="Unsigned review" if unsigned else review.critic.name,
        outlet=review.publication.name if review.publication else "",
        rating=review.rating.strip(),
        score=review.score,
        conversion=_conversion(review),
        verdict=review.counted_verdict or "",
        verdict_rule=(
            describe_score_verdict(review.score)
            if review.verdict_source == Review.VerdictSource.RATING and review.score is not None
            else ""
        ),
        verdict_source=review.get_verdict_source_display() if review.verdict_source else "",
        counted=_counted(review),
        is_top_critic=review.is_top_critic,
    )


def _conversion(review: Review) -> str:
    rating = review.rating.strip()
    if not rating:
        return "no rating given"
    scale = review.publication.rating_scale if review.publication else None
    try:
        conversion = explain_rating(rating, scale=scale)
    except RatingError:
        # Stored before a rule changed, or written around the services: say so rather
        # than show a rule that did not produce the score.
        return "not readable by the current rules"
    if conversion is None or conversion.score != review.score:
        return "scored under an earlier rule or scale; awaiting a recompute"
    return conversion.explanation


def _counted(review: Review) -> str:
    if not review.counted_verdict:
        return "Not counted: no rating and no verdict"
    if review.score is None:
        return "Verdict counted; no rating, so not in the average score"
    return "Counted in percent positive and in the average score"


def receipt_csv(receipt: ScoreReceipt, absolute_url: Callable[[str], str]) -> str:
    """The receipt's rows, then its totals, as CSV (every cell protected from formulas).

    absolute_url turns a path into a full address (request.build_absolute_uri): a
    downloaded file has no page to be relative to.
    """
    stream = io.StringIO()
    writer = csv_writer(stream, ROW_COLUMNS)
    for row in receipt.rows:
        write_record(
            writer,
            {
                "critic": row.critic,
                "outlet": row.outlet,
                "rating_as_published": row.rating,
                "score": "" if row.score is None else str(row.score),
                "conversion": row.conversion,
                "verdict": row.verdict,
                "verdict_source": row.verdict_source,
                "counted": row.counted,
                "top_critic": "yes" if row.is_top_critic else "no",
                "review_url": absolute_url(row.review_url),
            },
            ROW_COLUMNS,
        )
    stream.write("\r\n")
    totals = csv_writer(stream, TOTAL_COLUMNS)
    for figure, value in receipt_totals(receipt):
        write_record(totals, {"figure": figure, "value": value}, TOTAL_COLUMNS)
    return stream.getvalue()


def receipt_totals(receipt: ScoreReceipt) -> list[tuple[str, str]]:
    """The totals as (figure, value) pairs, provisional figures withheld as on the film page."""
    figures = receipt.figures
    counts = figures.counts
    withheld = (
        f"withheld: {figures.rated_count} review{'s' if figures.rated_count != 1 else ''} "
        f"with a verdict, fewer than the {figures.min_reviews} needed"
    )
    percent = figures.public_percent_positive
    average = figures.public_average_score
    top = figures.top_critics
    return [
        ("Reviews", str(figures.review_count)),
        ("Positive", str(counts.positive)),
        ("Mixed", str(counts.mixed)),
        ("Negative", str(counts.negative)),
        ("Without a verdict", str(counts.unrated)),
        ("Reviews with a verdict", str(figures.rated_count)),
        ("Reviews with a score", str(figures.scored_count)),
        ("Percent positive", withheld if figures.provisional else _percent(percent)),
        ("Average score", withheld if figures.provisional else _average(average)),
        ("Label", figures.label),
        ("Top critics' percent positive", _top_critics(top.public_percent_positive, top)),
        ("Method version", receipt.method_version),
    ]


def _percent(percent: int | None) -> str:
    return "none: no review has a verdict" if percent is None else f"{percent}%"


def _average(average: Decimal | None) -> str:
    return "none: no review gives a rating" if average is None else f"{average} / 100"


def _top_critics(percent: int | None, top: TopCriticFigures) -> str:
    if not top.review_count:
        return "none: no review by a top critic"
    if percent is None:
        return f"withheld: {top.rated_count} top critics' reviews with a verdict, too few"
    return f"{percent}% of {top.rated_count}"
