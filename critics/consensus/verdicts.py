"""Whether a review is positive, mixed or negative: an editor's call, or read off the score."""

import math
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "MIXED_FROM",
    "POSITIVE_FROM",
    "Verdict",
    "effective_verdict",
    "parse_verdict",
    "verdict_from_score",
]

POSITIVE_FROM = 60
MIXED_FROM = 40


class Verdict(StrEnum):
    POSITIVE = "positive"
    MIXED = "mixed"
    NEGATIVE = "negative"


_NAMES: dict[str, Verdict] = {
    "positive": Verdict.POSITIVE,
    "mixed": Verdict.MIXED,
    "negative": Verdict.NEGATIVE,
    # Tomatometer wording, common in imported data.
    "fresh": Verdict.POSITIVE,
    "rotten": Verdict.NEGATIVE,
}


def verdict_from_score(score: Decimal | float | None) -> Verdict | None:
    """60 and above is positive, 40 up to 60 is mixed, below 40 negative; no score, no verdict."""
    if score is None:
        return None
    if (isinstance(score, Decimal) and score.is_nan()) or (
        isinstance(score, float) and math.isnan(score)
    ):
        raise ValueError("a score of NaN has no verdict")
    if score >= POSITIVE_FROM:
        return Verdict.POSITIVE
    if score >= MIXED_FROM:
        return Verdict.MIXED
    return Verdict.NEGATIVE


def parse_verdict(text: str | None) -> Verdict | None:
    """Read a verdict written by an editor or found in imported data; blank means none."""
    if text is None:
        return None
    name = str(text).strip().casefold()
    if not name:
        return None
    try:
        return _NAMES[name]
    except KeyError:
        raise ValueError(
            f"{text!r} is not a verdict: use positive, mixed or negative (or fresh / rotten)"
        ) from None


def effective_verdict(*, explicit: str | None, score: Decimal | float | None) -> Verdict | None:
    """The verdict that counts: an explicit one wins, else the score's, else ``None`` (unrated).

    Unrated reviews are still shown on pages but are left out of the consensus numbers.
    """
    return parse_verdict(explicit) or verdict_from_score(score)
