"""Sentences and clauses of a review: the only units the site ever quotes.

A quote is a whole sentence, or a run of whole clauses of one sentence, verbatim. A
clause here ends where the writer marked a break (, ; : — – ( ) or a spaced hyphen) or
where a contrast begins ("but", "yet", "although", "though", "whereas", "while",
"however"); that conjunction is left out of a quote that starts there, never cut into.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ABBREVIATIONS = word_set(
    "mr mrs ms dr st jr sr vs mt prof rev gen sgt capt lt col no vol ft approx"
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)*[A-Z]$")

BREAK_MARKS = ",;:—–()"
# Contrast words that start a clause. "yet" is not one ("not yet", "the best yet"), and
# "but" is none after "nothing", "all" or "anything", or before "also" or "for".
CONTRAST_WORDS = ("but", "although", "though", "whereas", "while", "whilst", "however")
_CONTRAST = (
    r"(?<!\bnothing)(?<!\ball)(?<!\banything)\s+(?=but\b(?!\s+(?:also|for)\b))"
    r"|\s+(?=(?:although|whereas|while|whilst|however|even\s+though)\b)"
    r"|(?<!\beven)(?<!\bas)\s+(?=though\b)"
)
_BREAK = re.compile(r"\s*(?:[,;:—–()]|\s-\s)\s*|" + _CONTRAST, re.IGNORECASE)
# Where a sentence turns from one judgement to another: a contrast word, a semicolon,
# or the comma closing an opening concession ("While it is enjoyable, it ...").
_TURN = re.compile(r"\s*;\s*|,?" + _CONTRAST.replace("|", "|,?"), re.IGNORECASE)
_CONCESSION = re.compile(
    r"^(?:while|whilst|although|though|whereas|even\s+though)\b[^,]{1,200},\s*", re.IGNORECASE
)
_LEADING_CONTRAST = re.compile(
    r"(?:even\s+though|" + "|".join(CONTRAST_WORDS) + r")\b,?\s*", re.IGNORECASE
)
# Trimmed from both ends of a clause: spaces, end marks and quotation marks that would
# be left unbalanced.
EDGE = " \t\n.!?…\"'“”‘’[]"


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, each a stripped verbatim substring of it.

    Blank lines always end a sentence. Inside a paragraph a sentence ends at . ! ? or …
    (plus closing quotes) followed by a capital letter or digit, except after a title
    abbreviation or initials ("Mr.", "J.K."), so lower-cased text stays one sentence.
    """
    sentences: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            before = paragraph[start : match.start()]
            if match.group().startswith(".") and _is_abbreviation(before):
                continue
            _append_stripped(sentences, paragraph[start : match.end()])
            start = match.end()
        _append_stripped(sentences, paragraph[start:])
    return sentences


def _is_abbreviation(text_before_period: str) -> bool:
    last_word = text_before_period.rsplit(None, 1)[-1] if text_before_period.strip() else ""
    if last_word.lower().lstrip("(\"'“‘") in _ABBREVIATIONS:
        return True
    return bool(_INITIALS.search(text_before_period))


def _append_stripped(sentences: list[str], piece: str) -> None:
    piece = piece.strip()
    if piece:
        sentences.append(piece)


class Span(NamedTuple):
    start: int
    end: int


def clause_spans(sentence: str) -> list[Span]:
    """The clauses of a sentence as (start, end) offsets into it, in order.

    Each span is trimmed of edge punctuation and of a leading contrast word, and holds
    at least one letter or digit.
    """
    spans = []
    position = 0
    for match in [*_BREAK.finditer(sentence), None]:
        end = match.start() if match else len(sentence)
        span = _trimmed(sentence, position, end)
        if span is not None:
            spans.append(span)
        if match:
            position = match.end()
    return spans


def _trimmed(sentence: str, start: int, end: int) -> Span | None:
    while start < end and sentence[start] in EDGE:
        start += 1
    if leading := _LEADING_CONTRAST.match(sentence, start, end):
        start = leading.end()
    while end > start and sentence[end - 1] in EDGE:
        end -= 1
    if not any(c.isalnum() for c in sentence[start:end]):
        return None
    return Span(start, end)


def judgement_spans(sentence: str) -> list[Span]:
    """The parts of a sentence that each make one judgement, split where it turns.

    "The acting is fine, but the story is thin" makes two; each is scored on its own so
    praise of one thing is not credited to the other.
    """
    concession = _CONCESSION.match(sentence)
    if not concession and not _TURN.search(sentence):
        whole = _trimmed(sentence, 0, len(sentence))
        return [whole] if whole else []
    cuts = {0, len(sentence)}
    for match in _TURN.finditer(sentence):
        cuts.update((match.start(), match.end()))
    if concession:
        comma = len(concession.group().rstrip()) - 1
        cuts.update((comma, comma + 1))
    spans = []
    for start, end in pairwise(sorted(cuts)):
        span = _trimmed(sentence, start, end)
        if span is not None:
            spans.append(span)
    return spans


def clause_runs(sentence: str, *, max_chars: int | None = None) -> list[Span]:
    """Every run of consecutive whole clauses (the whole sentence among them), as spans.

    A run goes from the start of one clause to the end of a later (or the same) one,
    verbatim, so a quote taken from it starts and ends on clause boundaries. Runs over
    max_chars are left out.
    """
    spans = clause_spans(sentence)
    runs = []
    for i, first in enumerate(spans):
        for last in spans[i:]:
            if max_chars is not None and last.end - first.start > max_chars:
                break
            if _balanced(sentence[first.start : last.end]):
                runs.append(Span(first.start, last.end))
    return runs


def _balanced(text: str) -> bool:
    return (
        text.count("(") == text.count(")")
        and text.count("“") == text.count("”")
        and text.count('"') % 2 == 0
    )


def shorten_at_clause(sentence: str, max_chars: int) -> str:
    """The longest run of the sentence's opening clauses that fits with an ellipsis, or ""."""
    spans = clause_spans(sentence)
    if not spans:
        return ""
    opening = [
        sentence[run.start : run.end]
        for run in clause_runs(sentence, max_chars=max_chars - 1)
        if run.start == spans[0].start
    ]
    return max(opening, key=len) + "…" if opening else ""
