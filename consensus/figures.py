"""A film's consensus figures, worked out from its reviews: pure arithmetic, no database."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

from consensus.verdicts import VERDICT_SOURCES, Verdict

NOT_ENOUGH_REVIEWS = "Not enough reviews"
# The label's only basis: the badge shows percent positive, so the label bands it too.
BASIS_PERCENT_POSITIVE = "percent_positive"

# Bands of percent positive, for the badge's label and the statement's opening words.
# Symmetric about an even split, so the same lean earns the same word either way:
# nine in ten verdicts or more one way is "overwhelmingly", seven in ten "mostly",
# anything nearer an even split "divided". A mixed verdict is not positive, so it
# counts against the share, as a rotten review counts against the Tomatometer; the
# negative side therefore needs a clear lean (at most 30% positive) before the label
# calls critics "mostly negative". The percentage is a whole number already.
PERCENT_BANDS = (
    (90, "Overwhelmingly positive"),
    (70, "Mostly positive"),
    (31, "Divided"),
    (11, "Mostly negative"),
    (0, "Overwhelmingly negative"),
)

# Metacritic's published score bands for films, from its FAQ / about page
# "How we create the Metascore magic" (metacritic.com/about-metascores). They band
# an average score, never a percentage: only FilmConsensus.score_label uses them.
SCORE_BANDS = (
    (81, "Universal acclaim"),
    (61, "Generally favorable"),
    (40, "Mixed or average"),
    (20, "Generally unfavorable"),
    (0, "Overwhelming dislike"),
)

# Where a review with a verdict but no score is placed when measuring dissent:
# the middle of its verdict's score band (60-100, 40-60, 0-40).
VERDICT_MIDPOINTS = {
    Verdict.POSITIVE: Decimal(80),
    Verdict.MIXED: Decimal(50),
    Verdict.NEGATIVE: Decimal(20),
}

_BIN_COUNT = 10
_ONE_PLACE = Decimal("0.1")


class ReviewFacts(NamedTuple):  # a tuple: a film may have thousands
    review_id: int
    score: Decimal | None  # 0-100, one decimal; None when the critic gave no rating
    verdict: Verdict | None  # the effective verdict; None means unrated
    is_top_critic: bool = False  # the review's own flag, not the critic's status today
    verdict_source: str | None = None  # one of VERDICT_SOURCES when verdict is set


@dataclass(frozen=True)
class VerdictCounts:
    positive: int = 0
    mixed: int = 0
    negative: int = 0
    unrated: int = 0

    @property
    def rated(self) -> int:
        return self.positive + self.mixed + self.negative

    @property
    def total(self) -> int:
        return self.rated + self.unrated

    def of(self, verdict: Verdict | None) -> int:
        return self.unrated if verdict is None else getattr(self, verdict.value)


@dataclass(frozen=True)
class Histogram:
    verdicts: VerdictCounts
    # Ten bins: [0, 10), [10, 20) ... [90, 100]; a score of 100 goes in the last one.
    scores: tuple[int, ...]


class _PublicFigures:
    """Raw figures are kept even when provisional; these are what a page may show."""

    provisional: bool
    percent_positive: int | None
    average_score: Decimal | None

    @property
    def public_percent_positive(self) -> int | None:
        return None if self.provisional else self.percent_positive

    @property
    def public_average_score(self) -> Decimal | None:
        return None if self.provisional else self.average_score


@dataclass(frozen=True)
class TopCriticFigures(_PublicFigures):
    review_count: int
    counts: VerdictCounts
    rated_count: int
    percent_positive: int | None
    average_score: Decimal | None
    provisional: bool


@dataclass(frozen=True)
class ConsensusFigures(_PublicFigures):
    """Everything the consensus shows for one film.

    ``label`` is the band of percent positive (``percent_band``) once the figures are
    final, and ``score_label`` the Metacritic band of the average score once at least
    ``min_reviews`` reviews have a score (else ""). ``verdict_sources`` counts the
    counted verdicts by where they come from, every source in VERDICT_SOURCES present.
    ``agreement`` is the share of rated reviews holding the most common verdict; on a
    tie it is still that share (2 positive, 2 negative: 0.50) but ``majority_verdict``
    is None, and so is ``dissent_review_id``.
    """

    review_count: int
    counts: VerdictCounts
    rated_count: int
    scored_count: int
    percent_positive: int | None
    average_score: Decimal | None
    provisional: bool
    min_reviews: int
    label: str
    label_basis: str | None
    score_label: str
    verdict_sources: dict[str, int]
    agreement: Decimal | None
    majority_verdict: Verdict | None
    top_critics: TopCriticFigures
    histogram: Histogram
    dissent_review_id: int | None


class _Tally:
    """Running totals for one pass over the reviews."""

    __slots__ = ("bins", "by_verdict", "highest", "lowest", "score_sum", "scored", "unrated")

    def __init__(self) -> None:
        self.by_verdict = dict.fromkeys(Verdict, 0)
        self.unrated = 0
        self.score_sum = Decimal(0)
        self.scored = 0
        self.bins = [0] * _BIN_COUNT
        # Per verdict, the lowest and the highest placed review as (position, review_id):
        # whatever the average, the review furthest from it is one of these two.
        self.lowest: dict[Verdict, tuple[Decimal, int]] = {}
        self.highest: dict[Verdict, tuple[Decimal, int]] = {}

    def add(self, review: ReviewFacts) -> None:
        score, verdict, review_id = review.score, review.verdict, review.review_id
        if score is not None:
            self.score_sum += score
            self.scored += 1
            self.bins[min(int(score) // 10, _BIN_COUNT - 1)] += 1
        if verdict is None:
            self.unrated += 1
            return
        self.by_verdict[verdict] += 1
        position = VERDICT_MIDPOINTS[verdict] if score is None else score
        low = self.lowest.get(verdict)
        if low is None or (position, review_id) < low:
            self.lowest[verdict] = (position, review_id)
        high = self.highest.get(verdict)
        if high is None or position > high[0] or (position == high[0] and review_id < high[1]):
            self.highest[verdict] = (position, review_id)

    def counts(self) -> VerdictCounts:
        by = self.by_verdict
        return VerdictCounts(
            by[Verdict.POSITIVE], by[Verdict.MIXED], by[Verdict.NEGATIVE], self.unrated
        )

    def summary(self, min_reviews: int) -> TopCriticFigures:
        counts = self.counts()
        return TopCriticFigures(
            review_count=counts.total,
            counts=counts,
            rated_count=counts.rated,
            percent_positive=_round_ratio(counts.positive, counts.rated, 100),
            average_score=_mean(self.score_sum, self.scored),
            provisional=counts.rated < min_reviews,
        )


def compute_figures(reviews: Sequence[ReviewFacts], *, min_reviews: int = 4) -> ConsensusFigures:
    """Work out every consensus figure for one film in a single pass over its reviews.

    Rounding is half up throughout: the percentage to a whole number, the average
    score to one decimal, agreement to two decimals. With fewer than ``min_reviews``
    rated reviews the figures are provisional (see the ``public_*`` properties).
    """
    if min_reviews < 1:
        raise ValueError("min_reviews must be at least 1")
    everyone, top = _Tally(), _Tally()
    sources = dict.fromkeys(VERDICT_SOURCES, 0)
    for review in reviews:
        if review.score is not None and not 0 <= review.score <= 100:
            raise ValueError(f"review {review.review_id} has score {review.score}, outside 0-100")
        everyone.add(review)
        if review.is_top_critic:
            top.add(review)
        # A verdict stored without its source (never by the services) is left out
        # rather than guessed; the descriptions count against the rated total.
        if review.verdict is not None and review.verdict_source in sources:
            sources[review.verdict_source] += 1

    basics = everyone.summary(min_reviews)
    counts, percent, average = basics.counts, basics.percent_positive, basics.average_score
    majority, majority_count = _majority(counts)
    if not basics.provisional and percent is not None:
        label, basis = percent_band(percent), BASIS_PERCENT_POSITIVE
    else:
        label, basis = NOT_ENOUGH_REVIEWS, None

    return ConsensusFigures(
        review_count=basics.review_count,
        counts=counts,
        rated_count=basics.rated_count,
        scored_count=everyone.scored,
        percent_positive=percent,
        average_score=average,
        provisional=basics.provisional,
        min_reviews=min_reviews,
        label=label,
        label_basis=basis,
        score_label=score_band(average)
        if average is not None and everyone.scored >= min_reviews
        else "",
        verdict_sources=sources,
        agreement=_two_places(majority_count, counts.rated),
        majority_verdict=majority,
        top_critics=top.summary(min_reviews),
        histogram=Histogram(verdicts=counts, scores=tuple(everyone.bins)),
        dissent_review_id=_dissent(majority, everyone, average),
    )


def _majority(counts: VerdictCounts) -> tuple[Verdict | None, int]:
    """The most common verdict and its count; the verdict is None on a tie (or no rated reviews)."""
    ranked = sorted(Verdict, key=counts.of, reverse=True)
    top_count = counts.of(ranked[0])
    if top_count == 0 or counts.of(ranked[1]) == top_count:
        return None, top_count
    return ranked[0], top_count


def _dissent(majority: Verdict | None, tally: _Tally, average: Decimal | None) -> int | None:
    """The review furthest from the consensus, or None.

    Only when one verdict holds the majority (no tie) and some rated review disagrees.
    The candidates are the reviews with the most opposite verdict present: against a
    positive majority the negative reviews, or the mixed ones if no review is negative
    (and the mirror image for a negative majority); against a mixed majority both
    positive and negative reviews. Among them the pick is the review whose score is
    furthest from the average score; a review without a score stands at the midpoint
    of its verdict's band (VERDICT_MIDPOINTS), and with no scores at all the distance
    is measured from the majority verdict's midpoint. Ties go to the lowest review_id.
    """
    if majority is None:
        return None
    if majority is Verdict.MIXED:
        opposed = [Verdict.POSITIVE, Verdict.NEGATIVE]
    else:
        opposite = Verdict.NEGATIVE if majority is Verdict.POSITIVE else Verdict.POSITIVE
        opposed = [opposite] if tally.by_verdict[opposite] else [Verdict.MIXED]
    centre = average if average is not None else VERDICT_MIDPOINTS[majority]
    candidates = [
        (-abs(position - centre), review_id)
        for verdict in opposed
        if verdict in tally.lowest
        for position, review_id in (tally.lowest[verdict], tally.highest[verdict])
    ]
    return min(candidates)[1] if candidates else None


def percent_band(percent: int) -> str:
    """The label of a percentage of positive verdicts (0-100, a whole number).

    The badge's label and the statement's opening words both come from here, so they
    always agree with the number on the badge.
    """
    if not 0 <= percent <= 100:
        raise ValueError(f"{percent} is outside 0-100")
    return next(label for floor, label in PERCENT_BANDS if percent >= floor)


def score_band(average: Decimal | int) -> str:
    """Metacritic's band for an average score, rounded half up to a whole number first.

    So an average of 80.5 counts as 81 ("Universal acclaim") and 80.4 as 80
    ("Generally favorable").
    """
    whole = int(Decimal(average).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not 0 <= whole <= 100:
        raise ValueError(f"{average} is outside 0-100")
    return next(label for floor, label in SCORE_BANDS if whole >= floor)


def _mean(total: Decimal, count: int) -> Decimal | None:
    if count == 0:
        return None
    with localcontext(prec=28):
        return (total / count).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)


def _two_places(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a Decimal with two places, rounded half up; None when whole is 0."""
    hundredths = _round_ratio(part, whole, 100)
    return None if hundredths is None else Decimal(hundredths).scaleb(-2)


def _round_ratio(part: int, whole: int, unit: int) -> int | None:
    """``part / whole * unit`` rounded half up to an integer, exactly; None when whole is 0."""
    if whole == 0:
        return None
    return (2 * unit * part + whole) // (2 * whole)
