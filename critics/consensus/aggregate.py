"""Storing one review's text analysis, and adding stored analyses up for a film.

Text analysis (sentence sentiment per aspect) is the slow part of a consensus, so
it runs once per review when the review is saved; a film's recompute only adds
the stored results up. merge_aspects over the stored analyses gives the same
result as find_aspects over all the reviews at once, because find_aspects judges
each review on its own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from critics.consensus.aspects import AspectSummary, Evidence, ReviewText, find_aspects
from critics.consensus.verdicts import Verdict

ANALYSIS_VERSION = 1


def analyse_aspects(review: ReviewText) -> list[dict]:
    """One review's aspect mentions as JSON-ready dicts (no review id: the row has it)."""
    return [
        {
            "name": summary.name,
            "positive": summary.positive,
            "negative": summary.negative,
            "sentence": evidence.sentence,
            "phrase": evidence.phrase,
            "compound": evidence.compound,
        }
        for summary in find_aspects([review])
        for evidence in summary.evidence
    ]


def merge_aspects(stored: Iterable[tuple[int, Sequence[dict]]]) -> list[AspectSummary]:
    """Add up (review_id, stored aspect mentions) pairs, in the order given."""
    totals: dict[str, list] = {}
    for review_id, mentions in stored:
        for mention in mentions:
            entry = totals.setdefault(mention["name"], [0, 0, []])
            entry[0] += mention["positive"]
            entry[1] += mention["negative"]
            entry[2].append(
                Evidence(review_id, mention["sentence"], mention["phrase"], mention["compound"])
            )
    summaries = [
        AspectSummary(name, len(evidence), positive, negative, tuple(evidence))
        for name, (positive, negative, evidence) in totals.items()
    ]
    summaries.sort(key=lambda s: (-s.mentions, s.name))
    return summaries


@dataclass(frozen=True)
class QuoteCandidate:
    review_id: int
    verdict: Verdict | None
    is_top_critic: bool
    has_quote: bool


def select_quotes(candidates: Sequence[QuoteCandidate], *, limit: int = 12) -> list[int]:
    """Review ids whose quotes represent the film: at most one per review.

    Slots are shared out in proportion to the verdict counts (every verdict present
    gets at least one), top critics first, then earliest review; unrated reviews
    are quoted only when no rated review has a quote.
    """
    quotable = [c for c in candidates if c.has_quote]
    rated = [c for c in quotable if c.verdict is not None]
    pool = rated or quotable
    groups: dict[Verdict | None, list[QuoteCandidate]] = {}
    for candidate in sorted(pool, key=lambda c: (not c.is_top_critic, c.review_id)):
        groups.setdefault(candidate.verdict, []).append(candidate)
    total = len(pool)
    order = [Verdict.POSITIVE, Verdict.MIXED, Verdict.NEGATIVE, None]
    present = [v for v in order if v in groups]
    slots = {v: max(1, (limit * len(groups[v])) // total) for v in present} if total else {}
    chosen: list[int] = []
    for verdict in present:
        chosen.extend(c.review_id for c in groups[verdict][: slots[verdict]])
    # Fill slots that rounding left empty, largest groups first.
    leftovers = [c for v in present for c in groups[v][slots[v] :]]
    leftovers.sort(key=lambda c: (-len(groups[c.verdict]), not c.is_top_critic, c.review_id))
    chosen.extend(c.review_id for c in leftovers[: max(0, limit - len(chosen))])
    return chosen[:limit]
