"""A film's consensus: the one service that rebuilds it, run on commit after any change.

Callers (the admin, the importer, publishing, management commands) say which films
changed; nothing in save() or signals does this behind their backs.
"""

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from functools import lru_cache, partial
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, FloatField, IntegerField, Min, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.tasks import task
from django.utils import timezone

from consensus.film import FilmConsensusResult, FilmTally
from consensus.marks import compact_marks
from consensus.ratings import parse_rating
from consensus.verdicts import Verdict, effective_verdict
from core.content_version import content_changed
from critics.models import FilmConsensus, Review
from critics.models.content import ReviewQuerySet
from critics.services.review_text import text_fields
from films.models import Credit, Film

# Evidence ids per query in the whole-catalogue rebuild (well under SQLite's
# limit on query parameters).
_EVIDENCE_BATCH = 5000


def score_review(review: Review) -> None:
    """Set score, counted verdict and the verdict's source from the stored rating and verdict.

    Whoever sets an explicit verdict names its source first (the admin form, the bulk
    accept of suggestions, the importer); this only keeps the rule true on every path.
    Raises RatingError when the rating cannot be read.
    """
    publication = review.publication if review.publication_id else None
    scale = publication.rating_scale if publication else None
    review.score, review.counted_verdict = rating_outcome(review.rating, scale, review.verdict)
    review.verdict_source = verdict_source_of(
        verdict=review.verdict, source=review.verdict_source, counted_verdict=review.counted_verdict
    )


# Ratings repeat ("3/4", "B+"): an import of 20,000 reviews reads a few hundred.
@lru_cache(maxsize=4096)
def rating_outcome(
    rating: str, scale: int | None, verdict: str | None
) -> tuple[Decimal | None, Verdict | None]:
    """(score, counted verdict) of a rating on a publication's scale and an editor's verdict.

    Raises RatingError when the rating cannot be read.
    """
    score = parse_rating(rating, scale=scale)
    return score, effective_verdict(explicit=verdict, score=score)


_SET_BY_HAND = frozenset(
    {Review.VerdictSource.CRITIC, Review.VerdictSource.EDITOR, Review.VerdictSource.MODEL}
)


def verdict_source_of(
    *, verdict: str | None, source: str | None, counted_verdict: str | None
) -> str | None:
    """Where a counted verdict comes from: None exactly when unrated.

    An explicit verdict keeps the source its setter gave it; with none (or "rating",
    left over from before the verdict was set) it is an editor's reading, as every
    hand-set verdict was before sources were recorded. Otherwise a counted verdict can
    only come from the rating.
    """
    if counted_verdict is None:
        return None
    if verdict:
        return source if source in _SET_BY_HAND else Review.VerdictSource.EDITOR
    return Review.VerdictSource.RATING


def analyse_review_text(review: Review, *, names: frozenset[str] | None = None) -> None:
    """Pick the review's quote and store what its text says (aspects, suggested verdict).

    names: lower-cased words of the film's title and credited names, which are never
    taken for aspect keywords ("Song" in "Celine Song"); looked up when not given.
    """
    if names is None:
        names = film_name_words(review.film_id) if review.film_id else frozenset()
    fields = text_fields(
        review_id=review.pk or 0,
        body=review.body,
        pull_quote=review.pull_quote,
        verdict=review.counted_verdict,
        names=names,
    )
    for name, value in fields.items():
        setattr(review, name, value)


def analyse_reviews_text(reviews: Collection[Review]) -> None:
    """analyse_review_text for many reviews, their films' names looked up once."""
    names = name_words_of_films({review.film_id for review in reviews if review.film_id})
    for review in reviews:
        analyse_review_text(review, names=names.get(review.film_id, frozenset()))


def film_name_words(film_id: int) -> frozenset[str]:
    """Lower-cased words of a film's title and of its credited people's names."""
    return name_words_of_films([film_id]).get(film_id, frozenset())


def name_words_of_films(film_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """{film id: lower-cased words of its title and credited names}, in two queries."""
    texts: dict[int, list[str]] = {}
    for film_id, title in Film.objects.filter(pk__in=film_ids).values_list("pk", "title"):
        texts.setdefault(film_id, []).append(title)
    credits = Credit.objects.filter(film_id__in=film_ids).values_list("film_id", "person__name")
    for film_id, name in credits:
        texts.setdefault(film_id, []).append(name)
    return {film_id: name_words(*found) for film_id, found in texts.items()}


def name_words(*names: str) -> frozenset[str]:
    """The lower-cased words of a film's title and credited names."""
    return frozenset(word for name in names for word in name.lower().split())


# What a consensus reads of each published review; see consensus.film. Plain
# numbers rather than Decimal and bool columns: Django's per-row converters for those
# were a quarter of the read time on SQLite (a score has one decimal place, which the
# float's shortest repr gives back exactly).
_ROW_EXPRESSIONS = {
    "score_value": Cast("score", FloatField()),
    # The review's own flag: a critic's top status can differ between outlets and years.
    "by_top_critic": Cast("is_top_critic", IntegerField()),
    "has_quote": Case(When(quote="", then=Value(0)), default=Value(1), output_field=IntegerField()),
}
_ROW_FIELDS = (
    "pk",
    "score_value",
    "counted_verdict",
    "verdict_source",
    "by_top_critic",
    "has_quote",
    "consensus_marks",
)
_MARKS = _ROW_FIELDS.index("consensus_marks")


def _consensus_rows(reviews: ReviewQuerySet, *fields: str) -> QuerySet[Review, tuple[Any, ...]]:
    return reviews.published().annotate(**_ROW_EXPRESSIONS).values_list(*fields, *_ROW_FIELDS)


def _with_marks(rows: list[tuple]) -> list[tuple]:
    """Rows written before consensus_marks existed get it from their stored analysis."""
    missing = [row[0] for row in rows if row[_MARKS] is None]
    if not missing:
        return rows
    marks = {
        pk: compact_marks(stored)
        for pk, stored in Review.objects.filter(pk__in=missing).values_list("pk", "analysis__marks")
    }
    return [row if row[_MARKS] is not None else (*row[:_MARKS], marks[row[0]]) for row in rows]


def _evidence_of(wanted: Iterable[Mapping[str, Iterable[int]]]) -> dict[int, dict]:
    """{review_id: {aspect: evidence}} for each {aspect: review ids} wanted.

    One query per aspect, reading that aspect's evidence alone: decoding every review's
    whole evidence (sentences included) was most of the cost.
    """
    by_aspect: dict[str, set[int]] = {}
    for film_wanted in wanted:
        for aspect, review_ids in film_wanted.items():
            by_aspect.setdefault(aspect, set()).update(review_ids)
    evidence: dict[int, dict] = {}
    for aspect, review_ids in sorted(by_aspect.items()):
        ids = sorted(review_ids)
        for start in range(0, len(ids), _EVIDENCE_BATCH):
            found = Review.objects.filter(pk__in=ids[start : start + _EVIDENCE_BATCH])
            for pk, text in found.values_list("pk", f"analysis__evidence__{aspect}"):
                evidence.setdefault(pk, {})[aspect] = text
    return evidence


def _stored_fields(
    result: FilmConsensusResult, next_change_at: datetime | None, computed_at: datetime
) -> dict[str, Any]:
    """FilmConsensus fields from a computed consensus (the editor's statement is kept)."""
    figures, top = result.figures, result.figures.top_critics
    return {
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
        "scored_count": figures.scored_count,
        "score_label": figures.score_label,
        "verdict_sources": figures.verdict_sources,
        "agreement": figures.agreement,
        "majority_verdict": figures.majority_verdict,
        "top_critic_review_count": top.review_count,
        "top_critic_percent_positive": top.percent_positive,
        "top_critic_average_score": top.average_score,
        "top_critic_provisional": top.provisional,
        "score_histogram": list(figures.histogram.scores),
        "aspects": [
            {"name": a.name, "mentions": a.mentions, "positive": a.positive, "negative": a.negative}
            for a in result.aspects
        ],
        "quote_review_ids": result.quote_review_ids,
        "dissent_review_id": figures.dissent_review_id,
        "generated_statement": result.statement.text,
        "statement_citations": [
            {"review_id": c.review_id, "phrase": c.phrase, "stance": c.stance}
            for c in result.statement.citations
        ],
        "computed_at": computed_at,
        "next_change_at": next_change_at,
    }


# Everything but the film and the editor's own statement.
_COMPUTED_FIELDS = [
    field.name
    for field in FilmConsensus._meta.concrete_fields
    if field.name not in ("film", "editor_statement")
]


def refresh_consensus_on_commit(film_ids: Iterable[int | None]) -> None:
    """Recompute these films' consensus once the current transaction commits."""
    ids = sorted({film_id for film_id in film_ids if film_id is not None})
    if ids:
        transaction.on_commit(partial(recompute_consensus.enqueue, ids))


@task
def recompute_consensus(film_ids: list[int]) -> int:
    """Rebuild these films' consensus; returns how many films.

    A task so the TASKS backend decides where it runs: in the request with the default
    ImmediateBackend, which logs a failure (an ERROR) instead of turning the editor's
    already committed save into a server error; check_consensus reports the film.
    Imports and the admin's "recompute" action rebuild inline instead: their figures
    must be stored before they answer.
    """
    for film_id in film_ids:
        recompute_film_consensus(film_id)
    return len(film_ids)


def recompute_film_consensus(film_id: int) -> FilmConsensus | None:
    """Rebuild one film's stored consensus from its published reviews."""
    with transaction.atomic():
        # Serialise recomputes of one film so the last writer saw every commit before it.
        film = Film.objects.select_for_update().filter(pk=film_id).only("pk", "title").first()
        if film is None:
            return None
        # Only small columns and each review's compact marks cross the wire; evidence
        # text is fetched for the few reviews the statement may quote.
        rows = _with_marks(
            list(_consensus_rows(Review.objects.filter(film_id=film_id)).order_by("pk"))
        )
        tally = FilmTally(rows, min_reviews=settings.CONSENSUS_MIN_REVIEWS)
        result = tally.finish(film.title, _evidence_of([tally.evidence_wanted()]))
        next_change_at = (
            Review.objects.scheduled()
            .filter(film_id=film_id)
            .aggregate(next=Min("publish_at"))["next"]
        )
        consensus, _ = FilmConsensus.objects.update_or_create(
            film_id=film_id, defaults=_stored_fields(result, next_change_at, timezone.now())
        )
    return consensus


def recompute_every_film_consensus(*, films_per_batch: int = 500) -> int:
    """Rebuild every film's consensus, a batch of films per transaction; returns the count.

    Stores exactly what recompute_film_consensus would (both go through FilmTally),
    with a handful of queries per batch instead of per film. Each batch locks its
    films first, like the one-film recompute, so neither overwrites a newer result.
    """
    ranges, count = film_ranges(films_per_batch)
    for first, last in ranges:
        recompute_film_range(first, last)
    return count


def film_ranges(films_per_batch: int = 500) -> tuple[list[tuple[int, int]], int]:
    """Every film, as (first id, last id) ranges of films_per_batch films; and the count."""
    ids = list(Film.objects.order_by("pk").values_list("pk", flat=True))
    ranges = [
        (ids[start], ids[min(start + films_per_batch, len(ids)) - 1])
        for start in range(0, len(ids), films_per_batch)
    ]
    return ranges, len(ids)


def recompute_film_range(first: int, last: int) -> None:
    """Rebuild the films with ids from first to last in one transaction."""
    # A range rather than a list of ids: one index range scan, a short query.
    _recompute_batch(Q(pk__gte=first, pk__lte=last), Q(film_id__gte=first, film_id__lte=last))


def recompute_films_consensus(film_ids: Iterable[int], *, films_per_batch: int = 500) -> int:
    """Rebuild these films' consensus (say, an import's films) as the whole-catalogue
    rebuild does, a batch of films per transaction; returns the count."""
    ids = sorted(set(film_ids))
    for start in range(0, len(ids), films_per_batch):
        batch = ids[start : start + films_per_batch]
        _recompute_batch(Q(pk__in=batch), Q(film_id__in=batch))
    return len(ids)


def _recompute_batch(films: Q, reviews: Q) -> None:
    """One transaction: lock the films, read their reviews once, upsert their rows."""
    with transaction.atomic():
        # An import holds these locks until its whole transaction commits. NO KEY UPDATE
        # still serialises recomputes, but lets an editor's new review of one of the films
        # commit meanwhile (its foreign key check takes KEY SHARE on the film at commit);
        # id order keeps two imports, each holding several batches, from crossing.
        locked = Film.objects.select_for_update(no_key=True).filter(films).order_by("pk")
        titles = dict(locked.values_list("pk", "title"))
        rows = _consensus_rows(Review.objects.filter(reviews), "film_id")
        tallies = {
            film_id: FilmTally(
                _with_marks([row[1:] for row in group]),
                min_reviews=settings.CONSENSUS_MIN_REVIEWS,
            )
            for film_id, group in groupby(rows.order_by("film_id", "pk"), itemgetter(0))
        }
        empty = FilmTally((), min_reviews=settings.CONSENSUS_MIN_REVIEWS)
        evidence = _evidence_of(t.evidence_wanted() for t in tallies.values())
        next_changes = dict(
            Review.objects.scheduled()
            .filter(reviews)
            .values_list("film_id")
            .annotate(next=Min("publish_at"))
            .order_by()
        )
        now = timezone.now()
        content_changed()  # bulk writes send no signal for the page cache to hear
        FilmConsensus.objects.bulk_create(
            [
                FilmConsensus(
                    film_id=film_id,
                    **_stored_fields(
                        tallies.get(film_id, empty).finish(title, evidence),
                        next_changes.get(film_id),
                        now,
                    ),
                )
                for film_id, title in titles.items()
            ],
            update_conflicts=True,
            unique_fields=["film"],
            update_fields=_COMPUTED_FIELDS,
        )


def refresh_due_consensus(*, now: datetime | None = None, limit: int = 50) -> int:
    """Rebuild consensus rows whose scheduled reviews have gone live since they were built.

    Scheduled publication needs no job: every request for a page or the API calls this
    first (critics/middleware.py; one indexed query when nothing is due), so a review
    that went live is counted at once.
    """
    due = list(
        FilmConsensus.objects.filter(next_change_at__lte=now or timezone.now())
        .order_by("next_change_at")
        .values_list("film_id", flat=True)[:limit]
    )
    for film_id in due:
        recompute_film_consensus(film_id)
    return len(due)
