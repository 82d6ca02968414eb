"""Accuracy of critics.consensus.suggest.suggest_verdict on rt-polarity.

    .venv/bin/python bench/verdict_suggestion_accuracy.py [--data DIR] [--fit-confidence]

The data set (Pang & Lee 2005: 5,331 positive and 5,331 negative one-sentence snippets
of critics' reviews) is for development only; the project never reads it at run time.

Split: within each file, lines with an even 0-based index form the tuning half and odd
lines the held-out half. The one fitted thing, the confidence curve (--fit-confidence),
and every look at mistakes used the tuning half only; quote the held-out numbers.

Labels are binary, so a "mixed" suggestion is counted as wrong in the strict accuracy;
"decided accuracy" is measured over the non-mixed suggestions only, with the share of
snippets that got one ("coverage").
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from critics.consensus import suggest  # noqa: E402

LABELS = (suggest.POSITIVE, suggest.NEGATIVE)
VERDICTS = (suggest.POSITIVE, suggest.MIXED, suggest.NEGATIVE)


def default_data_dir() -> Path:
    for candidate in (
        Path("/work/shared/datasets/rt-polarity"),
        REPO.parent / "shared/datasets/rt-polarity",
    ):
        if candidate.is_dir():
            return candidate
    return Path("../shared/datasets/rt-polarity")


def read_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return [line.strip() for line in text.splitlines() if line.strip()]


def load(data_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """{"tune": [(label, text)...], "held-out": [...]} with the even/odd split."""
    halves: dict[str, list[tuple[str, str]]] = {"tune": [], "held-out": []}
    for label, name in (
        (suggest.POSITIVE, "rt-polarity.pos"),
        (suggest.NEGATIVE, "rt-polarity.neg"),
    ):
        for index, line in enumerate(read_lines(data_dir / name)):
            halves["tune" if index % 2 == 0 else "held-out"].append((label, line))
    return halves


def evaluate(rows: Sequence[tuple[str, str]]) -> dict:
    confusion: Counter[tuple[str, str]] = Counter()
    by_confidence: Counter[tuple[int, bool]] = Counter()
    for label, text in rows:
        result = suggest.suggest_verdict(text)
        verdict = result.verdict if result else suggest.MIXED
        confusion[label, verdict] += 1
        if result and verdict != suggest.MIXED:
            bucket = min(9, int(result.confidence * 10))
            by_confidence[bucket, verdict == label] += 1
    total = len(rows)
    correct = sum(confusion[label, label] for label in LABELS)
    decided = sum(confusion[label, verdict] for label in LABELS for verdict in LABELS)
    return {
        "total": total,
        "strict": correct / total,
        "coverage": decided / total,
        "decided": correct / decided if decided else math.nan,
        "confusion": confusion,
        "by_confidence": by_confidence,
    }


def plain_vader(rows: Sequence[tuple[str, str]]) -> dict:
    """Unmodified VADER on each whole snippet with its published +/-0.05 cut-offs."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    right = decided = 0
    for label, text in rows:
        compound = analyzer.polarity_scores(text)["compound"]
        if -0.05 < compound < 0.05:
            continue
        decided += 1
        right += (compound > 0) == (label == suggest.POSITIVE)
    return {
        "strict": right / len(rows),
        "decided": right / decided,
        "coverage": decided / len(rows),
    }


def report(name: str, result: dict, baseline: dict) -> None:
    print(f"\n## {name} half: {result['total']} snippets")
    print(f"strict accuracy (mixed counted wrong): {result['strict']:.1%}")
    print(
        f"decided accuracy (non-mixed only):     {result['decided']:.1%}"
        f"  at coverage {result['coverage']:.1%}"
    )
    print(
        f"plain VADER for comparison:            {baseline['strict']:.1%} strict,"
        f" {baseline['decided']:.1%} decided at coverage {baseline['coverage']:.1%}"
    )
    print("\nconfusion (rows: true label, columns: suggestion)")
    print(f"{'':>10}" + "".join(f"{v:>10}" for v in VERDICTS))
    for label in LABELS:
        print(f"{label:>10}" + "".join(f"{result['confusion'][label, v]:>10}" for v in VERDICTS))
    print("\ndecided suggestions by confidence: count, share right")
    for bucket in range(10):
        right = result["by_confidence"][bucket, True]
        count = right + result["by_confidence"][bucket, False]
        if count:
            print(f"  {bucket / 10:.1f}-{(bucket + 1) / 10:.1f}: {count:>5}  {right / count:.1%}")


def fit_confidence(rows: Iterable[tuple[str, str]]) -> tuple[float, float]:
    """Logistic fit of P(right) on |mean compound| over decided snippets (Newton's method).

    This is how suggest._CONF_INTERCEPT and _CONF_SLOPE were obtained (tuning half).
    """
    points = []
    for label, text in rows:
        score = suggest.score_text(text)
        if score.evaluative:
            points.append((abs(score.mean), float((score.mean > 0) == (label == LABELS[0]))))
    a = b = 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in points:
            p = 1.0 / (1.0 + math.exp(-(a + b * x)))
            w = p * (1.0 - p)
            ga, gb = ga + (y - p), gb + (y - p) * x
            haa, hab, hbb = haa + w, hab + w * x, hbb + w * x * x
        det = haa * hbb - hab * hab
        a += (hbb * ga - hab * gb) / det
        b += (haa * gb - hab * ga) / det
    return a, b


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument(
        "--fit-confidence", action="store_true", help="refit the confidence curve (tuning half)"
    )
    args = parser.parse_args(argv)
    if not (args.data / "rt-polarity.pos").is_file():
        parser.error(f"no rt-polarity.pos under {args.data}")
    halves = load(args.data)
    print(f"data: {args.data}  split: even lines tune, odd lines held out")
    if args.fit_confidence:
        intercept, slope = fit_confidence(halves["tune"])
        print(
            f"confidence logistic on the tuning half: intercept {intercept:.2f}, slope {slope:.2f}"
        )
    for name in ("tune", "held-out"):
        report(name, evaluate(halves[name]), plain_vader(halves[name]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
