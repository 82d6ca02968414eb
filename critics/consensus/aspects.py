"""What critics talk about: aspects of a film found in review text, with evidence.

An aspect is a small keyword vocabulary (word-boundary regexes, case-insensitive,
British and American spellings). A review mentions an aspect when one of its sentences
matches. Each mentioning sentence is scored with VADER's compound score (see
suggest.sentence_compound) and judged with VADER's published thresholds, >= 0.05
positive and <= -0.05 negative (Hutto & Gilbert 2014; vaderSentiment README). A review
counts once per aspect: positive or negative by the mean score of its mentioning
sentences, neutral otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from critics.consensus.suggest import (
    VADER_NEGATIVE,
    VADER_POSITIVE,
    sentence_compound,
    split_sentences,
    word_set,
    word_valence,
)

# Reader-facing name -> keyword patterns, in the order the statement prefers among
# equally mentioned aspects. "characters" is no aspect of its own: reviews use the
# word mostly to retell the plot. Kept deliberately narrow: words that in a
# review nearly always refer to the aspect. Singular "actor"/"actress" and "performs"
# are left out because they so often describe a character ("an aspiring actress"), and
# bare "original" because it so often means "not adapted" ("the original songs").
ASPECT_VOCABULARY: dict[str, tuple[str, ...]] = {
    "performances": (
        r"performances?",
        r"perform(?:ed)?",
        r"acting",
        r"actors",
        r"actresses",
        r"cast",
        r"casting",
        r"portrayals?",
        r"performers?",
    ),
    "direction": (
        r"direct(?:or|ors|ed|ion|ing|orial)",
        r"film-?makers?",
        r"film-?making",
        r"helm(?:ed|er)",
    ),
    "music": (
        r"music",
        r"score",
        r"soundtrack",
        r"songs?",
        r"songwriters?",
        r"composer",
        r"musical numbers?",
        r"melod(?:y|ies)",
        r"tunes?",
        r"orchestrations?",
    ),
    "visuals": (
        r"cinematograph(?:y|er)",
        r"photography",
        r"camera(?:work)?",
        r"shots?",
        r"(?:long|single|tracking) takes?",
        r"colou?r(?:s|ful|ed)?",
        r"costumes?",
        r"production design",
        r"set design",
        r"visuals?",
        r"visually",
        r"lighting",
        r"imagery",
        r"landscapes?",
        r"cinemascope",
        r"widescreen",
        r"(?:special|visual) effects",
        r"cgi",
    ),
    "choreography": (
        r"choreograph(?:y|ed|er|ers)",
        r"danc(?:e|es|ed|ing|ers?)",
    ),
    "story": (
        r"story",
        r"stories",
        r"storytelling",
        r"script",
        r"screenplay",
        r"screenwrit(?:er|ing)",
        r"plot(?:ting)?",
        r"narrative",
        r"dialog(?:ue)?",
        r"premise",
        r"twists?",
        r"characteri[sz]ations?",
    ),
    "pacing": (
        r"pace",
        r"pac(?:ed|ing|y)",
        r"slow(?:ly)?",
        r"sluggish",
        r"drag(?:s|ged|ging)?",
        r"overlong",
        r"too long",
        r"long-winded",
        r"running time",
        r"run-?time",
        r"brisk(?:ly)?",
        r"takes? off",
    ),
    "humour": (
        r"humou?r(?:ous)?",
        r"funn(?:y|ier|iest)",
        r"jokes?",
        r"gags?",
        r"laughs?",
        r"laughter",
        r"comic",
        r"comedic",
        r"wit",
        r"witty",
        r"hilarious(?:ly)?",
    ),
    "chemistry": (r"chemistry", r"rapport"),
    "emotion": (
        r"emotions?",
        r"emotional(?:ly)?",
        r"moving",
        r"poignan(?:t|cy)",
        r"heartfelt",
        r"heartbreak(?:ing)?",
        r"touching",
        r"tear-?jerker",
    ),
    "ending": (
        r"ending",
        r"finale",
        r"climax",
        r"(?:final|third|last) act",
        r"epilogue",
    ),
    "originality": (
        r"originality",
        r"unoriginal",
        r"fresh(?:ness)?",
        r"refreshing",
        r"derivative",
        r"formulaic",
        r"clich(?:e|é)(?:s|d)?",
        r"predictable",
        r"(?:anything|nothing|something) new",
    ),
    "nostalgia": (
        r"nostalgi(?:a|c)",
        r"homage",
        r"throwback",
        r"love letters?",
        r"old-fashioned",
        r"golden age",
        r"bygone",
    ),
}

_PATTERNS = {
    name: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    for name, words in ASPECT_VOCABULARY.items()
}

PHRASE_MAX_CHARS = 60
_NEGATORS = word_set("not no never nothing none nor neither without hardly barely rarely seldom")
# Words VADER rates strongly that in reviews mostly retell the story ("a love story",
# "a war film"); they do not make a phrase or quote more of a judgement, so choosing
# what to quote ignores them (the sentiment counts still include them, as VADER does).
STORY_WORDS = word_set(
    "love loves loved loving lover lovers heart hearts dream dreams dreamer dreamers hope "
    "hopes success successful friend friends kiss party war death dead kill killed killer "
    "murder violence violent fight fights crime"
)
_FUNCTION_WORDS = word_set(
    "a an the of to in on at by for with from and or but as that which who is are was were "
    "be its it their his her our your this these those"
)
_OPENING = (",", ";", ":", "—", "(")
_CLOSING = (",", ";", ":", "—", ")", ".", "!", "?")
_EDGE_PUNCTUATION = " \t\n,;:.!?—–-\"'“”‘’()[]…"
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s")
# Where a sentence turns: before "but" (not "but also"), "yet", "however" or a
# trailing "although ...", after a semicolon, and after a leading "While ...," clause.
_CONTRAST = re.compile(
    r"(?<=;)\s|,?\s+(?=(?:but(?!\s+also)|yet|however|although|though|whereas)\b)"
    r"|(?<=,)\s+(?=(?:while|whilst)\b)",
    re.IGNORECASE,
)
_LEADING_CONCESSION = re.compile(
    r"^(?:while|whilst|although|though|whereas|even though)\b[^,]{1,200},", re.IGNORECASE
)


@dataclass(frozen=True)
class ReviewText:
    review_id: int
    body: str
    pull_quote: str = ""
    verdict: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One review's say on an aspect: a verbatim sentence and a short phrase from it."""

    review_id: int
    sentence: str
    phrase: str
    compound: float


@dataclass(frozen=True)
class AspectSummary:
    name: str
    mentions: int
    positive: int
    negative: int
    evidence: tuple[Evidence, ...]

    @property
    def neutral(self) -> int:
        return self.mentions - self.positive - self.negative


def find_aspects(reviews: Sequence[ReviewText]) -> list[AspectSummary]:
    """Aspects mentioned in the reviews, most-mentioned first (then by name)."""
    scored = [(review, _scored_clauses(review.body)) for review in reviews]
    summaries = []
    for name, pattern in _PATTERNS.items():
        positive = negative = 0
        evidence = []
        for review, clauses in scored:
            hits = [
                (clause, match)
                for clause in clauses
                if (match := pattern.search(clause.sentence, clause.start, clause.end))
            ]
            if not hits:
                continue
            lean = sum(clause.compound for clause, _ in hits) / len(hits)
            positive += lean >= VADER_POSITIVE
            negative += lean <= VADER_NEGATIVE
            evidence.append(_representative(review.review_id, hits, lean))
        if evidence:
            summaries.append(
                AspectSummary(name, len(evidence), positive, negative, tuple(evidence))
            )
    summaries.sort(key=lambda s: (-s.mentions, s.name))
    return summaries


@dataclass(frozen=True)
class _Clause:
    sentence: str
    start: int
    end: int
    compound: float


def _scored_clauses(body: str) -> list[_Clause]:
    """Each sentence, cut where it turns on a contrast, with each part's VADER score.

    "While the film is enjoyable, it does not offer anything new" makes two claims;
    judging the clause that holds the keyword keeps praise of one thing from being
    credited to the other, and keeps each quote inside the claim it supports.
    """
    clauses = []
    for sentence in split_sentences(body):
        cuts = {0, len(sentence), *(m.start() for m in _CONTRAST.finditer(sentence))}
        if concession := _LEADING_CONCESSION.match(sentence):
            cuts.add(concession.end())
        cuts = sorted(cuts)
        for start, end in pairwise(cuts):
            if sentence[start:end].strip(_EDGE_PUNCTUATION):
                score = sentence_compound(sentence[start:end])
                clauses.append(_Clause(sentence, start, end, score))
    return clauses


def _representative(review_id: int, hits: list[tuple[_Clause, re.Match]], lean: float):
    """Evidence from the mentioning clause that best shows the review's lean.

    Only clauses leaning the same way as the review qualify; among them the one whose
    phrase carries the most sentiment wins (so the quote says why), then the more
    strongly scored clause, then the earlier one.
    """
    sign = 1 if lean >= VADER_POSITIVE else -1 if lean <= VADER_NEGATIVE else 0
    best = None
    for position, (clause, match) in enumerate(hits):
        if sign and clause.compound * sign < VADER_POSITIVE:
            continue
        key, phrase = _best_phrase(clause, match.start(), match.end(), sign)
        rank = (*key[:3], -round(clause.compound * sign, 4), position)
        if best is None or rank < best[0]:
            best = (rank, Evidence(review_id, clause.sentence, phrase, clause.compound))
    return best[1]


def _best_phrase(clause: _Clause, start: int, end: int, sign: int) -> tuple[tuple, str]:
    """A verbatim run of words of the clause around [start, end), <= PHRASE_MAX_CHARS.

    Prefer runs with balanced quotes and brackets, then the run carrying the most
    sentiment in the clause's direction, then one not ending on a little word like
    "the", then one inside a comma-free stretch, of at least four words, starting
    and ending where a clause does; then the shorter, then the earlier. A run never
    starts just after a negation, so "not funny" is never quoted as "funny".
    """
    sentence = clause.sentence
    spans = [
        (m.start(), m.end())
        for m in re.finditer(r"\S+", sentence)
        if clause.start <= m.start() < clause.end
    ]
    words = [sentence[a:b].strip(_EDGE_PUNCTUATION).lower() for a, b in spans]
    weight = [
        0.0 if w in STORY_WORDS else max(0.0, word_valence(w) * sign) if sign else 0.0
        for w in words
    ]
    mass_before = [0.0]
    for value in weight:
        mass_before.append(mass_before[-1] + value)
    first = next(i for i, (_, b) in enumerate(spans) if b > start)
    last = max(i for i, (a, _) in enumerate(spans) if a < end)
    # Per-word facts, worked out once rather than for every candidate run. A clause
    # break is never at a trimmed edge (all its characters are edge punctuation), so
    # a run holds one exactly when a break found in the whole sentence lies inside it.
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence)]
    ends_on_function_word = [w in _FUNCTION_WORDS for w in words]
    ends_mid = [
        j < len(spans) - 1 and not sentence[: spans[j][1]].endswith(_CLOSING)
        for j in range(len(spans))
    ]
    best: tuple[tuple, str] | None = None
    for i in range(first, -1, -1):
        after_negation = any(
            w in _NEGATORS or w.endswith(("n't", "n’t")) for w in words[max(0, i - 3) : i]
        )
        starts_mid = i > 0 and not sentence[: spans[i][0]].rstrip().endswith(_OPENING)
        for j in range(last, len(spans)):
            raw = sentence[spans[i][0] : spans[j][1]]
            text = _trim(raw)
            if len(text) > PHRASE_MAX_CHARS:
                break
            text_start = spans[i][0] + raw.index(text) if text else spans[i][0]
            key = (
                after_negation,
                _unbalanced(text),
                -round(mass_before[j + 1] - mass_before[i], 3),
                ends_on_function_word[j],
                _holds_break(breaks, text_start, text_start + len(text)),
                max(0, 4 - (j - i + 1)),
                starts_mid + ends_mid[j],
                len(text),
                i,
            )
            if best is None or key < best[0]:
                best = (key, text)
    return best or ((True, True, 0.0), _trim(sentence[start:end]))


def _holds_break(breaks: list[int], start: int, end: int) -> bool:
    index = bisect_left(breaks, start)
    return index < len(breaks) and breaks[index] < end


def _unbalanced(text: str) -> bool:
    return bool(
        text.count("“") != text.count("”")
        or text.count('"') % 2
        or text.count("(") != text.count(")")
    )


def _trim(text: str) -> str:
    return text.strip(_EDGE_PUNCTUATION)
