"""A film's consensus as the API shows it: the stored figures, never recomputed per request."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Schema

from api.schemas import absolute_url, as_number, as_verdict
from consensus.verdicts import VERDICT_SOURCES, describe_verdict_sources
from critics.models import FilmConsensus, Review, Verdict
from films.models import Film

_SCORE_BINS = 10


class VerdictCounts(Schema):
    positive: int
    mixed: int
    negative: int
    unrated: int


class VerdictSources(Schema):
    """How many counted verdicts come from each source."""

    rating: int = Field(description="Read off the critic's rating (score).")
    critic: int = Field(description="Chosen by the critic (fresh or rotten).")
    editor: int = Field(description="An editor's reading of the review.")
    model: int = Field(description="A text-model suggestion an editor accepted.")


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
    verdict: Verdict | None
    text: str
    review_url: str


class Dissent(Quote):
    score: float | None


class Citation(Schema):
    review_id: int
    phrase: str = Field(
        description="Verbatim words of the review: a whole sentence, or whole clauses of one "
        "with “…” where words are left out."
    )
    stance: Literal["praise", "criticism"] | None = Field(
        description="What the statement quotes the phrase as. Praise is never quoted from a "
        "review counted negative; criticism from a review counted positive only when the "
        "verdict model is at least 90% sure the phrase is negative. Null only for a "
        "statement stored before stances existed (recompute_consensus fills it)."
    )
    review_url: str


class Histogram(Schema):
    verdicts: VerdictCounts
    scores: list[int]


class ConsensusOut(Schema):
    film: str
    review_count: int
    counts: VerdictCounts
    percent_positive: int | None
    average_score: float | None = Field(
        description="Mean score of the reviews with a rating (scored_count of them); "
        "null while provisional."
    )
    scored_count: int = Field(description="Reviews with a score (a rating).")
    score_label: str | None = Field(
        description="Metacritic's band of the average score; null until enough reviews "
        "have a score. Never a band of the percentage."
    )
    top_critics: TopCriticFigures
    label: str = Field(
        description="The band of percent positive (see label_basis), as on the badge and "
        "in the statement's opening words; 'Not enough reviews' while provisional."
    )
    label_basis: str | None = Field(
        description='What the label bands: "percent_positive"; null while provisional.'
    )
    verdict_sources: VerdictSources
    verdict_sources_summary: str = Field(
        description="Where the counted verdicts come from, in the film page's words."
    )
    agreement: float | None
    majority_verdict: Verdict | None
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


def consensus_out(
    film: Film, consensus: FilmConsensus, reviews: dict[int, Review], request: HttpRequest
) -> ConsensusOut:
    """Shape the stored consensus; ``reviews`` holds the published ones it points at."""
    counts = VerdictCounts(
        positive=consensus.positive_count,
        mixed=consensus.mixed_count,
        negative=consensus.negative_count,
        unrated=consensus.unrated_count,
    )
    dissent_id = consensus.dissent_review_id
    dissent = reviews.get(dissent_id) if dissent_id is not None else None
    return ConsensusOut(
        film=film.slug,
        review_count=consensus.review_count,
        counts=counts,
        percent_positive=consensus.public_percent_positive,
        average_score=as_number(consensus.public_average_score),
        top_critics=TopCriticFigures(
            review_count=consensus.top_critic_review_count,
            percent_positive=consensus.public_top_critic_percent_positive,
            average_score=as_number(consensus.public_top_critic_average_score),
            provisional=consensus.top_critic_provisional,
        ),
        scored_count=consensus.scored_count,
        score_label=consensus.score_label or None,
        label=consensus.label,
        label_basis=consensus.label_basis or None,
        verdict_sources=VerdictSources(**_sources(consensus)),
        verdict_sources_summary=describe_verdict_sources(
            consensus.verdict_sources or {},
            rated=consensus.rated_count,
            scored=consensus.scored_count,
        ),
        agreement=as_number(consensus.agreement),
        majority_verdict=as_verdict(consensus.majority_verdict),
        provisional=consensus.provisional,
        statement=consensus.statement,
        statement_source=consensus.statement_source,
        citations=_citations(consensus, reviews, request),
        aspects=[Aspect(**aspect) for aspect in consensus.aspects],
        quotes=[
            _quote(reviews[review_id], request)
            for review_id in consensus.quote_review_ids
            if review_id in reviews
        ],
        dissent=Dissent(**_quote(dissent, request).model_dump(), score=as_number(dissent.score))
        if dissent
        else None,
        histogram=Histogram(verdicts=counts, scores=consensus.score_histogram or [0] * _SCORE_BINS),
    )


def _sources(consensus: FilmConsensus) -> dict[str, int]:
    stored = consensus.verdict_sources or {}
    return {source: stored.get(source, 0) for source in VERDICT_SOURCES}


def _quote(review: Review, request: HttpRequest) -> Quote:
    return Quote(
        critic=review.critic.name,
        publication=review.publication.name if review.publication else None,
        verdict=as_verdict(review.counted_verdict),
        text=review.quote,
        review_url=absolute_url(request, review.get_absolute_url()),
    )


def _citations(
    consensus: FilmConsensus, reviews: dict[int, Review], request: HttpRequest
) -> list[Citation]:
    # Citations back the generated statement only; an editor's statement has none.
    if consensus.statement_source != "generated":
        return []
    return [
        Citation(
            review_id=citation["review_id"],
            phrase=citation["phrase"],
            stance=citation.get("stance"),
            review_url=absolute_url(request, reviews[citation["review_id"]].get_absolute_url()),
        )
        for citation in consensus.statement_citations
        if citation["review_id"] in reviews
    ]
