"""A film's consensus: the one service that rebuilds it, run on commit after any change.

Callers (the admin, the importer, publishing, management commands) say which films
changed; nothing in save() or signals does this behind their backs.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Case, Min, Value, When
from django.utils import timezone

from critics.consensus.aggregate import (
    ANALYSIS_VERSION,
    QuoteCandidate,
    analyse_aspects,
    select_quotes,
    summarise_aspects,
)
from critics.consensus.aspects import ReviewText
from critics.consensus.figures import ReviewFacts, compute_figures
from critics.consensus.ratings import parse_rating
from critics.consensus.statement import choose_quote, generate_statement
from critics.consensus.suggest import suggest_verdict
from critics.consensus.verdicts import Verdict, effective_verdict
from critics.models import FilmConsensus, Review
from films.models import Film


def score_review(review: Review) -> None:
    """Set score and counted verdict from the stored rating and verdict.

    Raises RatingError when the rating cannot be read.
    """
    scale = review.publication.rating_scale if review.publication_id else None
    review.score = parse_rating(review.rating, scale=scale)
    review.counted_verdict = effective_verdict(explicit=review.verdict, score=review.score)


def analyse_review_text(review: Review) -> None:
    """Pick the review's quote and store what its text says (aspects, suggested verdict)."""
    text = ReviewText(
        review_id=review.pk or 0,
        body=review.body,
        pull_quote=review.pull_quote,
        verdict=review.counted_verdict,
    )
    review.quote = choose_quote(text) if (review.body or review.pull_quote) else ""
    suggestion = suggest_verdict(review.body)
    review.analysis = {
        "version": ANALYSIS_VERSION,
        **analyse_aspects(text),
        "suggestion": {"verdict": suggestion.verdict, "confidence": suggestion.confidence}
        if suggestion
        else None,
    }


_HAS_QUOTE = Case(
    When(quote="", then=Value(False)), default=Value(True), output_field=BooleanField()
)


def _evidence_of(review_ids: set[int]) -> dict[int, dict]:
    return dict(Review.objects.filter(pk__in=review_ids).values_list("pk", "analysis__evidence"))


def refresh_consensus_on_commit(film_ids) -> None:
    """Recompute these films' consensus once the current transaction commits."""
    ids = sorted({film_id for film_id in film_ids if film_id is not None})
    if ids:
        transaction.on_commit(lambda: [recompute_film_consensus(film_id) for film_id in ids])


def recompute_film_consensus(film_id: int) -> FilmConsensus | None:
    """Rebuild one film's stored consensus from its published reviews."""
    with transaction.atomic():
        # Serialise recomputes of one film so the last writer saw every commit before it.
        film = Film.objects.select_for_update().filter(pk=film_id).only("pk", "title").first()
        if film is None:
            return None
        # Only small columns and each review's compact aspect marks cross the wire;
        # evidence text is fetched for the few reviews the statement may quote.
        rows = list(
            Review.objects.published()
            .filter(film_id=film_id)
            .order_by("pk")
            .annotate(has_quote=_HAS_QUOTE)
            .values_list(
                "pk",
                "score",
                "counted_verdict",
                "critic__is_top_critic",
                "has_quote",
                "analysis__marks",
            )
        )
        facts = [
            ReviewFacts(pk, score, Verdict(verdict) if verdict else None, bool(top))
            for pk, score, verdict, top, _has_quote, _marks in rows
        ]
        figures = compute_figures(facts, min_reviews=settings.CONSENSUS_MIN_REVIEWS)
        aspects = summarise_aspects(((row[0], row[5]) for row in rows), _evidence_of)
        statement = generate_statement(
            film_title=film.title,
            percent_positive=figures.percent_positive,
            rated_count=figures.rated_count,
            provisional=figures.provisional,
            aspects=aspects,
        )
        quote_ids = select_quotes(
            [
                QuoteCandidate(f.review_id, f.verdict, f.is_top_critic, bool(row[4]))
                for f, row in zip(facts, rows, strict=True)
            ]
        )
        top = figures.top_critics
        consensus, _ = FilmConsensus.objects.update_or_create(
            film_id=film_id,
            defaults={
                "review_count": figures.review_count,
                "positive_count": figures.counts.positive,
                "mixed_count": figures.counts.mixed,
                "negative_count": figures.counts.negative,
                "unrated_count": figures.counts.unrated,
                "percent_positive": figures.percent_positive,
                "average_score": figures.average_score,
                "provisional": figures.provisional,
                "label": figures.label,
                "label_basis": figures.label_basis or "",
                "agreement": figures.agreement,
                "majority_verdict": figures.majority_verdict,
                "top_critic_review_count": top.review_count,
                "top_critic_percent_positive": top.percent_positive,
                "top_critic_average_score": top.average_score,
                "top_critic_provisional": top.provisional,
                "score_histogram": list(figures.histogram.scores),
                "aspects": [
                    {
                        "name": a.name,
                        "mentions": a.mentions,
                        "positive": a.positive,
                        "negative": a.negative,
                    }
                    for a in aspects
                ],
                "quote_review_ids": quote_ids,
                "dissent_review_id": figures.dissent_review_id,
                "generated_statement": statement.text,
                "statement_citations": [
                    {"review_id": c.review_id, "phrase": c.phrase} for c in statement.citations
                ],
                "computed_at": timezone.now(),
                "next_change_at": Review.objects.scheduled()
                .filter(film_id=film_id)
                .aggregate(next=Min("publish_at"))["next"],
            },
        )
    return consensus


def refresh_due_consensus(*, now=None, limit: int = 50) -> int:
    """Rebuild consensus rows whose scheduled reviews have gone live since they were built.

    Scheduled publication needs no job: readers call this first (one indexed query
    when nothing is due) so a review that went live is counted at once.
    """
    due = list(
        FilmConsensus.objects.filter(next_change_at__lte=now or timezone.now())
        .order_by("next_change_at")
        .values_list("film_id", flat=True)[:limit]
    )
    for film_id in due:
        recompute_film_consensus(film_id)
    return len(due)
