"""A review's verdict: an editor's explicit call wins, otherwise the score decides."""

from decimal import Decimal

import pytest

from consensus.verdicts import (
    Verdict,
    effective_verdict,
    parse_verdict,
    verdict_from_score,
)


def test_verdict_values_match_the_model_choices():
    assert [v.value for v in Verdict] == ["positive", "mixed", "negative"]
    assert Verdict.POSITIVE == "positive"


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (Decimal("100.0"), Verdict.POSITIVE),
        (Decimal("60.0"), Verdict.POSITIVE),
        (Decimal("59.9"), Verdict.MIXED),
        (Decimal("40.0"), Verdict.MIXED),
        (Decimal("39.9"), Verdict.NEGATIVE),
        (Decimal("0.0"), Verdict.NEGATIVE),
        (60, Verdict.POSITIVE),
        (59.99, Verdict.MIXED),
        (40.0, Verdict.MIXED),
        (39.99, Verdict.NEGATIVE),
    ],
)
def test_score_boundaries_decide_the_verdict(score, expected):
    assert verdict_from_score(score) is expected


def test_no_score_gives_no_verdict():
    assert verdict_from_score(None) is None


@pytest.mark.parametrize("score", [Decimal("NaN"), Decimal("sNaN"), float("nan")])
def test_a_nan_score_is_refused(score):
    with pytest.raises(ValueError, match="NaN"):
        verdict_from_score(score)


@pytest.mark.parametrize(
    ("explicit", "expected"),
    [
        ("positive", Verdict.POSITIVE),
        ("Mixed", Verdict.MIXED),
        ("NEGATIVE", Verdict.NEGATIVE),
        ("fresh", Verdict.POSITIVE),
        ("Rotten", Verdict.NEGATIVE),
        ("  positive ", Verdict.POSITIVE),
        (Verdict.MIXED, Verdict.MIXED),
    ],
)
def test_explicit_verdicts_accept_tomatometer_words_in_any_case(explicit, expected):
    assert parse_verdict(explicit) is expected


@pytest.mark.parametrize("explicit", ["", "   ", None])
def test_blank_explicit_verdict_counts_as_none(explicit):
    assert parse_verdict(explicit) is None


@pytest.mark.parametrize("explicit", ["great", "pos", "3/4"])
def test_unknown_explicit_verdict_is_refused_clearly(explicit):
    with pytest.raises(ValueError) as caught:
        parse_verdict(explicit)
    message = str(caught.value)
    assert repr(explicit) in message
    assert "positive, mixed or negative" in message


def test_explicit_verdict_wins_over_the_score():
    assert effective_verdict(explicit="negative", score=Decimal("90.0")) is Verdict.NEGATIVE
    assert effective_verdict(explicit="fresh", score=Decimal("10.0")) is Verdict.POSITIVE


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (Decimal("60.0"), Verdict.POSITIVE),
        (Decimal("59.9"), Verdict.MIXED),
        (Decimal("40.0"), Verdict.MIXED),
        (Decimal("39.9"), Verdict.NEGATIVE),
    ],
)
@pytest.mark.parametrize("explicit", [None, "", "  "])
def test_without_explicit_verdict_the_score_decides(explicit, score, expected):
    assert effective_verdict(explicit=explicit, score=score) is expected


def test_neither_verdict_nor_score_is_unrated():
    assert effective_verdict(explicit=None, score=None) is None
    assert effective_verdict(explicit="", score=None) is None


def test_an_unknown_explicit_verdict_is_refused_even_with_a_score():
    with pytest.raises(ValueError, match="not a verdict"):
        effective_verdict(explicit="meh", score=Decimal("75.0"))
