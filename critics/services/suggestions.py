"""Accepting the text model's suggested verdicts: an editor's decision, recorded as such.

The suggestion is stored in ``review.analysis["suggestion"]`` ({"verdict", "confidence"},
or None for a review with no text). It never counts by itself: only once an editor
accepts it does it become the review's verdict, with the source "model" and the editor
named in the revision history.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NotRequired, TypedDict, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from critics import permissions
from critics.models import Review
from critics.permissions import Viewer
from critics.services.consensus import refresh_consensus_on_commit
from critics.services.reviews import save_review

ACCEPT = "accept"
# Why a selected review was left alone, in the order the editor is told.
ALREADY_COUNTED = "already counted"
NO_SUGGESTION = "no suggestion"
MIXED_LEFT_OUT = "mixed"
BELOW_THRESHOLD = "below threshold"
SKIP_REASONS = (ALREADY_COUNTED, NO_SUGGESTION, MIXED_LEFT_OUT, BELOW_THRESHOLD)

# Confidence bands of the admin's list filter: (lowest included, first excluded).
CONFIDENCE_BANDS: dict[str, tuple[float | None, float | None]] = {
    "high": (0.9, None),
    "medium": (0.7, 0.9),
    "low": (None, 0.7),
}


class Suggestion(TypedDict):
    """The text model's suggestion as stored in the review's analysis (JSON)."""

    verdict: str
    confidence: NotRequired[float | None]


def suggestion_of(review: Review) -> Suggestion | None:
    """The stored suggestion ({"verdict", "confidence"}), or None when there is none."""
    suggestion = (review.analysis or {}).get("suggestion")
    if isinstance(suggestion, dict) and suggestion.get("verdict"):
        return cast(Suggestion, suggestion)
    return None


def unrated(queryset: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews that count for nothing yet: no verdict and no readable rating."""
    return queryset.filter(counted_verdict__isnull=True)


def unrated_with_suggestion(
    queryset: QuerySet[Review], band: str | None = None
) -> QuerySet[Review]:
    """Unrated reviews whose text gave a suggestion, optionally in a confidence band."""
    # A nested key exists only when the suggestion is an object, not JSON null.
    found = unrated(queryset).filter(analysis__suggestion__verdict__isnull=False)
    if band is not None:
        low, high = CONFIDENCE_BANDS[band]
        if low is not None:
            found = found.filter(analysis__suggestion__confidence__gte=low)
        if high is not None:
            found = found.filter(analysis__suggestion__confidence__lt=high)
    return found


def unrated_without_suggestion(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return unrated(queryset).exclude(analysis__suggestion__verdict__isnull=False)


def counts_already(counted_verdict: str | None, rating: str) -> bool:
    """Rated reviews keep their own verdict; an unreadable rating is for an editor to fix."""
    return counted_verdict is not None or bool(rating.strip())


def decide(
    *,
    counted_verdict: str | None,
    rating: str,
    suggestion: Suggestion | None,
    min_confidence: float | Decimal,
    include_mixed: bool,
) -> str:
    """ACCEPT, or the reason (one of SKIP_REASONS) a review's suggestion is not accepted."""
    if counts_already(counted_verdict, rating):
        return ALREADY_COUNTED
    if not suggestion or not suggestion.get("verdict"):
        return NO_SUGGESTION
    if suggestion["verdict"] == Review.Verdict.MIXED and not include_mixed:
        return MIXED_LEFT_OUT
    if Decimal(str(suggestion.get("confidence") or 0)) < Decimal(str(min_confidence)):
        return BELOW_THRESHOLD
    return ACCEPT


@dataclass
class AcceptResult:
    accepted: list[Review] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many


def band_of(confidence: float) -> str:
    """The CONFIDENCE_BANDS name a confidence falls in."""
    for name, (low, high) in CONFIDENCE_BANDS.items():
        if (low is None or confidence >= low) and (high is None or confidence < high):
            return name
    raise ValueError(f"no band for confidence {confidence!r}")


@dataclass
class SelectionSummary:
    """What a selection holds, for the editor choosing a threshold."""

    already_counted: int = 0
    no_suggestion: int = 0
    # (band, suggested verdict) -> how many unrated reviews
    suggested: Counter[tuple[str, str]] = field(default_factory=Counter)


def summarise_selection(queryset: QuerySet[Review]) -> SelectionSummary:
    summary = SelectionSummary()
    rows = queryset.values_list("counted_verdict", "rating", "analysis__suggestion")
    for counted_verdict, rating, suggestion in rows.iterator(chunk_size=2000):
        if counts_already(counted_verdict, rating):
            summary.already_counted += 1
        elif not isinstance(suggestion, dict) or not suggestion.get("verdict"):
            summary.no_suggestion += 1
        else:
            band = band_of(float(suggestion.get("confidence") or 0))
            summary.suggested[band, suggestion["verdict"]] += 1
    return summary


def accept_suggested_verdicts(
    *,
    queryset: QuerySet[Review],
    min_confidence: float | Decimal,
    by: Viewer,
    include_mixed: bool = False,
) -> AcceptResult:
    """Make the suggestion the verdict of every unrated review in ``queryset`` whose
    suggestion is at least ``min_confidence`` sure ("mixed" ones only if
    ``include_mixed``); every other review is left as it was and counted by reason.

    Each accepted review is saved through save_review (score, source, text analysis),
    with the editor and the suggestion in its revision history; each film's consensus
    is rebuilt once, on commit. Only editors may do this.
    """
    if by is None or not by.has_perm(permissions.ACCEPT_SUGGESTED_VERDICTS):
        raise PermissionDenied("Only editors may accept suggested verdicts.")
    result = AcceptResult()
    films: set[int] = set()
    with transaction.atomic():
        # Lock the reviews only (PostgreSQL refuses FOR UPDATE on an outer join's
        # nullable side); the publication is read for the rating's scale.
        locked = queryset.select_related(None).prefetch_related(None).select_related("publication")
        for review in locked.select_for_update(of=("self",)).order_by("pk"):
            suggestion = suggestion_of(review)
            outcome = decide(
                counted_verdict=review.counted_verdict,
                rating=review.rating,
                suggestion=suggestion,
                min_confidence=min_confidence,
                include_mixed=include_mixed,
            )
            if outcome != ACCEPT or suggestion is None:  # (ACCEPT implies a suggestion)
                result.skipped[outcome] += 1
                continue
            review.verdict = suggestion["verdict"]
            review.verdict_source = Review.VerdictSource.MODEL
            review._history_user = by
            confidence = float(suggestion.get("confidence") or 0)
            review._change_reason = (
                f"Accepted the text model's suggested verdict, {suggestion['verdict']} "
                f"(confidence {confidence:.2f}; threshold {float(min_confidence):.2f})"
            )
            save_review(review=review, refresh=False)
            del review._change_reason  # this save only, not later ones of the same object
            result.accepted.append(review)
            films.add(review.film_id)
        refresh_consensus_on_commit(films)  # once per film, not once per review
    return result
