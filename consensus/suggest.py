"""A suggested verdict for a review's text, from the trained verdict model.

The suggestion is only ever a suggestion: an editor sees it with its confidence and
may accept it (the verdict is then recorded as the model's, with the editor's name).
Method, measured accuracy and calibration, and failure modes: docs/verdict-suggestion.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from consensus.classifier import VerdictModel, default_model, sentence_probability
from consensus.sentences import split_sentences

POSITIVE = "positive"
MIXED = "mixed"
NEGATIVE = "negative"

# "Mixed" needs a review of several sentences where the model is sure of sentences on
# both sides (SENTENCE_SURE or more each way), the weaker side at least half as many as
# the stronger, and the whole text not read with near-certainty either way (probability
# of positive within MIXED_BAND: a few strong words weigh heavily in a whole text). A
# documented choice, not fitted: rt-polarity has no mixed labels. Short texts are never
# called mixed: a critic's snippet makes one point.
MIXED_BAND = (0.15, 0.85)
MIXED_MIN_SENTENCES = 3
SENTENCE_SURE = 0.75


@dataclass(frozen=True)
class Suggestion:
    verdict: str
    # Positive or negative: the model's calibrated probability of that verdict (0.5-1;
    # calibrated on single sentences, see the model card). Mixed: how evenly the text
    # is balanced (1 = exactly), not a calibrated probability.
    confidence: float
    model_version: str = ""


def suggest_verdict(text: str, model: VerdictModel | None = None) -> Suggestion | None:
    """Suggest "positive", "mixed" or "negative" for a review's text; None if blank.

    model: the shipped model unless another is given (the benchmark's held-out model).
    """
    if not text or not text.strip():
        return None
    sentence_score: Callable[[str], float]
    if model is None:
        # The shipped model through its cache: a one-sentence review is also the
        # sentence its quote and aspects have just scored.
        model, sentence_score = default_model(), sentence_probability
    else:
        sentence_score = model.probability
    probability = sentence_score(text.strip())
    if MIXED_BAND[0] < probability < MIXED_BAND[1] and _divided(text, sentence_score):
        return Suggestion(MIXED, round(1 - abs(2 * probability - 1), 2), model.version)
    verdict = POSITIVE if probability >= 0.5 else NEGATIVE
    # Two places, never a certainty the model cannot have.
    confidence = min(0.99, round(max(probability, 1 - probability), 2))
    return Suggestion(verdict, confidence, model.version)


def _divided(text: str, sentence_score: Callable[[str], float]) -> bool:
    sentences = split_sentences(text)
    if len(sentences) < MIXED_MIN_SENTENCES:
        return False
    probabilities = [sentence_score(s) for s in sentences]
    praise = sum(p >= SENTENCE_SURE for p in probabilities)
    blame = sum(p <= 1 - SENTENCE_SURE for p in probabilities)
    return min(praise, blame) >= 1 and 2 * min(praise, blame) >= max(praise, blame)
