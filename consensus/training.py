"""Training the verdict model (offline; never imported by the running site).

NB-weighted logistic regression ("NBSVM", Wang & Manning, "Baselines and Bigrams",
ACL 2012, with a logistic loss) over the binary n-grams of classifier.features, fitted
with scikit-learn, then Platt-scaled on out-of-fold predictions so its probabilities
mean what they say. The result is a plain dict written as JSON (classifier.FORMAT).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from consensus.classifier import FORMAT, FORMAT_VERSION, features

POSITIVE, NEGATIVE = 1, 0


@dataclass(frozen=True)
class Recipe:
    """Every choice of the method; chosen by cross-validation on rt-polarity's tuning half."""

    word_ngrams: int = 2
    char_ngrams: tuple[int, int] = (3, 5)
    nb_alpha: float = 1.0  # Laplace smoothing of the naive-Bayes ratios
    min_count: int = 2  # n-grams seen in fewer training texts are dropped
    regularisation_c: float = 3.0  # scikit-learn's C (inverse L2 strength)
    calibration_folds: int = 5
    seed: int = 0


@dataclass
class Example:
    text: str
    label: int  # POSITIVE or NEGATIVE
    source: str  # "rt-polarity" or "site"


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [e.text for e in self.examples]

    def labels(self) -> np.ndarray:
        return np.array([e.label for e in self.examples])

    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for e in self.examples:
            side = "positive" if e.label == POSITIVE else "negative"
            counts.setdefault(e.source, {"positive": 0, "negative": 0})[side] += 1
        return counts


def read_rt_polarity(directory: Path | str) -> tuple[list[str], list[str]]:
    """(positive snippets, negative snippets), one per line, in file order."""
    directory = Path(directory)
    return _lines(directory / "rt-polarity.pos"), _lines(directory / "rt-polarity.neg")


def _lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # the original release is Latin-1
        text = raw.decode("latin-1")
    return [line.strip() for line in text.splitlines() if line.strip()]


def rt_half(lines: list[str], half: str) -> list[str]:
    """The project's fixed split: even lines (0-based) tune, odd lines are held out."""
    if half == "all":
        return list(lines)
    start = {"tuning": 0, "held-out": 1}[half]
    return lines[start::2]


def rt_examples(directory: Path | str, half: str) -> list[Example]:
    positive, negative = read_rt_polarity(directory)
    return [Example(t, POSITIVE, "rt-polarity") for t in rt_half(positive, half)] + [
        Example(t, NEGATIVE, "rt-polarity") for t in rt_half(negative, half)
    ]


class _Fitted:
    """One fitted model in scikit-learn form (for cross-validation) and as weights."""

    def __init__(self, texts: Sequence[str], labels: np.ndarray, recipe: Recipe) -> None:
        self.recipe = recipe
        self.vectoriser = DictVectorizer(dtype=np.float64)
        binary = self.vectoriser.fit_transform(self._dicts(texts))
        if recipe.min_count > 1:
            seen = np.asarray(binary.sum(0)).ravel() >= recipe.min_count
            self.vectoriser.restrict(seen)
            binary = binary[:, seen]
        positive = recipe.nb_alpha + np.asarray(binary[labels == POSITIVE].sum(0)).ravel()
        negative = recipe.nb_alpha + np.asarray(binary[labels == NEGATIVE].sum(0)).ravel()
        self.ratios = np.log((positive / positive.sum()) / (negative / negative.sum()))
        self.regression = LogisticRegression(C=recipe.regularisation_c, max_iter=5000)
        self.regression.fit(self._scaled(binary), labels)

    def _dicts(self, texts):
        recipe = self.recipe
        return [
            dict.fromkeys(
                features(t, word_ngrams=recipe.word_ngrams, char_ngrams=recipe.char_ngrams),
                1.0,
            )
            for t in texts
        ]

    def _scaled(self, binary):
        return normalize(binary.multiply(self.ratios).tocsr())

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        binary = self.vectoriser.transform(self._dicts(texts))
        logits: np.ndarray = self.regression.decision_function(self._scaled(binary))
        return logits

    def weights(self) -> dict[str, list[float]]:
        coefficients = self.regression.coef_.ravel()
        return {
            name: [float(f"{c * r:.4g}"), float(f"{r * r:.4g}")]
            for name, c, r in zip(
                self.vectoriser.get_feature_names_out(), coefficients, self.ratios, strict=True
            )
        }


def out_of_fold_logits(data: TrainingData, recipe: Recipe) -> np.ndarray:
    """Each example's logit from a model fitted without it (stratified k-fold)."""
    texts, labels = data.texts(), data.labels()
    logits = np.zeros(len(texts))
    smallest_class = min(np.bincount(labels, minlength=2))
    folds = StratifiedKFold(
        min(recipe.calibration_folds, smallest_class), shuffle=True, random_state=recipe.seed
    )
    for train, test in folds.split(texts, labels):
        fitted = _Fitted([texts[i] for i in train], labels[train], recipe)
        logits[test] = fitted.logits([texts[i] for i in test])
    return logits


def platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(scale, shift) so that sigmoid(scale * logit + shift) is calibrated."""
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(logits.reshape(-1, 1), labels)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def train(data: TrainingData, recipe: Recipe = Recipe(), *, description: str = "") -> dict:
    """A complete model file (a JSON-ready dict) trained on all of data."""
    # One BLAS thread: on a small machine shared with other work, more threads made the
    # fits many times slower, and the result is the same.
    with threadpool_limits(1):
        return _train(data, recipe, description)


def _train(data: TrainingData, recipe: Recipe, description: str) -> dict:
    labels = data.labels()
    if min(np.bincount(labels, minlength=2)) < 2:
        raise ValueError("training needs at least two positive and two negative examples")
    held_back = out_of_fold_logits(data, recipe)
    scale, shift = platt(held_back, labels)
    fitted = _Fitted(data.texts(), labels, recipe)
    digest = hashlib.sha256("\n".join(data.texts()).encode()).hexdigest()[:12]
    trained_at = datetime.now(UTC).replace(microsecond=0)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": f"{trained_at:%Y%m%d}-{digest}",
        "card": {
            "description": description,
            "method": "NB-weighted logistic regression (scikit-learn), Platt-scaled",
            "trained_at": trained_at.isoformat(),
            "examples": data.counts(),
            "cross_validated_accuracy": float(((held_back > 0) == (labels == POSITIVE)).mean()),
            "recipe": {
                "word_ngrams": recipe.word_ngrams,
                "char_ngrams": list(recipe.char_ngrams),
                "nb_alpha": recipe.nb_alpha,
                "regularisation_c": recipe.regularisation_c,
                "calibration_folds": recipe.calibration_folds,
            },
        },
        "features": {"word_ngrams": recipe.word_ngrams, "char_ngrams": list(recipe.char_ngrams)},
        "bias": float(fitted.regression.intercept_[0]),
        "calibration": {"scale": scale, "shift": shift},
        "weights": fitted.weights(),
    }
