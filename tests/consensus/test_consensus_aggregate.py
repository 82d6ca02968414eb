"""Adding up stored per-review analyses gives the same consensus text as analysing all."""

import random
import re
from pathlib import Path

import pytest

from consensus.aggregate import (
    QuoteCandidate,
    select_quotes,
)
from consensus.aspects import ReviewText, find_aspects
from consensus.statement import generate_statement
from consensus.verdicts import Verdict
from tests.consensus_samples import SENTENCES, via_stored_marks

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seed_documents"


def synthetic_reviews(count, seed):
    chooser = random.Random(seed)
    return [
        ReviewText(review_id=i + 1, body=" ".join(chooser.sample(SENTENCES, k=4)))
        for i in range(count)
    ]


def seed_reviews():
    reviews = []
    for number in ("000", "001", "002", "004"):
        (path,) = SEEDS.glob(f"{number}_*.txt")
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", path.read_text()) if p.strip()]
        reviews.append(ReviewText(int(number) + 1, "\n\n".join(paragraphs[2:])))
    return reviews


def statement_of(aspects):
    return generate_statement(
        film_title="Test Film",
        percent_positive=70,
        rated_count=10,
        provisional=False,
        aspects=aspects,
    )


@pytest.mark.parametrize(
    "reviews",
    [seed_reviews(), synthetic_reviews(12, seed=1), synthetic_reviews(300, seed=2)],
    ids=["seed reviews", "12 synthetic", "300 synthetic"],
)
def test_stored_marks_give_the_same_counts_and_statement_as_full_analysis(reviews):
    full = find_aspects(reviews)
    compact = via_stored_marks(reviews)
    counts = [(a.name, a.mentions, a.positive, a.negative) for a in full]
    assert [(a.name, a.mentions, a.positive, a.negative) for a in compact] == counts
    assert statement_of(compact) == statement_of(full)


def test_only_a_bounded_number_of_reviews_is_fetched_for_evidence():
    fetched = []
    via_stored_marks(synthetic_reviews(500, seed=3), fetched)

    assert 0 < len(fetched) <= 12 * 11 * 2  # aspects x candidates x directions, not 500


def test_quotes_share_slots_by_verdict_with_top_critics_first():
    candidates = [
        QuoteCandidate(1, Verdict.POSITIVE, False, True),
        QuoteCandidate(2, Verdict.POSITIVE, True, True),
        QuoteCandidate(3, Verdict.NEGATIVE, False, True),
        QuoteCandidate(4, Verdict.POSITIVE, False, False),  # nothing to quote
        QuoteCandidate(5, None, True, True),  # unrated: only when nothing rated is quotable
    ]
    assert select_quotes(candidates, limit=2) == [2, 3]
    assert select_quotes(candidates, limit=12) == [2, 1, 3]
    assert select_quotes([QuoteCandidate(5, None, True, True)]) == [5]
