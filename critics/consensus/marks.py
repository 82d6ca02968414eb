"""Compact aspect marks: the part of a review's analysis a film's consensus adds up.

A review's marks are one short string (the Review.consensus_marks column), one token per
aspect it mentions, e.g. ``performances++000218200``:

    aspect name | quote direction | lean | 9-digit quote rank

- quote direction: which statement groups the evidence may be quoted in (see
  statement.quotable): ``+`` praise, ``-`` criticism, ``=`` only plain talk, ``x`` none
  (no phrase);
- lean: the review's lean on the aspect, ``+``, ``-`` or ``=`` (neutral);
- quote rank: statement.quote_rank as fixed-width digits (phrase does not judge, phrase
  is long, then one million minus the strength), so comparing the digits compares the
  ranks. The strength is VADER's compound, which VADER rounds to four places, so six
  places keep every distinction.

Reading and splitting these strings is far cheaper than decoding every review's
analysis JSON, and a film's recompute needs nothing else from it until it fetches the
evidence text of the few reviews it may quote.
"""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from critics.consensus.aspects import AspectSummary, Evidence
from critics.consensus.statement import quotable, quote_direction, quote_rank, quoted_aspects

# The statement quotes at most 5 items (3 praised, 2 criticised), each excluding the
# reviews and phrases already used: the best 11 candidates always hold its pick.
MAX_STATEMENT_ITEMS = 5
CANDIDATES_PER_DIRECTION = 2 * MAX_STATEMENT_ITEMS + 1

_LEANS = {1: "+", -1: "-", 0: "="}
# The quote directions a statement item of each sign may quote (see statement.quotable).
_DIRECTIONS = {1: "+", -1: "-", 0: "+-="}
_RANK_DIGITS = 9
_SCALE = 10**6


def compact_marks(marks: Mapping[str, Sequence] | None) -> str:
    """The marks of aggregate.analyse_aspects as one string, by aspect name.

    Sorted, so the same marks give the same string whatever order they were stored in
    (PostgreSQL's jsonb does not keep the order of keys).
    """
    tokens = []
    for name, (lean, compound, praise, criticism, length) in sorted((marks or {}).items()):
        if not quotable(length, compound, 0):
            direction = "x"
        elif quotable(length, compound, 1):
            direction = "+"
        elif quotable(length, compound, -1):
            direction = "-"
        else:
            direction = "="
        # For every sign the statement quotes this mark under, quote_direction gives
        # the same answer as for plain talk: praise when compound >= 0.
        judges = praise if quote_direction(compound, 0) == 1 else criticism
        not_judges, too_long, strength = quote_rank(judges, length, compound)
        rank = f"{not_judges:d}{too_long:d}{_SCALE + round(strength * _SCALE):07d}"
        tokens.append(f"{name}{direction}{_LEANS[lean]}{rank}")
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
                    Evidence(review_id, **evidence[review_id][summary.name])
                    for review_id in picks.get(summary.name, ())
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
        summaries = [AspectSummary(name, *tally, ()) for name, tally in counts.items()]
        summaries.sort(key=lambda s: (-s.mentions, s.name))
        self._counts = summaries
        return summaries

    def _picks(self) -> dict[str, list[int]]:
        """{aspect: ids of its best quote candidates, in review order}, for the aspects
        the statement may quote."""
        if self._wanted is None:
            best: dict[str, set[int]] = {}
            for name, sign in quoted_aspects(self._counted()):
                # The best of each pool, then the best of those by rank alone.
                finalists = [
                    (token[-_RANK_DIGITS:], review_id)
                    for direction in _DIRECTIONS[sign]
                    for lean in "+-="
                    for token, review_id in _best(self._pools.get(f"{name}{direction}{lean}", ()))
                ]
                best.setdefault(name, set()).update(review_id for _, review_id in _best(finalists))
            self._wanted = {name: sorted(ids) for name, ids in best.items()}
        return self._wanted


def _best(entries: Sequence[tuple]) -> list[tuple]:
    """The CANDIDATES_PER_DIRECTION smallest entries (most pools are short: sort them)."""
    if len(entries) <= 8 * CANDIDATES_PER_DIRECTION:
        return sorted(entries)[:CANDIDATES_PER_DIRECTION]
    return heapq.nsmallest(CANDIDATES_PER_DIRECTION, entries)
