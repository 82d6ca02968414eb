"""Sentence sentiment and a suggested verdict for reviews that have no rating.

Scoring is VADER (Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for
Sentiment Analysis of Social Media Text", ICWSM 2014; vaderSentiment 3.3.2) with a
small hand-written set of film-criticism words added to its lexicon. Method, the
measured accuracy and the limits are in docs/verdict-suggestion.md; the numbers come
from bench/verdict_suggestion_accuracy.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

POSITIVE = "positive"
MIXED = "mixed"
NEGATIVE = "negative"

# VADER's published cut-offs for calling a compound score positive or negative.
VADER_POSITIVE = 0.05
VADER_NEGATIVE = -0.05

# A text is "mixed" when the weaker of praise and blame has at least half the weight
# of the stronger: |P - N| / (P + N) < 1/3. A documented choice, not fitted (the
# benchmark's labels are only positive/negative).
MIXED_BALANCE = 1 / 3

# Words critics use that VADER's social-media lexicon lacks or scores for another
# register ("haunting", "laughable"), and genre labels it treats as praise or blame.
# Valences on VADER's -4..+4 scale, written by hand from each word's usual sense in
# reviews, not fitted; the genre group was added after reading mistakes on the
# tuning half of rt-polarity (docs/verdict-suggestion.md).
FILM_LEXICON: dict[str, float] = {
    # praise
    "absorbing": 1.8,
    "accomplished": 1.8,
    "affecting": 1.8,
    "breathtaking": 3.0,
    "captivating": 2.6,
    "catchy": 1.8,
    "charismatic": 2.2,
    "compelling": 2.0,
    "dazzling": 2.7,
    "deft": 2.0,
    "deftly": 2.0,
    "electrifying": 2.8,
    "enchanting": 2.6,
    "engrossing": 2.3,
    "evocative": 1.8,
    "exhilarating": 2.8,
    "exquisite": 2.8,
    "exquisitely": 2.8,
    "extraordinary": 2.4,
    "gripping": 2.2,
    "haunting": 1.5,
    "hypnotic": 1.8,
    "imaginative": 2.0,
    "immaculate": 2.2,
    "immaculately": 2.2,
    "impeccable": 2.6,
    "impeccably": 2.6,
    "infectious": 1.5,
    "insightful": 2.0,
    "inventive": 2.0,
    "luminous": 2.2,
    "lush": 1.6,
    "magical": 2.0,
    "masterful": 3.0,
    "masterfully": 3.0,
    "memorable": 2.0,
    "mesmerising": 2.6,
    "mesmerizing": 2.6,
    "miraculous": 2.6,
    "moving": 1.2,
    "must-see": 2.5,
    "nuanced": 1.8,
    "phenomenal": 3.0,
    "poignant": 1.6,
    "ravishing": 2.6,
    "refreshing": 2.0,
    "resonant": 1.8,
    "riveting": 2.5,
    "rousing": 2.0,
    "skilful": 2.0,
    "skilfully": 2.0,
    "skillful": 2.0,
    "skillfully": 2.0,
    "soaring": 2.0,
    "spellbinding": 2.8,
    "standout": 2.2,
    "stellar": 2.6,
    "sublime": 3.0,
    "sumptuous": 2.2,
    "superbly": 3.0,
    "timeless": 2.0,
    "touching": 1.8,
    "transcendent": 2.6,
    "unforgettable": 2.8,
    "uplifting": 2.3,
    "well-made": 2.0,
    "witty": 2.0,
    "wondrous": 2.6,
    # criticism
    "banal": -1.8,
    "bland": -1.6,
    "bloated": -1.6,
    "cliche": -1.2,
    "cliched": -1.6,
    "cliches": -1.3,
    "cliché": -1.2,
    "clichéd": -1.6,
    "clichés": -1.3,
    "cloying": -1.7,
    "clumsily": -1.5,
    "clumsy": -1.5,
    "contrived": -1.7,
    "convoluted": -1.5,
    "derivative": -1.4,
    "disjointed": -1.5,
    "forgettable": -1.8,
    "formulaic": -1.6,
    "generic": -1.2,
    "hackneyed": -1.9,
    "heavy-handed": -1.5,
    "hollow": -1.4,
    "humorless": -1.6,
    "humourless": -1.6,
    "incoherent": -1.9,
    "inert": -1.6,
    "insufferable": -2.6,
    "interminable": -2.1,
    "lacking": -1.2,
    "lackluster": -1.9,
    "lacklustre": -1.9,
    "lacks": -1.2,
    "laughable": -1.6,
    "lazily": -1.5,
    "lifeless": -2.0,
    "listless": -1.6,
    "mawkish": -1.8,
    "meandering": -1.5,
    "mediocre": -1.8,
    "miscast": -1.8,
    "muddled": -1.7,
    "overlong": -1.6,
    "overwrought": -1.6,
    "patchy": -1.2,
    "plodding": -1.8,
    "pointless": -1.9,
    "predictable": -1.3,
    "pretentious": -1.8,
    "schmaltzy": -1.5,
    "shallow": -1.4,
    "sloppy": -1.6,
    "soulless": -2.2,
    "stale": -1.6,
    "stilted": -1.6,
    "tedious": -2.0,
    "tepid": -1.4,
    "tiresome": -2.0,
    "trite": -1.8,
    "unconvincing": -1.6,
    "underdeveloped": -1.5,
    "underwhelming": -1.8,
    "uneven": -1.3,
    "unfunny": -2.2,
    "uninspired": -1.8,
    "unoriginal": -1.7,
    "unwatchable": -3.0,
    "vapid": -2.0,
    "witless": -2.2,
    "wooden": -1.4,
    # genre labels say what a film is, not whether it is good
    "comedic": 0.0,
    "comedies": 0.0,
    "comedy": 0.0,
    "horror": 0.0,
    "horrors": 0.0,
    "romance": 0.0,
    "romantic": 0.0,
    "thriller": 0.0,
    "thrillers": 0.0,
    "tragedy": 0.0,
}


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Rewrites applied to the copy of a sentence that is scored, never to quoted text.
# VADER reads "nothing" as a negation, which turns "nothing short of delightful" into
# blame; "nothing new" is a complaint about originality that it cannot see at all.
_IDIOMS = (
    (re.compile(r"\bnothing (?:short|less) of\b", re.IGNORECASE), "really"),
    (re.compile(r"\b(anything|nothing) new\b", re.IGNORECASE), r"\1 original"),
)

_ABBREVIATIONS = word_set(
    "mr mrs ms dr st jr sr vs mt prof rev gen sgt capt lt col no vol ft approx"
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)*[A-Z]$")


@dataclass(frozen=True)
class Suggestion:
    verdict: str
    confidence: float


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(FILM_LEXICON)
    return analyzer


def word_valence(word: str) -> float:
    """The lexicon valence of one word (0.0 when unknown), lower-cased lookup."""
    return _analyzer().lexicon.get(word.lower(), 0.0)


# The quote, the aspects and the suggestion each score the same sentences of a
# review; VADER is the slow part, and a sentence's score never changes.
@lru_cache(maxsize=8192)
def sentence_compound(sentence: str) -> float:
    """VADER's compound score (-1..1) of one sentence, with the film lexicon."""
    for pattern, replacement in _IDIOMS:
        sentence = pattern.sub(replacement, sentence)
    return _analyzer().polarity_scores(sentence)["compound"]


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


class TextScore(NamedTuple):
    positive: float  # sum of the positive sentences' compound scores
    negative: float  # sum of the negative sentences' compound scores, as a positive number
    evaluative: int  # sentences VADER calls positive or negative

    @property
    def mean(self) -> float:
        """Mean compound score of the evaluative sentences (0.0 if there are none)."""
        return (self.positive - self.negative) / self.evaluative if self.evaluative else 0.0

    @property
    def balance(self) -> float:
        """(praise - blame) / (praise + blame): +1 all praise, -1 all blame, 0 even."""
        total = self.positive + self.negative
        return (self.positive - self.negative) / total if total else 0.0


def score_text(text: str) -> TextScore:
    """Praise and blame in a text, summed over its sentences.

    Scoring sentence by sentence, not the document at once, keeps long reviews from
    saturating VADER's normalised score towards +/-1, and lets neutral sentences
    (plot summary, credits) drop out instead of diluting the rest.
    """
    positive = negative = 0.0
    evaluative = 0
    for sentence in split_sentences(text):
        compound = sentence_compound(sentence)
        if compound >= VADER_POSITIVE:
            positive += compound
        elif compound <= VADER_NEGATIVE:
            negative -= compound
        else:
            continue
        evaluative += 1
    return TextScore(positive, negative, evaluative)


def suggest_verdict(text: str) -> Suggestion | None:
    """Suggest "positive", "mixed" or "negative" for a review's text; None if blank.

    Mixed: no evaluative sentence at all, or praise and blame so close that the weaker
    side carries at least half the weight of the stronger (|balance| < MIXED_BALANCE).
    A single sentence is therefore positive or negative by VADER's own thresholds.
    """
    if not text or not text.strip():
        return None
    score = score_text(text)
    if not score.evaluative or abs(score.balance) < MIXED_BALANCE:
        return Suggestion(MIXED, _mixed_confidence(score))
    verdict = POSITIVE if score.balance > 0 else NEGATIVE
    return Suggestion(verdict, _polar_confidence(score))


# Logistic fitted on the decided snippets of the tuning half of rt-polarity
# (bench/verdict_suggestion_accuracy.py --fit-confidence): for one sentence the
# confidence tracks how often a suggestion that strong was right there.
_CONF_INTERCEPT = -0.14
_CONF_SLOPE = 1.85


def _polar_confidence(score: TextScore) -> float:
    # Longer texts pool several sentences' evidence, scaled like a standard error
    # (square root of the count): a heuristic beyond one sentence, not calibrated.
    strength = abs(score.mean) * math.sqrt(score.evaluative)
    logit = _CONF_INTERCEPT + _CONF_SLOPE * strength
    return round(min(0.99, 1.0 / (1.0 + math.exp(-logit))), 2)


def _mixed_confidence(score: TextScore) -> float:
    # Not calibrated (the benchmark has no mixed labels): "mixed" is most believable
    # when there is plenty of praise and blame in near balance, and says nothing when
    # the text holds no evaluative sentence at all.
    if not score.evaluative:
        return 0.0
    closeness = 1.0 - abs(score.balance) / MIXED_BALANCE
    amount = min(1.0, score.evaluative / 4)
    return round((0.3 + 0.5 * closeness) * amount, 2)
