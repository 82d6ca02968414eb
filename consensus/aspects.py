"""What critics talk about: aspects of a film found in review text, with evidence.

An aspect is a small keyword vocabulary (word-boundary regexes, case-insensitive,
British and American spellings). A review mentions an aspect when one of its sentences
matches outside a name: a capitalised word inside a sentence is a name or a title
("Celine Song's debut", "Cast Away"), and so is a capitalised first word followed by
another capitalised word or a possessive, or one that is part of a credited name.

Each part of a sentence that makes one judgement (sentences.judgement_spans) is scored
by the verdict model (classifier.sentence_probability); the review leans on the
aspect by the mean probability of its mentioning parts, read by the stance rules
(stance.counted_side: the review's verdict decides how sure the model must be). The
evidence is the shortest run of whole clauses holding the keyword that may be quoted
for that side (stance.may_quote), preferring the whole sentence when it is short.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from consensus.aspect_words import ASPECT_PATTERNS, aspects_possibly_mentioned
from consensus.classifier import sentence_probability
from consensus.sentences import (
    EDGE,
    Span,
    clause_runs,
    judgement_spans,
    split_sentences,
)
from consensus.stance import (
    PRAISE,
    Reading,
    counted_side,
    may_quote,
    read,
)

# Longest quoted phrase in a statement; longer sentences are quoted by a clause run.
PHRASE_MAX_CHARS = 120
# A shortened phrase shorter than this rarely stands on its own ("These are funny…").
MIN_SHORTENED_WORDS = 5
_CAPITALISED_NEXT = re.compile(r"[’']s\b|\s+[A-Z]")


@dataclass(frozen=True)
class ReviewText:
    review_id: int
    body: str
    pull_quote: str = ""
    verdict: str | None = None
    # Lower-cased words of the names credited on the film (and of its title).
    names: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Evidence:
    """One review's say on an aspect: a verbatim sentence and a quotable run of it."""

    review_id: int
    sentence: str
    phrase: str
    probability: float  # the verdict model's probability that the phrase is positive
    side: str  # "praise" or "criticism": what the phrase may be quoted as


@dataclass(frozen=True)
class AspectSummary:
    name: str
    mentions: int
    positive: int
    negative: int
    evidence: tuple[Evidence, ...] = ()

    @property
    def neutral(self) -> int:
        return self.mentions - self.positive - self.negative


@dataclass(frozen=True)
class ReviewAspect:
    """One review on one aspect: how it leans, and its quotable evidence if any."""

    name: str
    lean: str | None  # "praise", "criticism" or None (neutral)
    evidence: Evidence | None


def find_aspects(reviews: Sequence[ReviewText]) -> list[AspectSummary]:
    """Aspects mentioned in the reviews, most-mentioned first (then by name)."""
    tallies: dict[str, list] = {}
    for review in reviews:
        for found in review_aspects(review):
            tally = tallies.setdefault(found.name, [0, 0, 0, []])
            tally[0] += 1
            tally[1] += found.lean == PRAISE
            tally[2] += found.lean is not None and found.lean != PRAISE
            if found.evidence:
                tally[3].append(found.evidence)
    summaries = [
        AspectSummary(name, mentions, positive, negative, tuple(evidence))
        for name, (mentions, positive, negative, evidence) in tallies.items()
    ]
    summaries.sort(key=lambda s: (-s.mentions, s.name))
    return summaries


@dataclass
class _Part:
    sentence: str
    span: Span  # within the sentence
    start: int  # where the part starts in the review's body
    end: int
    _reading: Reading | None = None

    def reading(self, probability_of: Callable[[str], float]) -> Reading:
        # Read only if some aspect is mentioned here: most parts mention none.
        if self._reading is None:
            self._reading = read(self.sentence[self.span.start : self.span.end], probability_of)
        return self._reading


def _parts(body: str) -> list[_Part]:
    parts: list[_Part] = []
    position = 0
    for sentence in split_sentences(body):
        offset = body.index(sentence, position)
        position = offset + len(sentence)
        parts.extend(
            _Part(sentence, span, offset + span.start, offset + span.end)
            for span in judgement_spans(sentence)
        )
    return parts


def review_aspects(
    review: ReviewText, probability_of: Callable[[str], float] = sentence_probability
) -> list[ReviewAspect]:
    """What one review says about each aspect it mentions, in vocabulary order."""
    body = review.body
    possible = aspects_possibly_mentioned(body)
    if not possible:
        return []
    parts = _parts(body)
    starts = [part.start for part in parts]
    found = []
    for name, pattern in ASPECT_PATTERNS.items():
        if name not in possible:
            continue
        hits = []
        for match in pattern.finditer(body):
            index = bisect_right(starts, match.start()) - 1
            if index < 0 or match.end() > parts[index].end:
                continue  # in the punctuation between parts
            part = parts[index]
            local = _Local(match.start() - part.start + part.span.start, match.group())
            if not _is_name(part.sentence, local, review.names):
                hits.append((part, local))
        if not hits:
            continue
        distinct = list({id(part): part for part, _ in hits}.values())
        mean = sum(part.reading(probability_of).probability for part in distinct) / len(distinct)
        lean = counted_side(mean, review.verdict)
        if lean and not any(
            part.reading(probability_of).judges(lean, near=local.start - part.span.start)
            for part, local in hits
        ):
            lean = None  # the model leans, but no word near the aspect says so
        evidence = _evidence(review, hits, lean, probability_of) if lean else None
        found.append(ReviewAspect(name, lean, evidence))
    return found


class _Local(NamedTuple):
    """A keyword found in a sentence: where it starts in the sentence, and the word."""

    start: int
    word: str

    @property
    def end(self) -> int:
        return self.start + len(self.word)


def _is_name(sentence: str, match: _Local, names: frozenset[str]) -> bool:
    """Is this keyword a name or title rather than the word ("Song", "Cast Away")?"""
    word = match.word
    if not word[:1].isupper():
        return False
    if sentence[: match.start].strip(" \"'“‘(["):
        return True  # capitalised inside a sentence
    if word.lower() in names:
        return True
    return bool(_CAPITALISED_NEXT.match(sentence, match.end))


def _evidence(
    review: ReviewText,
    hits: Sequence[tuple[_Part, _Local]],
    side: str,
    probability_of: Callable[[str], float],
) -> Evidence | None:
    """The best quotable phrase for this side among the mentioning parts, or None.

    Candidates hold the keyword and are at most PHRASE_MAX_CHARS long: the whole
    sentence, else the whole judgement it is in, else the longest opening run of that
    judgement's clauses, marked "…" where it stops short. A candidate qualifies when the
    model, reading it alone, places it on this side as surely as stance.may_quote asks;
    a shortened one only when its whole judgement qualifies too, so a cut can never
    turn "a triumph, if you like tedium" into "a triumph…". Nothing is ever left out of
    the middle of a quote, and no quote starts at a list's or an aside's comma.
    """
    for part, match in hits:
        whole_qualifies = may_quote(
            side, part.reading(probability_of), review.verdict, near=match.start - part.span.start
        )
        for phrase, offset in _candidates(part, match, shortened=whole_qualifies):
            reading = read(phrase.removesuffix("…"), probability_of)
            if may_quote(side, reading, review.verdict, near=match.start - offset):
                return Evidence(review.review_id, part.sentence, phrase, reading.probability, side)
    return None


def _candidates(part: _Part, match: _Local, *, shortened: bool) -> list[tuple[str, int]]:
    """(phrase, where it starts in the sentence) for each candidate, best first."""
    sentence, span = part.sentence, part.span
    inside = sentence[span.start : span.end]
    whole = sentence.strip(EDGE)
    candidates = [(whole, len(sentence) - len(sentence.lstrip(EDGE))), (inside, span.start)]
    if shortened:
        keyword_end = match.end - span.start
        openings = sorted(
            (
                run
                for run in clause_runs(inside, max_chars=PHRASE_MAX_CHARS - 1)
                if run.start == 0 and keyword_end <= run.end < len(inside)
            ),
            key=lambda run: -run.end,
        )
        candidates += [
            (inside[: run.end] + "…", span.start)
            for run in openings
            if len(inside[: run.end].split()) >= MIN_SHORTENED_WORDS
        ]
    return [
        (text, offset)
        for text, offset in dict.fromkeys(candidates)
        if len(text) <= PHRASE_MAX_CHARS
    ]
