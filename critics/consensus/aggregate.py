"""Storing one review's text analysis, and adding stored analyses up for a film.

Text analysis (sentence sentiment per aspect) is the slow part of a consensus, so it
runs once per review when the review is saved. Each review stores, per aspect, a
compact "mark" (its lean and how good a quote its evidence makes) and, separately,
the evidence text. A film's recompute reads only the marks, keeps the best few quote
candidates per aspect and direction, and fetches the evidence text of those reviews
alone. Counts are exact; the statement is the same as over all the evidence because
it picks at most MAX_STATEMENT_ITEMS quotes, each the best not already used.
"""

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from critics.consensus.aspects import AspectSummary, Evidence, ReviewText, find_aspects
from critics.consensus.statement import phrase_judges, quotable, quote_direction, quote_rank
from critics.consensus.verdicts import Verdict

ANALYSIS_VERSION = 2
# The statement quotes at most 5 items (3 praised, 2 criticised), each excluding the
# reviews and phrases already used: the best 11 candidates always hold its pick.
MAX_STATEMENT_ITEMS = 5
CANDIDATES_PER_DIRECTION = 2 * MAX_STATEMENT_ITEMS + 1


def analyse_aspects(review: ReviewText) -> dict:
    """One review's aspect marks and evidence, JSON-ready (the row holds the review id).

    A mark is [lean (1, -1 or 0), compound, phrase judges praise, phrase judges
    criticism, phrase length].
    """
    marks, evidence = {}, {}
    for summary in find_aspects([review]):
        (found,) = summary.evidence
        lean = 1 if summary.positive else -1 if summary.negative else 0
        marks[summary.name] = [
            lean,
            found.compound,
            phrase_judges(found.phrase, 1),
            phrase_judges(found.phrase, -1),
            len(found.phrase),
        ]
        evidence[summary.name] = {
            "sentence": found.sentence,
            "phrase": found.phrase,
            "compound": found.compound,
        }
    return {"marks": marks, "evidence": evidence}


@dataclass(slots=True)
class _Tally:
    mentions: int = 0
    positive: int = 0
    negative: int = 0


def summarise_aspects(
    marks_by_review: Iterable[tuple[int, Mapping | None]],
    fetch_evidence: Callable[[set[int]], Mapping[int, Mapping]],
) -> list[AspectSummary]:
    """Aspect summaries from stored marks, in the order given (earliest review first).

    fetch_evidence(review_ids) returns {review_id: {aspect name: evidence dict}}.
    """
    tallies: dict[str, _Tally] = {}
    entries: dict[str, list] = {}
    for position, (review_id, marks) in enumerate(marks_by_review):
        for name, mark in (marks or {}).items():
            tally = tallies.get(name) or tallies.setdefault(name, _Tally())
            tally.mentions += 1
            tally.positive += mark[0] == 1
            tally.negative += mark[0] == -1
            entries.setdefault(name, []).append((position, review_id, *mark[1:]))
    chosen = {name: _candidates(entries[name], _signs(tallies, name)) for name in tallies}
    wanted = {review_id for picks in chosen.values() for _, review_id in picks}
    texts = fetch_evidence(wanted) if wanted else {}
    summaries = [
        AspectSummary(
            name,
            tally.mentions,
            tally.positive,
            tally.negative,
            tuple(Evidence(review_id, **texts[review_id][name]) for _, review_id in chosen[name]),
        )
        for name, tally in tallies.items()
    ]
    summaries.sort(key=lambda s: (-s.mentions, s.name))
    return summaries


def _signs(tallies: Mapping[str, _Tally], name: str) -> list[int]:
    """The directions the statement may quote this aspect for (see statement._items)."""
    tally = tallies[name]
    anything_judged = any(t.positive > t.negative or t.negative for t in tallies.values())
    signs = [1] if tally.positive > tally.negative else []
    if tally.negative:
        signs.append(-1)
    return signs if anything_judged else [0]


def _candidates(entries: Sequence[tuple], signs: Sequence[int]) -> list[tuple[int, int]]:
    """(position, review_id) of the best quote candidates, in review order."""
    picks = set()
    for sign in signs:
        ranked = [
            (
                *quote_rank(
                    praise if quote_direction(compound, sign) == 1 else criticism,
                    length,
                    compound,
                ),
                position,
                review_id,
            )
            for position, review_id, compound, praise, criticism, length in entries
            if quotable(length, compound, sign)
        ]
        picks.update(entry[-2:] for entry in heapq.nsmallest(CANDIDATES_PER_DIRECTION, ranked))
    return sorted(picks)


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
    for verdict in sorted(present, key=lambda v: -len(groups[v])):
        room = limit - len(chosen)
        if room <= 0:
            break
        chosen.extend(c.review_id for c in groups[verdict][slots[verdict] : slots[verdict] + room])
    return chosen[:limit]
