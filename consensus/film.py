"""A film's whole consensus from its published reviews' stored columns: no database.

The one-film recompute and the whole-catalogue rebuild both go through FilmTally, so
they store the same thing. Each row is one published review, in review order
(ascending id): (review_id, score, counted verdict, verdict source, by a top critic (the
review's own flag), has a quote, compact aspect marks). Rows are plain tuples (a film
may have thousands); the score may be a float, as the database hands it over cheaply,
since it has one decimal place, and the two flags anything truthy.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from consensus.aggregate import QuoteCandidate, select_quotes
from consensus.aspects import AspectSummary
from consensus.figures import ConsensusFigures, ReviewFacts, compute_figures
from consensus.marks import MarkTally
from consensus.statement import Statement, generate_statement
from consensus.verdicts import Verdict

_VERDICTS = {verdict.value: verdict for verdict in Verdict}
_SCORES: dict[float | Decimal, Decimal] = {}  # at most 1,001 distinct scores


@dataclass(frozen=True)
class FilmConsensusResult:
    figures: ConsensusFigures
    aspects: list[AspectSummary]
    statement: Statement
    quote_review_ids: list[int]


class FilmTally:
    """Everything but the statement, in one pass; then the evidence it may quote."""

    def __init__(self, rows: Iterable[tuple], *, min_reviews: int) -> None:
        facts, quotes, self.marks = [], [], MarkTally()
        add_marks, scores = self.marks.add, _SCORES
        for review_id, score, verdict, source, is_top_critic, has_quote, marks in rows:
            verdict = _VERDICTS.get(verdict)
            if score is not None:
                score = scores.get(score) or scores.setdefault(score, Decimal(str(score)))
            facts.append(ReviewFacts(review_id, score, verdict, is_top_critic, source))
            if has_quote:  # select_quotes looks at nothing else
                quotes.append(QuoteCandidate(review_id, verdict, is_top_critic, True))
            add_marks(review_id, marks)
        self.figures = compute_figures(facts, min_reviews=min_reviews)
        self.quote_review_ids = select_quotes(quotes)

    def evidence_wanted(self) -> dict[str, list[int]]:
        """{aspect: ids of the reviews whose evidence on it the statement may quote}."""
        return self.marks.evidence_wanted()

    def finish(self, film_title: str, evidence: Mapping[int, Mapping]) -> FilmConsensusResult:
        """evidence: {review_id: {aspect: evidence dict}}, at least evidence_wanted()."""
        figures = self.figures
        aspects = self.marks.summaries(evidence)
        statement = generate_statement(
            film_title=film_title,
            percent_positive=figures.percent_positive,
            rated_count=figures.rated_count,
            provisional=figures.provisional,
            aspects=aspects,
            majority_verdict=figures.majority_verdict,
        )
        return FilmConsensusResult(figures, aspects, statement, self.quote_review_ids)
