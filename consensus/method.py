"""The method's version and what changed in it, for the method page and every score receipt.

Bump METHOD_VERSION and add a line to METHOD_CHANGES whenever a rule that changes a
published figure changes (a conversion, a threshold, a band, what counts), and say so
in docs/consensus.md, which the method page follows.
"""

from collections.abc import Sequence
from typing import NamedTuple

METHOD_VERSION = "2026.12"

# Newest first: (version, what changed, in a reader's words).
METHOD_CHANGES: tuple[tuple[str, str], ...] = (
    (
        "2026.12",
        "The method is published with a version number, and every film has a score "
        "receipt listing each review the figures count. Each counted verdict records where "
        "it comes from (the rating, the critic, an editor, or a text-model suggestion an "
        "editor accepted). The label is a band of percent positive only; Metacritic's bands "
        "describe the average score, and only once enough reviews have a score.",
    ),
    (
        "2026.11",
        "First public method: ratings converted to scores from 0 to 100, verdicts from "
        "scores or editors, percent positive, the average score, and figures withheld while "
        "too few reviews have a verdict.",
    ),
)


class Band(NamedTuple):
    low: int
    high: int
    label: str


def band_ranges(bands: Sequence[tuple[int, str]], *, top: int = 100) -> list[Band]:
    """((floor, label), ...), highest floor first, as whole-number ranges: 90-100, 70-89..."""
    ranges, high = [], top
    for floor, label in bands:
        ranges.append(Band(floor, high, label))
        high = floor - 1
    return ranges
