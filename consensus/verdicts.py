"""Whether a review is positive, mixed or negative, and who decided: a rating, the critic,
an editor, or a text-model suggestion an editor accepted."""

import math
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "MIXED_FROM",
    "POSITIVE_FROM",
    "VERDICT_SOURCES",
    "Verdict",
    "describe_score_verdict",
    "describe_verdict_sources",
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


def describe_score_verdict(score: Decimal) -> str:
    """The rule verdict_from_score applied to a score, in words: "75.0 is 60 or more: positive"."""
    verdict = verdict_from_score(score)
    if verdict is Verdict.POSITIVE:
        return f"{score} is {POSITIVE_FROM} or more: positive"
    if verdict is Verdict.MIXED:
        return f"{score} is from {MIXED_FROM} up to {POSITIVE_FROM}: mixed"
    return f"{score} is below {MIXED_FROM}: negative"


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


# Review.VerdictSource's values, in the order readers are told about them.
RATING, CRITIC, EDITOR, MODEL = VERDICT_SOURCES = ("rating", "critic", "editor", "model")


# How each source reads in a sentence: (one verdict, several verdicts).
_SOURCE_WORDS = {
    RATING: ("comes from the critic's rating", "come from the critics' ratings"),
    CRITIC: ("was chosen by the critic", "were chosen by the critics themselves"),
    # An editor may also overrule a rating that misreads its review, so "with no
    # rating" is said only when no review of the film has one.
    EDITOR: ("is an editor's reading of the review", "are editors' readings of the reviews"),
    MODEL: (
        "is a text-model suggestion accepted by an editor",
        "are text-model suggestions accepted by an editor",
    ),
}
_EDITOR_WITHOUT_RATINGS = (
    "is an editor's reading of a review with no rating",
    "are editors' readings of reviews with no rating",
)


def describe_verdict_sources(sources: Mapping[str, int], *, rated: int, scored: int) -> str:
    """Where a film's ``rated`` counted verdicts come from, in words; "" with none.

    ``scored`` is how many of the film's reviews have a score (a rating). Largest
    share first: "4 of 4 verdicts are editors' readings of reviews with no rating.",
    "9 of 12 verdicts come from the critics' ratings; 3 are editors' readings of the
    reviews."
    """
    present = sorted(
        ((count, source) for source, count in sources.items() if count and source in _SOURCE_WORDS),
        key=lambda pair: (-pair[0], VERDICT_SOURCES.index(pair[1])),
    )
    if not rated or not present:
        return ""
    words_for = {**_SOURCE_WORDS, EDITOR: _EDITOR_WITHOUT_RATINGS} if not scored else _SOURCE_WORDS
    clauses: list[str] = []
    for count, source in present:
        words = words_for[source][count != 1]
        if clauses:
            clauses.append(f"{count} {words}")
        else:
            noun = "verdict" if rated == 1 else "verdicts"
            clauses.append(f"{count} of {rated} {noun} {words}")
    return "; ".join(clauses) + "."
