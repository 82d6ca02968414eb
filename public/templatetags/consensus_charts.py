"""Inline SVG charts of a film's consensus: geometry here, drawing in the templates.

Sizes are SVG attributes, colours come from the stylesheet (CSP forbids style attributes).
"""

from django import template

from consensus.verdicts import MIXED_FROM, POSITIVE_FROM, verdict_from_score

register = template.Library()

VERDICTS = (
    ("positive", "Positive"),
    ("mixed", "Mixed"),
    ("negative", "Negative"),
    # "Unrated" would clash with "no rating": a review can have a verdict but no rating.
    ("unrated", "Without a verdict"),
)
BAR_WIDTH = 300
HISTOGRAM_HEIGHT = 80
BIN_WIDTH = 30
COUNT_ROOM = 14  # above the tallest bar, for its count
# The histogram's legend: each bar is coloured by the verdict its scores give.
SCORE_BANDS = (
    ("negative", f"Negative: below {MIXED_FROM}"),
    ("mixed", f"Mixed: {MIXED_FROM}–{POSITIVE_FROM - 1}"),
    ("positive", f"Positive: {POSITIVE_FROM} and above"),
)


@register.inclusion_tag("films/_verdict_chart.html")
def verdict_chart(consensus):
    counts = [(key, label, getattr(consensus, f"{key}_count")) for key, label in VERDICTS]
    total = sum(count for _, _, count in counts)
    segments, x = [], 0.0
    for key, _label, count in counts:
        width = BAR_WIDTH * count / total if total else 0
        if width:
            segments.append({"key": key, "x": round(x, 2), "width": round(width, 2)})
        x += width
    summary = ", ".join(f"{count} {label.lower()}" for _, label, count in counts)
    return {
        "segments": segments,
        "rows": counts,
        "total": total,
        "summary": summary,
        "width": BAR_WIDTH,
    }


@register.inclusion_tag("films/_score_histogram.html")
def score_histogram(consensus):
    bins = list(consensus.score_histogram or [0] * 10)
    tallest = max(bins, default=0)
    bars = []
    baseline = COUNT_ROOM + HISTOGRAM_HEIGHT
    for index, count in enumerate(bins):
        height = round(HISTOGRAM_HEIGHT * count / tallest, 2) if tallest else 0
        low = index * 10
        bars.append(
            {
                "x": index * BIN_WIDTH + 2,
                "y": baseline - height,
                "height": height,
                "count": count,
                "count_x": index * BIN_WIDTH + BIN_WIDTH / 2,
                "count_y": baseline - height - 3,
                # Bins are ten points wide and the bands start at 40 and 60, so a bin's
                # lowest score gives the verdict of every score in it.
                "band": verdict_from_score(low),
                "range": f"{low}–{low + 9 if index < 9 else 100}",
            }
        )
    return {
        "bars": bars,
        "bands": SCORE_BANDS,
        "scored": sum(bins),
        "width": BIN_WIDTH * len(bins),
        "baseline": baseline,
        "height": baseline + 16,
        "bar_width": BIN_WIDTH - 4,
    }
