"""Praise or criticism: when a clause counts as one, and when it may be quoted as one.

The verdict model gives each clause a calibrated probability of being positive, and a
clause must also hold a word that judges that way (lexicon.judges). A clause speaks
for the side its review's verdict takes at AGREEING confidence; against
that verdict, or in a review with no verdict, only at AGAINST confidence, the level at
which the model was right about 93% of the time on rt-polarity's held-out half
(docs/verdict-suggestion.md). Praise is never quoted from a review counted negative,
whatever its wording ("Oh great, another two hours of brilliant acting" is sarcasm far
more often than praise in a review that pans the film).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from consensus.lexicon import judging_words
from consensus.sentences import word_set

if TYPE_CHECKING:  # aspects imports this module
    from consensus.aspects import AspectSummary

PRAISE = "praise"
CRITICISM = "criticism"
SIDES = (PRAISE, CRITICISM)

# The model's probability is calibrated for a snippet read alone, as if praise and
# blame were equally likely. Inside a review counted positive most sentences that judge
# do praise, so the same probability is stronger evidence for the review's own side:
# AGREEING asks less than AGAINST, which must overcome the review's verdict.
AGREEING = 0.65
AGAINST = 0.90

# A film-level claim ("the story is criticised") needs at least this many reviews
# making it, and this share of the reviews that mention the aspect.
MIN_REVIEWS_FOR_CLAIM = 2
MIN_SHARE_FOR_CLAIM = 0.2

_VERDICT_SIDE = {"positive": PRAISE, "negative": CRITICISM}

# "less funny than", "not as good as", "nowhere near as sharp as", "not nearly so
# clever as": a comparison that finds the film short of something is criticism, however
# positive the quality named; the model reads "funny" and "good" and calls it praise.
_SHORT_OF = re.compile(
    r"(?<!\bno )(?<!\bnothing )\b"
    r"(?:less|not(?:\s+(?:nearly|quite))?\s+(?:as|so)|nowhere\s+near\s+as|never\s+as)\s+"
    r"(?P<quality>[a-z'-]+(?:\s+[a-z'-]+)?)\s+(?:than|as)\b",
    re.IGNORECASE,
)
# What a "short of" comparison means when the quality itself is a fault ("less boring
# than", "not as bad as"): faint praise, which is not praise.
_FAINT = 0.5
_SHORT_OF_PROBABILITY = 0.04


# A judging word counts for an aspect only where it is attached to the aspect's keyword,
# the way critics write a verdict on a thing: before it as a modifier ("a glorious
# score", "impeccable directorial debut", "I loved the music"), after it as its adverb
# ("perform excellently"), or as its predicate ("the score, by Justin Hurwitz, is
# marvelous", "the story is thin"); or the keyword judges by itself ("funny",
# "predictable"). A sentiment word elsewhere in the sentence is usually about something
# else ("a supportive and romantic relationship filled with song"). This refines the
# nearest-opinion-word rule of Hu & Liu ("Mining and Summarizing Customer Reviews", KDD
# 2004) with the positions an English verdict takes, since no parser is at hand.
MODIFIER_WORDS = 3  # a modifier at most this many words before the keyword
ADVERB_WORDS = 2  # an adverb at most this many words after it
LINK_WORDS = 5  # a linking verb at most this many words after the keyword...
PREDICATE_WORDS = 3  # ...and the judging word at most this many after the verb
_LINKING_VERBS = word_set(
    "is are was were be been being remains remain remained feels feel felt seems seem seemed "
    "looks look looked sounds sound sounded proves prove proved becomes become became stays "
    "stay stayed"
)
_NO_GAP_MARKS = ",;:—–()"  # a modifier or an adverb is never across these
_CLAUSE_MARKS = ";:—–()"  # a predicate is never across these (an aside's commas are)


class Reading(NamedTuple):
    """What a clause says: the model's probability and the words that judge in it."""

    probability: float
    text: str
    words: tuple[tuple[int, int], ...]  # (start, end) of every word
    judging: tuple[tuple[int, int], ...]  # (word index, +1 praise / -1 criticism)

    def judges(self, side: str, near: int | None = None) -> bool:
        """Does a word judge this way (attached to the keyword at character offset near)?"""
        sign = 1 if side == PRAISE else -1
        if near is None:
            return any(found == sign for _, found in self.judging)
        keyword = bisect_right(self.words, (near, float("inf"))) - 1
        return any(
            found == sign and self._attached(index, keyword) for index, found in self.judging
        )

    def _attached(self, index: int, keyword: int) -> bool:
        if index == keyword:
            return True
        if keyword - MODIFIER_WORDS <= index < keyword:
            return not self._marks_between(index, keyword, _NO_GAP_MARKS)
        if keyword < index <= keyword + ADVERB_WORDS and not self._marks_between(
            keyword, index, _NO_GAP_MARKS
        ):
            return True
        return any(
            self._word(link) in _LINKING_VERBS
            and link < index <= link + PREDICATE_WORDS
            and not self._marks_between(keyword, index, _CLAUSE_MARKS)
            for link in range(keyword + 1, min(keyword + LINK_WORDS, len(self.words) - 1) + 1)
        )

    def _word(self, index: int) -> str:
        start, end = self.words[index]
        return self.text[start:end].lower()

    def _marks_between(self, first: int, last: int, marks: str) -> bool:
        between = self.text[self.words[first][1] : self.words[last][0]]
        return any(mark in between for mark in marks)


def read(text: str, probability_of: Callable[[str], float]) -> Reading:
    """Read a clause, taking comparisons of shortfall as criticism."""
    words, judging = judging_words(text)
    if match := _SHORT_OF.search(text):
        if probability_of(match.group("quality")) <= 1 - AGREEING:
            return Reading(_FAINT, text, words, ())
        compared = tuple(
            (index, -1)
            for index, (start, end) in enumerate(words)
            if match.start() <= start and end <= match.end()
        )
        return Reading(_SHORT_OF_PROBABILITY, text, words, compared)
    return Reading(probability_of(text), text, words, judging)


def side_probability(probability: float, side: str) -> float:
    """How sure the model is that the text is on this side (0..1)."""
    return probability if side == PRAISE else 1.0 - probability


def needed(side: str, verdict: str | None) -> float:
    """Confidence a clause needs to count for a side, given its review's verdict."""
    if verdict == "mixed" or _VERDICT_SIDE.get(str(verdict)) == side:
        return AGREEING
    return AGAINST


def counted_side(probability: float, verdict: str | None) -> str | None:
    """The side this probability counts for in a review with this verdict, or None."""
    for side in SIDES:
        if side_probability(probability, side) >= needed(side, verdict):
            return side
    return None


def may_quote(side: str, reading: Reading, verdict: str | None, near: int | None = None) -> bool:
    """May a clause read this way be quoted as this side from this review?

    near: the character offset of the aspect's keyword, when quoted for an aspect.
    """
    if side == PRAISE and verdict == "negative":
        return False
    return reading.judges(side, near) and side_probability(reading.probability, side) >= needed(
        side, verdict
    )


def is_claimed(reviews_on_side: int, mentions: int) -> bool:
    """Enough reviews say it for the site to say "critics praise / fault" it."""
    return (
        reviews_on_side >= MIN_REVIEWS_FOR_CLAIM
        and reviews_on_side >= MIN_SHARE_FOR_CLAIM * mentions
    )


def praised(aspect: AspectSummary | dict[str, int]) -> bool:
    """Listed as praised: enough reviews praise it (an AspectSummary or its stored dict)."""
    positive, mentions = _counts(aspect, "positive")
    return is_claimed(positive, mentions)


def criticised(aspect: AspectSummary | dict[str, int]) -> bool:
    """Listed as criticised: enough reviews fault it."""
    negative, mentions = _counts(aspect, "negative")
    return is_claimed(negative, mentions)


def _counts(aspect: AspectSummary | dict[str, int], side_field: str) -> tuple[int, int]:
    if isinstance(aspect, dict):
        return aspect[side_field], aspect["mentions"]
    return getattr(aspect, side_field), aspect.mentions
