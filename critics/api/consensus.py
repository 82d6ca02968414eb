"""A film's consensus as the API shows it: the stored figures, never recomputed per request."""

from typing import Literal

from ninja import Schema

from critics.models import FilmConsensus, Review
from films.models import Film

_SCORE_BINS = 10


class VerdictCounts(Schema):
    positive: int
    mixed: int
    negative: int
    unrated: int


class TopCriticFigures(Schema):
    review_count: int
    percent_positive: int | None
    average_score: float | None
    provisional: bool


class Aspect(Schema):
    name: str
    mentions: int
    positive: int
    negative: int


class Quote(Schema):
    critic: str
    publication: str | None
    verdict: Review.Verdict | None
    text: str
    review_url: str


class Dissent(Quote):
    score: float | None


class Citation(Schema):
    review_id: int
    phrase: str
    review_url: str


class Histogram(Schema):
    verdicts: VerdictCounts
    scores: list[int]


class ConsensusOut(Schema):
    film: str
    review_count: int
    counts: VerdictCounts
    percent_positive: int | None
    average_score: float | None
    top_critics: TopCriticFigures
    label: str
    label_basis: str | None
    agreement: float | None
    majority_verdict: Review.Verdict | None
    provisional: bool
    statement: str
    statement_source: Literal["editor", "generated"]
    citations: list[Citation]
    aspects: list[Aspect]
    quotes: list[Quote]
    dissent: Dissent | None
    histogram: Histogram


def reviews_to_fetch(consensus: FilmConsensus) -> set[int]:
    """Every review the consensus points at: quotes, the dissent and the statement's citations."""
    ids = set(consensus.quote_review_ids)
    ids.update(citation["review_id"] for citation in consensus.statement_citations)
    if consensus.dissent_review_id:
        ids.add(consensus.dissent_review_id)
    return ids


def consensus_out(film: Film, consensus: FilmConsensus, reviews: dict[int, Review]) -> ConsensusOut:
    """Shape the stored consensus; ``reviews`` holds the published ones it points at."""
    counts = VerdictCounts(
        positive=consensus.positive_count,
        mixed=consensus.mixed_count,
        negative=consensus.negative_count,
        unrated=consensus.unrated_count,
    )
    dissent = reviews.get(consensus.dissent_review_id)
    return ConsensusOut(
        film=film.slug,
        review_count=consensus.review_count,
        counts=counts,
        percent_positive=consensus.public_percent_positive,
        average_score=consensus.public_average_score,
        top_critics=TopCriticFigures(
            review_count=consensus.top_critic_review_count,
            percent_positive=consensus.public_top_critic_percent_positive,
            average_score=consensus.public_top_critic_average_score,
            provisional=consensus.top_critic_provisional,
        ),
        label=consensus.label,
        label_basis=consensus.label_basis or None,
        agreement=consensus.agreement,
        majority_verdict=consensus.majority_verdict,
        provisional=consensus.provisional,
        statement=consensus.statement,
        statement_source=consensus.statement_source,
        citations=_citations(consensus, reviews),
        aspects=[Aspect(**aspect) for aspect in consensus.aspects],
        quotes=[
            _quote(reviews[review_id])
            for review_id in consensus.quote_review_ids
            if review_id in reviews
        ],
        dissent=Dissent(**_quote(dissent).model_dump(), score=dissent.score) if dissent else None,
        histogram=Histogram(verdicts=counts, scores=consensus.score_histogram or [0] * _SCORE_BINS),
    )


def _quote(review: Review) -> Quote:
    return Quote(
        critic=review.critic.name,
        publication=review.publication.name if review.publication_id else None,
        verdict=review.counted_verdict,
        text=review.quote,
        review_url=review.get_absolute_url(),
    )


def _citations(consensus: FilmConsensus, reviews: dict[int, Review]) -> list[Citation]:
    # Citations back the generated statement only; an editor's statement has none.
    if consensus.statement_source != "generated":
        return []
    return [
        Citation(
            review_id=citation["review_id"],
            phrase=citation["phrase"],
            review_url=reviews[citation["review_id"]].get_absolute_url(),
        )
        for citation in consensus.statement_citations
        if citation["review_id"] in reviews
    ]
