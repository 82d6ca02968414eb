"""The verdict model on rt-polarity's held-out half: accuracy, calibration and speed.

    .venv/bin/python bench/verdict_model.py [--data DIR] [--model FILE] [--repeat N]

The data set (Pang & Lee 2005: 5,331 positive and 5,331 negative one-sentence snippets
of critics' reviews) is for development only; the site never reads it. Split: in each
file, even-numbered lines (0-based) are the tuning half and odd lines the held-out
half. This script trains the shipped recipe (consensus.training.Recipe) on the
tuning half only, in memory, and measures it once on the held-out half, which no
choice of the recipe ever looked at:

- forced choice: positive when the probability is at least 0.5 (target >= 80%);
- the suggestion as editors see it (a "mixed" suggestion counts as wrong);
- expected calibration error of the confidence, 10 equal-width bins over 0.5-1.0
  (target <= 0.05), with the reliability table;
- plain VADER (compound >= 0 is positive) on the same half, for comparison;
- speed on one core (CPU time of this process, so other load on the machine counts
  less): sentences per second for a fresh model (every word new to its cache) and
  for the same model again (target >= 5,000), for the held-out model and the shipped
  model file (or --model).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from consensus import training  # noqa: E402
from consensus.classifier import (  # noqa: E402
    DEFAULT_PATH,
    load_model,
    model_from_dict,
)
from consensus.suggest import NEGATIVE, POSITIVE, suggest_verdict  # noqa: E402

BINS = 10


def default_data_dir() -> Path:
    for candidate in (
        Path("/work/shared/datasets/rt-polarity"),
        REPO.parent / "shared/datasets/rt-polarity",
    ):
        if candidate.is_dir():
            return candidate
    return Path("../shared/datasets/rt-polarity")


def calibration(probabilities, labels) -> tuple[float, list[tuple]]:
    """(expected calibration error, [(low, high, count, mean confidence, accuracy)])."""
    rows, error, total = [], 0.0, len(labels)
    width = 0.5 / BINS
    for index in range(BINS):
        low, high = 0.5 + index * width, 0.5 + (index + 1) * width
        members = [
            (max(p, 1 - p), (p >= 0.5) == label)
            for p, label in zip(probabilities, labels, strict=True)
            if low <= max(p, 1 - p) < high or (index == BINS - 1 and max(p, 1 - p) == 1.0)
        ]
        if not members:
            rows.append((low, high, 0, None, None))
            continue
        confidence = sum(c for c, _ in members) / len(members)
        accuracy = sum(r for _, r in members) / len(members)
        error += len(members) / total * abs(confidence - accuracy)
        rows.append((low, high, len(members), confidence, accuracy))
    return error, rows


def speed(model_factory, texts, repeat: int) -> tuple[float, float]:
    """(sentences/s with a fresh model, sentences/s again): best of `repeat` CPU timings."""
    cold = warm = 0.0
    for _ in range(repeat):
        model = model_factory()
        for attempt in ("cold", "warm"):
            started = time.process_time()
            for text in texts:
                model.logit(text)
            rate = len(texts) / max(time.process_time() - started, 1e-9)
            if attempt == "cold":
                cold = max(cold, rate)
            else:
                warm = max(warm, rate)
    return cold, warm


def vader_accuracy(texts, labels) -> float | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    right = sum(
        (analyzer.polarity_scores(text)["compound"] >= 0) == label
        for text, label in zip(texts, labels, strict=True)
    )
    return right / len(texts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--model", type=Path, default=DEFAULT_PATH, help="shipped model file")
    parser.add_argument("--repeat", type=int, default=3, help="speed runs (best is kept)")
    args = parser.parse_args(argv)

    tuning = training.TrainingData(training.rt_examples(args.data, "tuning"))
    held_out = training.rt_examples(args.data, "held-out")
    texts = [e.text for e in held_out]
    labels = [e.label == training.POSITIVE for e in held_out]
    print(
        f"rt-polarity: tuning half {len(tuning.examples):,} snippets (training), "
        f"held-out half: {len(held_out):,} snippets"
    )

    started = time.perf_counter()
    trained = training.train(tuning, description="rt-polarity tuning half (bench)")
    print(
        f"trained on the tuning half in {time.perf_counter() - started:.1f} s "
        f"({len(trained['weights']):,} features, "
        f"cross-validated on the tuning half {trained['card']['cross_validated_accuracy']:.1%})"
    )
    model = model_from_dict(trained)

    probabilities = [model.probability(text) for text in texts]
    forced = sum((p >= 0.5) == label for p, label in zip(probabilities, labels, strict=True))
    suggested = [suggest_verdict(text, model) for text in texts]
    strict = sum(
        s is not None and s.verdict == (POSITIVE if label else NEGATIVE)
        for s, label in zip(suggested, labels, strict=True)
    )
    mixed = sum(s is not None and s.verdict not in (POSITIVE, NEGATIVE) for s in suggested)
    error, rows = calibration(probabilities, labels)
    vader = vader_accuracy(texts, labels)

    print("\n| held-out half | value | target |")
    print("| --- | --- | --- |")
    print(f"| forced choice accuracy | **{forced / len(texts):.1%}** | >= 80% |")
    print(
        f"| suggestion accuracy (mixed counts wrong) | {strict / len(texts):.1%} "
        f"({mixed} mixed) | |"
    )
    print(f"| expected calibration error | **{error:.3f}** | <= 0.05 |")
    if vader is not None:
        print(f"| plain VADER, forced choice | {vader:.1%} | |")

    print("\nreliability (confidence of the suggested side, held-out half)\n")
    print("| confidence | snippets | mean confidence | share right |")
    print("| --- | --- | --- | --- |")
    for low, high, count, confidence, accuracy in rows:
        if count:
            print(f"| {low:.2f}-{high:.2f} | {count:,} | {confidence:.3f} | {accuracy:.3f} |")
        else:
            print(f"| {low:.2f}-{high:.2f} | 0 | | |")

    print("\nspeed, one core (CPU time), sentences/s: fresh model / same model again\n")
    held_cold, held_warm = speed(lambda: model_from_dict(trained), texts, args.repeat)
    print(f"| held-out model | {held_cold:,.0f} | {held_warm:,.0f} |")
    if args.model.exists():
        shipped = load_model(args.model)
        cold, warm = speed(lambda: load_model(args.model), texts, args.repeat)
        print(f"| shipped model {shipped.version} | {cold:,.0f} | {warm:,.0f} |")
        started = time.process_time()
        load_model(args.model)
        print(
            f"\nloading the shipped model: {time.process_time() - started:.2f} s CPU, "
            f"{args.model.stat().st_size / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
