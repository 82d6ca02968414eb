"""Compact aspect marks: the part of a review's analysis a film's consensus adds up.

A review's marks are one short string (the Review.consensus_marks column), one token per
aspect it mentions, e.g. ``performances++001050000``:

    aspect name | quote side | lean | 9-digit quote rank

- quote side: what the review's evidence on the aspect may be quoted as: ``+`` praise,
  ``-`` criticism, ``x`` nothing (no quotable phrase);
- lean: the review's lean on the aspect, ``+``, ``-`` or ``=`` (neutral);
- quote rank: statement.quote_rank as fixed-width digits (phrase is long, phrase is
  shortened, then one million minus the strength in millionths), so comparing the
  digits compares the ranks.

Reading and splitting these strings is far cheaper than decoding every review's
analysis JSON, and a film's recompute needs nothing else from it until it fetches the
evidence text of the few reviews it may quote.
"""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from consensus.aspects import AspectSummary, Evidence
from consensus.stance import CRITICISM, PRAISE
from consensus.statement import quote_rank, quoted_aspects

# The statement quotes at most 5 items (3 praised, 2 criticised), each excluding the
# reviews and phrases already used: the best 11 candidates always hold its pick.
MAX_STATEMENT_ITEMS = 5
CANDIDATES_PER_DIRECTION = 2 * MAX_STATEMENT_ITEMS + 1

_LEANS = {1: "+", -1: "-", 0: "="}
_SIDES = {PRAISE: "+", CRITICISM: "-", None: "x"}
_RANK_DIGITS = 9
_SCALE = 10**6


def compact_marks(marks: Mapping[str, Sequence] | None) -> str:
    """The marks of aggregate.analyse_aspects as one string, by aspect name.

    Sorted, so the same marks give the same string whatever order they were stored in
    (PostgreSQL's jsonb does not keep the order of keys).
    """
    tokens = []
    for name, mark in sorted((marks or {}).items()):
        lean, side, strength, length, shortened = mark
        if side not in _SIDES or lean not in _LEANS:
            side, lean = None, 0  # an older analysis's mark: counted as mentioned only
        too_long, cut, negative_strength = quote_rank(length, shortened, strength or 0.0)
        rank = f"{too_long:d}{cut:d}{_SCALE + round(negative_strength * _SCALE):07d}"
        tokens.append(f"{name}{_SIDES[side]}{_LEANS[lean]}{rank}")
    return " ".join(tokens)


class MarkTally:
    """A film's marks added up: counts per aspect and the best quote candidates.

    Feed every review, in review order (ascending id), before asking for results; a
    tie in quote rank goes to the earlier review, as it does in the statement.
    """

    __slots__ = ("_counts", "_pools", "_wanted")

    def __init__(self, marks_by_review: Iterable[tuple[int, str | None]] = ()) -> None:
        # name + quote direction + lean -> [(token, review_id)] in review order; within
        # one pool the tokens differ only in their rank digits, so they compare as ranks.
        self._pools: defaultdict[str, list] = defaultdict(list)
        self._counts: list[AspectSummary] | None = None
        self._wanted: dict[str, list[int]] | None = None
        for review_id, marks in marks_by_review:
            self.add(review_id, marks)

    def add(self, review_id: int, marks: str | None) -> None:
        if marks:
            pools = self._pools
            for token in marks.split():
                pools[token[:-_RANK_DIGITS]].append((token, review_id))

    def evidence_wanted(self) -> dict[str, list[int]]:
        """{aspect: the reviews whose evidence on it the statement may quote}."""
        return self._picks()

    def summaries(self, evidence: Mapping[int, Mapping]) -> list[AspectSummary]:
        """Aspect summaries, most mentioned first; evidence is {review_id: {aspect: dict}}.

        Only the aspects the statement may quote carry evidence (their best candidates).
        """
        picks = self._picks()
        return [
            AspectSummary(
                summary.name,
                summary.mentions,
                summary.positive,
                summary.negative,
                tuple(
                    found
                    for review_id in picks.get(summary.name, ())
                    if (found := _evidence(review_id, evidence[review_id][summary.name]))
                ),
            )
            for summary in self._counted()
        ]

    def _counted(self) -> list[AspectSummary]:
        """Aspect summaries without evidence, most mentioned first."""
        if self._counts is not None:
            return self._counts
        counts: dict[str, list[int]] = {}
        for key, entries in self._pools.items():
            tally = counts.setdefault(key[:-2], [0, 0, 0])
            tally[0] += len(entries)
            if key[-1] != "=":
                tally[1 if key[-1] == "+" else 2] += len(entries)
        summaries = [
            AspectSummary(name, mentions, positive, negative, ())
            for name, (mentions, positive, negative) in counts.items()
        ]
        summaries.sort(key=lambda s: (-s.mentions, s.name))
        self._counts = summaries
        return summaries

    def _picks(self) -> dict[str, list[int]]:
        """{aspect: ids of its best quote candidates, in review order}, for the aspects
        the statement may quote."""
        if self._wanted is None:
            best: dict[str, set[int]] = {}
            for name, side in quoted_aspects(self._counted()):
                # The best of each pool, then the best of those by rank alone.
                finalists = [
                    (token[-_RANK_DIGITS:], review_id)
                    for lean in "+-="
                    for token, review_id in _best(
                        self._pools.get(f"{name}{_SIDES[side]}{lean}", ())
                    )
                ]
                best.setdefault(name, set()).update(review_id for _, review_id in _best(finalists))
            self._wanted = {name: sorted(ids) for name, ids in best.items()}
        return self._wanted


_EVIDENCE_FIELDS = {"sentence", "phrase", "probability", "side"}


def _evidence(review_id: int, stored: Mapping | None) -> Evidence | None:
    """Stored evidence as an Evidence; None for an older analysis's (no stance recorded),
    which is never quoted until recompute_consensus analyses that review again."""
    if not stored or set(stored) != _EVIDENCE_FIELDS or stored["side"] not in _SIDES:
        return None
    return Evidence(review_id, **stored)


def _best(entries: Sequence[tuple]) -> list[tuple]:
    """The CANDIDATES_PER_DIRECTION smallest entries (most pools are short: sort them)."""
    if len(entries) <= 8 * CANDIDATES_PER_DIRECTION:
        return sorted(entries)[:CANDIDATES_PER_DIRECTION]
    return heapq.nsmallest(CANDIDATES_PER_DIRECTION, entries)
