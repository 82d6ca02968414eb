"""Storing one review's text analysis, and adding stored analyses up for a film.

Text analysis (sentence sentiment per aspect) is the slow part of a consensus, so it
runs once per review when the review is saved. Each review stores, per aspect, a
compact "mark" (its lean and how good a quote its evidence makes) and, separately,
the evidence text. A film's recompute reads only the marks (in their compact string
form, see marks.py), keeps the best few quote candidates of each aspect and direction
the statement may quote (at most five), and fetches the evidence text of those
reviews alone. Counts are exact; the statement is the same as over all the evidence
because it picks at most marks.MAX_STATEMENT_ITEMS quotes, each the best not already
used.
"""

from collections.abc import Sequence
from typing import NamedTuple

from consensus.aspects import ReviewText, review_aspects
from consensus.stance import PRAISE, side_probability
from consensus.verdicts import Verdict

# 3: the trained verdict model, stances and clause-bounded quotes (docs/consensus.md).
ANALYSIS_VERSION = 3


def analyse_aspects(review: ReviewText) -> dict:
    """One review's aspect marks and evidence, JSON-ready (the row holds the review id).

    A mark is [lean (1, -1 or 0), quotable side ("praise", "criticism" or None),
    strength (how surely the phrase is on that side), phrase length, phrase shortened].
    """
    marks: dict[str, list] = {}
    evidence = {}
    for found in review_aspects(review):
        lean = 0 if found.lean is None else 1 if found.lean == PRAISE else -1
        quoted = found.evidence
        if quoted is None:
            marks[found.name] = [lean, None, None, 0, False]
            continue
        strength = round(side_probability(quoted.probability, quoted.side), 6)
        marks[found.name] = [lean, quoted.side, strength, len(quoted.phrase), "…" in quoted.phrase]
        evidence[found.name] = {
            "sentence": quoted.sentence,
            "phrase": quoted.phrase,
            "probability": round(quoted.probability, 6),
            "side": quoted.side,
        }
    return {"marks": marks, "evidence": evidence}


class QuoteCandidate(NamedTuple):
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
    for verdict in sorted(present, key=lambda v: -len(groups[v])):
        room = limit - len(chosen)
        if room <= 0:
            break
        chosen.extend(c.review_id for c in groups[verdict][slots[verdict] : slots[verdict] + room])
    return chosen[:limit]
