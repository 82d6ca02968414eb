"""Reader-facing words built from reviews: a pull quote per review and the consensus line.

Everything quoted is verbatim text of a review; every quoted phrase in a statement
comes with a Citation naming the review it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from critics.consensus.aspects import (
    ASPECT_VOCABULARY,
    STORY_WORDS,
    AspectSummary,
    Evidence,
    ReviewText,
)
from critics.consensus.suggest import (
    NEGATIVE,
    POSITIVE,
    VADER_POSITIVE,
    sentence_compound,
    split_sentences,
    word_valence,
)

QUOTE_MIN_CHARS = 40
_PLOT_MARK = re.compile(r"\((?:as |played by )?[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)*\)")
_DEPENDENT_START = re.compile(
    r"^(?:and|but|or|so|which|because|however|also|then|this|that|it|they)\b", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[,;:—–]")
_STORY_WORD = re.compile(r"\b(?:" + "|".join(sorted(STORY_WORDS)) + r")\b", re.IGNORECASE)
_ABOUT_THE_FILM = re.compile(
    r"\b(?:film|films|movie|movies|picture|cinema|cinematic|"
    + "|".join(p for patterns in ASPECT_VOCABULARY.values() for p in patterns)
    + r")\b",
    re.IGNORECASE,
)
_ASPECT_ORDER = {name: index for index, name in enumerate(ASPECT_VOCABULARY)}


@dataclass(frozen=True)
class Citation:
    review_id: int
    phrase: str


@dataclass(frozen=True)
class Statement:
    text: str
    citations: list[Citation]


def choose_quote(review: ReviewText, *, max_chars: int = 200) -> str:
    """The critic's pull quote, else the body's most quotable whole sentence.

    Quotable: evaluative (strong VADER score) and agreeing with the review's verdict,
    QUOTE_MIN_CHARS..max_chars long, not apparently plot summary and able to stand
    alone. Ties go to the earliest sentence. Returns "" rather than the whole review.
    If no sentence is short enough, the best one is cut at a clause or word boundary
    and marked with "…".
    """
    if review.pull_quote.strip():
        return review.pull_quote.strip()
    sentences = split_sentences(review.body)
    if len(sentences) < 2:
        return ""
    sign = {POSITIVE: 1, NEGATIVE: -1}.get(str(review.verdict or ""), 0)
    ranked = sorted(
        (_quote_rank(sentence, index, sign, max_chars), sentence)
        for index, sentence in enumerate(sentences)
    )
    best = ranked[0][1]
    return best if len(best) <= max_chars else _shorten(best, max_chars)


def _quote_rank(sentence: str, index: int, sign: int, max_chars: int) -> tuple:
    # Story words ("love", "dreams", "murder") are masked so a retold plot does not
    # pass for a judgement; the quote itself is untouched.
    compound = sentence_compound(_STORY_WORD.sub("that", sentence))
    if not sign or compound * sign >= VADER_POSITIVE:
        agreement = 0
    elif abs(compound) < VADER_POSITIVE:
        agreement = 1
    else:
        agreement = 2
    strength = abs(compound)
    if _PLOT_MARK.search(sentence):
        strength *= 0.5
    if not _ABOUT_THE_FILM.search(sentence):
        strength *= 0.6
    if _DEPENDENT_START.match(sentence) or sentence.rstrip("\"'”’)").endswith("?"):
        strength *= 0.8
    too_long = len(sentence) > max_chars
    too_short = len(sentence) < min(QUOTE_MIN_CHARS, max_chars)
    return (too_long, agreement, too_short, -round(strength, 4), index)


def _shorten(text: str, max_chars: int) -> str:
    """Cut at the last clause break (else word break) that fits, adding an ellipsis."""
    room = text[: max(0, max_chars - 1)]
    breaks = [m.start() for m in _CLAUSE_END.finditer(room) if m.start() >= max_chars // 2]
    if breaks:
        cut = room[: breaks[-1]]
    elif " " in room and not text[len(room)].isspace():
        cut = room[: room.rindex(" ")]
    else:
        cut = room
    return cut.rstrip(" ,;:—–-") + "…" if cut.strip() else ""


def generate_statement(
    *,
    film_title: str,
    percent_positive: int | None,
    rated_count: int,
    provisional: bool,
    aspects: Sequence[AspectSummary],
    max_chars: int = 300,
) -> Statement:
    """A short, deterministic consensus line for a film, quoting the reviews.

    One sentence on how positive critics are, then what they praise (aspects with more
    positive than negative reviews) and criticise (aspects with any negative review),
    most-mentioned first, each with a verbatim phrase from a review, preferring a
    different review for each. Lower-priority items are dropped to stay within
    max_chars; the text never exceeds it and is never cut mid-word.
    """
    summary = _summary(film_title, percent_positive, rated_count, provisional, bool(aspects))
    items = _items(aspects, negative_first=percent_positive is not None and percent_positive < 40)
    for keep in range(len(items), -1, -1):
        kept = sorted(items[:keep], key=lambda item: item.order)
        text = " ".join([summary, *_group_sentences(kept)])
        if len(text) <= max_chars:
            citations = [
                Citation(i.evidence.review_id, i.evidence.phrase) for i in kept if i.evidence
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
    if percent >= 90:
        return "overwhelmingly positive"
    if percent >= 70:
        return "mostly positive"
    if percent >= 40:
        return "divided"
    if percent > 10:
        return "mostly negative"
    return "overwhelmingly negative"


@dataclass(frozen=True)
class _Item:
    group: str  # "praise", "criticism" or "talk"
    aspect: str
    evidence: Evidence | None
    order: tuple[int, int]


_MAX_PER_GROUP = {"praise": 3, "criticism": 2, "talk": 2}
_OPENERS = {
    "praise": ("They praise", "Praise goes to"),
    "criticism": ("They criticise", "Criticism targets"),
    "talk": ("Reviews discuss", "Reviews discuss"),
}


def _groups(aspects: Sequence[AspectSummary]) -> list[tuple[str, list[AspectSummary], int]]:
    """(group, its aspects in priority order, sign to quote them for): praise and
    criticism, or plain talk when no aspect is judged either way."""
    praised = sorted(
        (a for a in aspects if a.positive > a.negative),
        key=lambda a: (-a.mentions, -a.positive, _ASPECT_ORDER.get(a.name, 99), a.name),
    )
    criticised = sorted(
        (a for a in aspects if a.negative > 0),
        key=lambda a: (-a.mentions, -a.negative, _ASPECT_ORDER.get(a.name, 99), a.name),
    )
    if not praised and not criticised:
        return [("talk", list(aspects), 0)]
    return [("praise", praised, 1), ("criticism", criticised, -1)]


def quoted_aspects(aspects: Sequence[AspectSummary]) -> list[tuple[str, int]]:
    """(aspect name, sign) of every item a statement on these aspects may quote.

    Only these aspects' evidence can reach the statement, so a recompute need not
    fetch any other (the evidence of the summaries given is not looked at).
    """
    return [
        (aspect.name, sign)
        for group, chosen, sign in _groups(aspects)
        for aspect in chosen[: _MAX_PER_GROUP[group]]
    ]


def _items(aspects: Sequence[AspectSummary], *, negative_first: bool) -> list[_Item]:
    """Statement items in priority order (first kept when space runs out)."""
    groups = _groups(aspects)
    if negative_first:
        groups.reverse()
    queues = [
        [(group, rank, aspect, sign) for aspect in chosen[: _MAX_PER_GROUP[group]]]
        for rank, (group, chosen, sign) in enumerate(groups)
    ]
    order = [entry for round_ in _rounds(queues) for entry in round_]
    used_reviews: set[int] = set()
    used_phrases: set[str] = set()
    items = []
    for group, rank, aspect, sign in order:
        evidence = _pick_evidence(aspect.evidence, sign, used_reviews, used_phrases)
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
    evidence: Sequence[Evidence], sign: int, used_reviews: set[int], used_phrases: set[str]
) -> Evidence | None:
    """A fresh review first, then a phrase that itself judges, then a compact one, then
    the most strongly scored, then the earliest."""
    candidates = [
        (e.review_id in used_reviews, *evidence_rank(e, sign), index, e)
        for index, e in enumerate(evidence)
        if e.phrase not in used_phrases and can_quote_for(e, sign)
    ]
    return min(candidates, key=lambda c: c[:5])[-1] if candidates else None


def can_quote_for(evidence: Evidence, sign: int) -> bool:
    """May this evidence stand for praise (1), criticism (-1) or plain talk (0)?"""
    return quotable(len(evidence.phrase), evidence.compound, sign)


def quotable(phrase_length: int, compound: float, sign: int) -> bool:
    return phrase_length > 0 and (not sign or compound * sign >= VADER_POSITIVE)


def evidence_rank(evidence: Evidence, sign: int) -> tuple:
    """How good a quote the evidence makes, best first."""
    judges = phrase_judges(evidence.phrase, quote_direction(evidence.compound, sign))
    return quote_rank(judges, len(evidence.phrase), evidence.compound)


def quote_rank(judges: bool, phrase_length: int, compound: float) -> tuple:
    """A phrase that itself judges, then a compact one, then the most strongly scored."""
    return (not judges, phrase_length > 45, -abs(compound))


def quote_direction(compound: float, sign: int) -> int:
    return sign or (1 if compound >= 0 else -1)


def phrase_judges(phrase: str, sign: int) -> bool:
    """Does the phrase itself carry a judgement in this direction (not just a topic)?"""
    words = (w.strip(".,;:!?\"'“”‘’()").lower() for w in phrase.split())
    return any(word_valence(w) * sign > 0 for w in words if w not in STORY_WORDS)


def _group_sentences(items: Sequence[_Item]) -> list[str]:
    sentences = []
    for position, group in enumerate(dict.fromkeys(item.group for item in items)):
        parts = [_describe(item) for item in items if item.group == group]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        opener = _OPENERS[group][min(position, 1)]
        sentences.append(f"{opener} {listed}.")
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
