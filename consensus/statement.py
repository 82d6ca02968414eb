"""Reader-facing words built from reviews: a pull quote per review and the consensus line.

Everything quoted is verbatim text of a review: a whole sentence, or whole clauses of
one with "…" where words are left out (sentences.py). Every quoted phrase in a
statement comes with a Citation naming the review and the stance it is quoted for,
and the stance rules (stance.py) decide what may be quoted as praise or criticism.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from consensus.aspect_words import ASPECT_VOCABULARY
from consensus.aspects import AspectSummary, Evidence, ReviewText
from consensus.classifier import sentence_probability
from consensus.figures import percent_band
from consensus.sentences import shorten_at_clause, split_sentences
from consensus.stance import (
    AGAINST,
    CRITICISM,
    PRAISE,
    criticised,
    may_quote,
    praised,
    read,
    side_probability,
)

QUOTE_MIN_CHARS = 40
# Shortest sentence kept when a long one is cut at a clause ("…"): shorter cuts rarely
# stand on their own.
QUOTE_MIN_CUT_CHARS = 30
_PLOT_MARK = re.compile(r"\((?:as |played by )?[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)*\)")
_DEPENDENT_START = re.compile(
    r"^(?:and|but|or|so|which|because|however|also|then|this|that|it|they)\b", re.IGNORECASE
)
_ABOUT_THE_FILM = re.compile(
    r"\b(?:film|films|movie|movies|picture|cinema|cinematic|"
    + "|".join(p for patterns in ASPECT_VOCABULARY.values() for p in patterns)
    + r")\b",
    re.IGNORECASE,
)
_ASPECT_ORDER = {name: index for index, name in enumerate(ASPECT_VOCABULARY)}
_VERDICT_SIDE = {"positive": PRAISE, "negative": CRITICISM}


@dataclass(frozen=True)
class Citation:
    review_id: int
    phrase: str
    stance: str  # "praise" or "criticism"


@dataclass(frozen=True)
class Statement:
    text: str
    citations: list[Citation]


def choose_quote(
    review: ReviewText,
    *,
    max_chars: int = 200,
    probability_of: Callable[[str], float] = sentence_probability,
) -> str:
    """The critic's pull quote, else the body's most quotable sentence; "" if none.

    Quotable: it speaks for the review's verdict as stance.may_quote asks (for a mixed
    or unrated review, for either side at AGAINST confidence), QUOTE_MIN_CHARS to
    max_chars long, not apparently plot summary and able to stand alone; ties go to
    the earliest sentence. A sentence longer than max_chars is quoted by its opening
    clauses with "…", only if those still qualify. Never the whole review.
    """
    if review.pull_quote.strip():
        return review.pull_quote.strip()
    sentences = split_sentences(review.body)
    if len(sentences) < 2:
        return ""
    ranked = sorted(
        (rank, index, sentence)
        for index, sentence in enumerate(sentences)
        if (rank := _quote_rank(sentence, review.verdict, max_chars, probability_of))
    )
    for _, _, sentence in ranked:
        quote = sentence
        if len(quote) > max_chars:
            quote = shorten_at_clause(sentence, max_chars)
            if len(quote) < QUOTE_MIN_CUT_CHARS or not _speaks(
                quote.rstrip("…"), review.verdict, probability_of
            ):
                continue
        return quote
    return ""


def _speaks(text: str, verdict: str | None, probability_of: Callable[[str], float]) -> float:
    """How surely the text speaks for the review's verdict (0 when it may not be quoted)."""
    reading = read(text, probability_of)
    side = _VERDICT_SIDE.get(str(verdict))
    sides = [side] if side else [PRAISE, CRITICISM]
    strengths = [
        side_probability(reading.probability, s)
        for s in sides
        if may_quote(s, reading, verdict)
        and (side or side_probability(reading.probability, s) >= AGAINST)
    ]
    return max(strengths, default=0.0)


def _quote_rank(
    sentence: str, verdict: str | None, max_chars: int, probability_of: Callable[[str], float]
) -> tuple | None:
    strength = _speaks(sentence, verdict, probability_of)
    if not strength:
        return None
    if _PLOT_MARK.search(sentence):
        strength *= 0.5
    if not _ABOUT_THE_FILM.search(sentence):
        strength *= 0.6
    if _DEPENDENT_START.match(sentence) or sentence.rstrip("\"'”’)").endswith("?"):
        strength *= 0.8
    too_long = len(sentence) > max_chars
    too_short = len(sentence) < min(QUOTE_MIN_CHARS, max_chars)
    return (too_long, too_short, -round(strength, 4))


def generate_statement(
    *,
    film_title: str,
    percent_positive: int | None,
    rated_count: int,
    provisional: bool,
    aspects: Sequence[AspectSummary],
    majority_verdict: str | None = None,
    max_chars: int = 300,
) -> Statement:
    """A short, deterministic consensus line for a film, quoting the reviews.

    One sentence on how positive critics are, then what enough reviews praise and what
    enough fault (stance.praised / stance.criticised, each aspect on the side more of
    its reviews take), criticism first unless most verdicts are positive, most-mentioned
    first, each with a verbatim phrase of a review quoted for that side, preferring a
    different review for each. To stay within max_chars the lower-priority items lose
    their quotes first, then are dropped; the text never exceeds it and is never cut
    mid-word.
    """
    summary = _summary(film_title, percent_positive, rated_count, provisional, bool(aspects))
    # Lead with criticism unless most verdicts are positive: when they are mostly
    # negative, or mostly mixed with few positive (the label then says so too).
    negative_first = majority_verdict == "negative" or (
        majority_verdict != "positive" and percent_positive is not None and percent_positive < 50
    )
    items = _items(aspects, negative_first=negative_first)
    for keep in range(len(items), -1, -1):
        # Rather than drop an aspect, drop the quotes of the least important ones first.
        for unquoted in range(keep + 1):
            chosen = [
                item if position < keep - unquoted else replace(item, evidence=None)
                for position, item in enumerate(items[:keep])
            ]
            kept = sorted(chosen, key=lambda item: item.order)
            text = " ".join([summary, *_group_sentences(kept)])
            if len(text) <= max_chars:
                citations = [
                    Citation(i.evidence.review_id, i.evidence.phrase, i.group)
                    for i in kept
                    if i.evidence
                ]
                return Statement(text, citations)
    return Statement(_shorten_words(summary, max_chars), [])


def _summary(title: str, percent: int | None, count: int, provisional: bool, talk: bool) -> str:
    if not count or percent is None:
        return (
            f"No critics' verdicts on {title} yet."
            if talk
            else f"No critics' reviews yet for {title}."
        )
    reviews = f"{count} review{'s' if count != 1 else ''}"
    if provisional:
        # The percentage is withheld while provisional, in the statement as on the page.
        return f"It is early for {title}: {reviews} so far, too few for a consensus."
    return f"Critics are {_band(percent)} about {title} ({percent}% of {reviews} positive)."


def _band(percent: int) -> str:
    # The badge's label in lower case: one basis for the number, label and statement.
    return percent_band(percent).lower()


@dataclass(frozen=True)
class _Item:
    group: str  # "praise", "criticism" or "talk"
    aspect: str
    evidence: Evidence | None
    order: tuple[int, int]


_MAX_PER_GROUP = {PRAISE: 3, CRITICISM: 2, "talk": 2}
_OPENERS = {PRAISE: "Praise goes to", CRITICISM: "Criticism targets", "talk": "Reviews discuss"}
# Plain talk names an aspect only when at least this many reviews mention it.
_TALK_MIN_MENTIONS = 2


def statement_groups(aspects: Sequence[AspectSummary]) -> list[tuple[str, list[AspectSummary]]]:
    """(group, its aspects in priority order): praise and criticism, or plain talk when
    no aspect is claimed either way. An aspect goes to the side more of its reviews
    take; one both praised and faulted by as many reviews is left out (divided)."""

    def key(aspect: AspectSummary, count: int) -> tuple[int, int, int, str]:
        return (-aspect.mentions, -count, _ASPECT_ORDER.get(aspect.name, 99), aspect.name)

    praise = [a for a in aspects if praised(a) and a.positive > a.negative]
    criticism = [a for a in aspects if criticised(a) and a.negative > a.positive]
    if not praise and not criticism:
        talk = [a for a in aspects if a.mentions >= _TALK_MIN_MENTIONS]
        return [("talk", talk)] if talk else []
    return [
        (PRAISE, sorted(praise, key=lambda a: key(a, a.positive))),
        (CRITICISM, sorted(criticism, key=lambda a: key(a, a.negative))),
    ]


def quoted_aspects(aspects: Sequence[AspectSummary]) -> list[tuple[str, str]]:
    """(aspect name, stance) of every item a statement on these aspects may quote.

    Only these aspects' evidence can reach the statement, so a recompute need not
    fetch any other (the evidence of the summaries given is not looked at).
    """
    return [
        (aspect.name, group)
        for group, chosen in statement_groups(aspects)
        if group != "talk"
        for aspect in chosen[: _MAX_PER_GROUP[group]]
    ]


def _items(aspects: Sequence[AspectSummary], *, negative_first: bool) -> list[_Item]:
    """Statement items in priority order (first kept when space runs out)."""
    groups = statement_groups(aspects)
    if negative_first:
        groups.reverse()
    queues = [
        [(group, rank, aspect) for aspect in chosen[: _MAX_PER_GROUP[group]]]
        for rank, (group, chosen) in enumerate(groups)
    ]
    order = [entry for round_ in _rounds(queues) for entry in round_]
    used_reviews: set[int] = set()
    used_phrases: set[str] = set()
    items = []
    for group, rank, aspect in order:
        evidence = None
        if group != "talk":
            evidence = _pick_evidence(aspect.evidence, group, used_reviews, used_phrases)
        if evidence:
            used_reviews.add(evidence.review_id)
            used_phrases.add(evidence.phrase)
        position = [a.name for a in groups[rank][1]].index(aspect.name)
        items.append(_Item(group, aspect.name, evidence, (rank, position)))
    return items


def _rounds(queues: list[list]) -> list[list]:
    """[[a1, a2], [b1]] -> [[a1, b1], [a2]]."""
    rounds = max((len(q) for q in queues), default=0)
    return [[q[i] for q in queues if i < len(q)] for i in range(rounds)]


def _pick_evidence(
    evidence: Sequence[Evidence], side: str, used_reviews: set[int], used_phrases: set[str]
) -> Evidence | None:
    """Evidence quoted for this side: a fresh review first, then the best by quote_rank,
    then the earliest."""
    candidates = [
        (e.review_id in used_reviews, *evidence_rank(e), index, e)
        for index, e in enumerate(evidence)
        if e.side == side and e.phrase not in used_phrases
    ]
    return min(candidates, key=lambda c: c[:-1])[-1] if candidates else None


def evidence_rank(evidence: Evidence) -> tuple:
    """How good a quote the evidence makes, best first."""
    return quote_rank(
        len(evidence.phrase),
        "…" in evidence.phrase,
        side_probability(evidence.probability, evidence.side),
    )


def quote_rank(phrase_length: int, shortened: bool, strength: float) -> tuple:
    """A compact phrase, then a whole one (not shortened), then the most surely judged."""
    return (phrase_length > 60, shortened, -round(strength, 6))


def _group_sentences(items: Sequence[_Item]) -> list[str]:
    sentences = []
    for group in dict.fromkeys(item.group for item in items):
        parts = [_describe(item) for item in items if item.group == group]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        sentences.append(f"{_OPENERS[group]} {listed}.")
    return sentences


def _describe(item: _Item) -> str:
    if item.evidence is None:
        return f"the {item.aspect}"
    return f"the {item.aspect} (“{item.evidence.phrase}”)"


def _shorten_words(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    room = text[: max(0, max_chars - 1)]
    cut = room[: room.rindex(" ")] if " " in room else ""
    return cut.rstrip(" ,;:") + "…" if cut else ""
