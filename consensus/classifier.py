"""The verdict model at run time: is a sentence (or a review) positive or negative?

A linear model over word and character n-grams, trained offline by
``manage.py train_verdict_model`` (consensus/training.py, scikit-learn) and
shipped as JSON: loading it reads numbers and strings, never code. Method, data, the
measured accuracy and calibration, and the known failure modes are in
docs/verdict-suggestion.md (the model card).

The features are made here, in plain Python, for training and scoring alike, so the
scorer sees exactly what the trainer saw.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from consensus.sentences import word_set

FORMAT = "critics-verdict-model"
FORMAT_VERSION = 1
DEFAULT_PATH = Path(__file__).with_name("data") / "verdict_model.json"

# rt-polarity, the training data, is lower-cased with spaces around punctuation and
# keeps apostrophes and hyphens inside words ("doesn't", "coming-of-age"); real text
# is brought to the same shape before its n-grams are taken.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": " -- ", "–": " -- "})
_PUNCTUATION = re.compile(r"""(\.\.\.|…|--|[.,!?;:"()\[\]{}*/]|(?<!\w)'|'(?!\w))""")
# What tokens() drops anyway from the end of a text: stripped before caching so a
# sentence and the same words without the full stop share one score.
_END_CHARACTERS = ' \t\n.!?…"”'
_END_MARKS = frozenset([".", "!", "?", "...", "…", '"'])
_BREAKS = frozenset(
    [".", ",", "!", "?", ";", ":", '"', "(", ")", "[", "]", "{", "}", "--", "...", "…", "*", "/"]
)
# Words that turn what follows ("not funny", "never dull") until the next punctuation:
# their scope is marked so "funny" and "not ... funny" are different features.
_NEGATORS = word_set(
    "not no never nothing none nobody nowhere nor neither without hardly barely cannot"
)


_WORD_CACHE_LIMIT = 200_000
_first, _second = itemgetter(0), itemgetter(1)
# Token kinds, for logit(): a break ends a negation's scope, a negator opens one.
_WORD, _BREAK, _NEGATOR = "word", "break", "negator"


class ModelFileError(RuntimeError):
    """The model file is missing, unreadable or not a verdict model of this format."""


def tokens(text: str) -> list[str]:
    """The words and marks of a text, without the punctuation that ends it.

    Whether a snippet ends in a full stop says nothing of its verdict, and a quote, a
    clause and its sentence should read alike; so end marks are left out in training
    and scoring alike.
    """
    spaced = _PUNCTUATION.sub(r" \1 ", text.translate(_TYPOGRAPHY).lower())
    words = spaced.split()
    while words and words[-1] in _END_MARKS:
        words.pop()
    return words


def features(text: str, *, word_ngrams: int = 2, char_ngrams: tuple[int, int] = (3, 5)) -> set[str]:
    """The set of n-gram features of a text (presence, not counts)."""
    words = tokens(text)
    found = word_features(words, word_ngrams)
    for word in words:
        if word not in _BREAKS:
            found.update(char_features(word, char_ngrams))
    return found


def word_features(words: list[str], word_ngrams: int) -> set[str]:
    """Word 1..n-grams, with the words in a negation's scope marked by "~"."""
    marked, negated = [], False
    for word in words:
        if word in _BREAKS:
            negated = False
            marked.append(word)
            continue
        marked.append("~" + word if negated else word)
        if word in _NEGATORS or word.endswith("n't"):
            negated = True
    grams = ["w " + word for word in marked]
    for n in range(2, word_ngrams + 1):
        grams.extend("w " + " ".join(marked[i : i + n]) for i in range(len(marked) - n + 1))
    return set(grams)


def char_features(word: str, char_ngrams: tuple[int, int]) -> list[str]:
    """Character n-grams of one word, padded with a space on each side."""
    low, high = char_ngrams
    padded = f" {word} "
    return [
        "c" + padded[i : i + n]
        for n in range(low, min(high, len(padded)) + 1)
        for i in range(len(padded) - n + 1)
    ]


@dataclass(frozen=True)
class VerdictModel:
    """Weights of a logistic regression over NB-scaled, L2-normalised binary n-grams.

    For the features f of a text present in the vocabulary, with r_f the naive-Bayes
    log-count ratio and c_f the regression coefficient:
        logit = bias + sum(c_f * r_f) / sqrt(sum(r_f ** 2))
    and the calibrated probability of "positive" is sigmoid(scale * logit + shift)
    (Platt scaling, fitted on held-back predictions during training).
    """

    weights: dict[str, tuple[float, float]]  # feature -> (c_f * r_f, r_f ** 2)
    bias: float
    scale: float
    shift: float
    word_ngrams: int
    char_ngrams: tuple[int, int]
    version: str
    card: dict
    # Each token's feature hits, filled as tokens are met (bounded by the vocabulary of
    # the texts scored; emptied when it grows past _WORD_CACHE_LIMIT).
    _entries: dict = field(default_factory=dict, repr=False, compare=False)
    # Word features that start some bigram of the vocabulary: only after one of these
    # is a bigram worth looking up.
    _bigram_heads: frozenset = field(default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        heads = frozenset(
            f.split(" ")[1] for f in self.weights if f.startswith("w ") and f.count(" ") == 2
        )
        object.__setattr__(self, "_bigram_heads", heads)

    def logit(self, text: str) -> float:
        """The uncalibrated score: above 0 leans positive.

        The features are exactly classifier.features(text), gathered faster: each
        token's own hits (its word feature, negation mark included, and its character
        n-grams) are looked up once per distinct token and merged into one dict, which
        keeps a feature shared by two words once, as the set in training does.
        """
        if self.word_ngrams != 2:
            return self._raw_logit(features(text, **self._shape()))
        weights, entries, heads = self.weights, self._entries, self._bigram_heads
        present: dict[str, tuple[float, float]] = {}
        previous, negated = None, False
        for word in tokens(text):
            entry = entries.get(word)
            if entry is None:
                if len(entries) >= _WORD_CACHE_LIMIT:
                    entries.clear()
                entry = entries[word] = self._entry(word)
            kind, plain, marked = entry
            key, hits = marked if negated else plain
            present.update(hits)
            if previous is not None:
                bigram = f"w {previous} {key}"
                if pair := weights.get(bigram):
                    present[bigram] = pair
            previous = key if key in heads else None
            if kind is not _WORD:
                negated = kind is _NEGATOR
        pairs = present.values()
        total, norm = sum(map(_first, pairs)), sum(map(_second, pairs))
        return self.bias + (total / math.sqrt(norm) if norm else 0.0)

    def _raw_logit(self, found: set[str]) -> float:
        """The logit from an explicit feature set (the definition logit() speeds up)."""
        pairs = [pair for f in found if (pair := self.weights.get(f))]
        norm = sum(square for _, square in pairs)
        return self.bias + (sum(w for w, _ in pairs) / math.sqrt(norm) if norm else 0.0)

    def _shape(self) -> dict:
        return {"word_ngrams": self.word_ngrams, "char_ngrams": self.char_ngrams}

    def _entry(self, word: str) -> tuple:
        """(kind, (key, hits), (key when negated, hits)) of a token, for logit()."""
        weights = self.weights
        if word in _BREAKS:
            hits = {f: pair for f in ("w " + word,) if (pair := weights.get(f))}
            return _BREAK, (word, hits), (word, hits)
        chars = {f: pair for f in char_features(word, self.char_ngrams) if (pair := weights.get(f))}
        forms = []
        for key in (word, "~" + word):
            hits = dict(chars)
            if pair := weights.get("w " + key):
                hits["w " + key] = pair
            forms.append((key, hits))
        kind = _NEGATOR if word in _NEGATORS or word.endswith("n't") else _WORD
        return kind, *forms

    def probability(self, text: str) -> float:
        """Calibrated probability that the text is positive (0..1)."""
        z = self.scale * self.logit(text) + self.shift
        if z < -35:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def model_from_dict(data: dict) -> VerdictModel:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFileError(f"not a verdict model (format should be {FORMAT!r})")
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"format version {data.get('format_version')!r}; this code reads {FORMAT_VERSION}"
        )
    try:
        weights = {
            feature: (float(weight), float(norm))
            for feature, (weight, norm) in data["weights"].items()
        }
        low, high = data["features"]["char_ngrams"]
        model = VerdictModel(
            weights=weights,
            bias=float(data["bias"]),
            scale=float(data["calibration"]["scale"]),
            shift=float(data["calibration"]["shift"]),
            word_ngrams=int(data["features"]["word_ngrams"]),
            char_ngrams=(int(low), int(high)),
            version=str(data["version"]),
            card=dict(data.get("card") or {}),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"incomplete or malformed model: {error!r}") from None
    if not weights:
        raise ModelFileError("the model has no weights")
    return model


def load_model(path: Path | str) -> VerdictModel:
    """Read a model file; raises ModelFileError with the reason if it cannot be used."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{path} cannot be read: {error}") from None
    try:
        return model_from_dict(data)
    except ModelFileError as error:
        raise ModelFileError(f"{path}: {error}") from None


@lru_cache(maxsize=1)
def default_model() -> VerdictModel:
    """The shipped model (consensus/data/verdict_model.json), loaded once."""
    return load_model(DEFAULT_PATH)


# The quote, the aspects and the suggestion each score the same sentences of a
# review, and a sentence's score never changes.
def sentence_probability(sentence: str) -> float:
    """Calibrated probability that a sentence (or clause) is positive, by the shipped model."""
    return _cached_probability(sentence.strip().rstrip(_END_CHARACTERS))


@lru_cache(maxsize=16384)
def _cached_probability(text: str) -> float:
    return default_model().probability(text)


sentence_probability.cache_clear = _cached_probability.cache_clear  # type: ignore[attr-defined]
