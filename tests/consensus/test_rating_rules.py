"""Which conversion rule read a rating: the receipt and the method page name it."""

from decimal import Decimal

import pytest

from consensus import ratings
from consensus.method import Band, band_ranges
from consensus.ratings import RatingError, explain_rating, parse_rating
from consensus.verdicts import describe_score_verdict


@pytest.mark.parametrize(
    ("text", "scale", "rule", "explanation"),
    [
        ("4/5", None, ratings.FRACTION, "4 out of 5 → 4 ÷ 5 × 100 = 80.0"),
        ("3 1/2 out of 4", None, ratings.FRACTION, "3.5 out of 4 → 3.5 ÷ 4 × 100 = 87.5"),
        ("85/100", None, ratings.FRACTION, "85 out of 100 → 85 ÷ 100 × 100 = 85.0"),
        ("b+", None, ratings.LETTER_GRADE, "letter grade B+ → 83.0 (Metacritic's table)"),
        ("A−", None, ratings.LETTER_GRADE, "letter grade A- → 91.0 (Metacritic's table)"),
        ("★★★½", None, ratings.STARS, "3.5 stars out of 5 → 3.5 ÷ 5 × 100 = 70.0"),
        ("3.5 stars", None, ratings.STARS, "3.5 stars out of 5 → 3.5 ÷ 5 × 100 = 70.0"),
        (
            "★★★",
            4,
            ratings.PUBLICATION_STARS,
            "3 stars out of 4 (the publication's scale) → 3 ÷ 4 × 100 = 75.0",
        ),
        ("★★★☆☆", None, ratings.DRAWN_STARS, "3 of 5 stars drawn → 3 ÷ 5 × 100 = 60.0"),
        (
            "7",
            10,
            ratings.BARE_NUMBER,
            "7 on the publication's scale of 10 → 7 ÷ 10 × 100 = 70.0",
        ),
    ],
)
def test_each_rating_names_the_rule_that_scored_it(text, scale, rule, explanation):
    conversion = explain_rating(text, scale=scale)
    assert conversion.rule == rule
    assert conversion.explanation == explanation
    assert conversion.score == parse_rating(text, scale=scale)


def test_blank_rating_has_no_rule_and_unreadable_ones_are_refused_alike():
    assert explain_rating("  ") is None
    for text in ("5/4", "F+", "3", "great"):
        with pytest.raises(RatingError):
            explain_rating(text)
        with pytest.raises(RatingError):
            parse_rating(text)


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (Decimal("60.0"), "60.0 is 60 or more: positive"),
        (Decimal("59.9"), "59.9 is from 40 up to 60: mixed"),
        (Decimal("40.0"), "40.0 is from 40 up to 60: mixed"),
        (Decimal("39.9"), "39.9 is below 40: negative"),
    ],
)
def test_score_verdict_rule_in_words(score, words):
    assert describe_score_verdict(score) == words


def test_bands_as_ranges_cover_0_to_100_without_gaps():
    bands = band_ranges(((90, "High"), (40, "Middle"), (0, "Low")))
    assert bands == [Band(90, 100, "High"), Band(40, 89, "Middle"), Band(0, 39, "Low")]
