"""A critic's printed rating becomes a 0-100 score, or an error an editor can act on."""

import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consensus.ratings import LETTER_GRADES, RatingError, parse_rating


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/4", "75.0"),
        ("2.5/5", "50.0"),
        ("7/10", "70.0"),
        ("87/100", "87.0"),
        ("4/6", "66.7"),
        ("1/6", "16.7"),
        ("0/4", "0.0"),
        ("4/4", "100.0"),
        ("3.5 out of 5", "70.0"),
        ("3 of 4", "75.0"),
        ("3½/4", "87.5"),
        ("2¼/4", "56.3"),
        ("3¾ / 5", "75.0"),
        ("3 1/2 / 4", "87.5"),
        ("3,5/5", "70.0"),
        ("  3/4  ", "75.0"),
        ("3\u20444", "75.0"),
    ],
)
def test_fractions_on_any_scale_score_linearly(text, expected):
    assert parse_rating(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("★★★½", "70.0"),
        ("★★★☆☆", "60.0"),
        ("★★★½☆", "70.0"),
        ("☆☆☆☆☆", "0.0"),
        ("★★★★★", "100.0"),
        ("****", "80.0"),
        ("***1/2", "70.0"),
        ("*** 1/2", "70.0"),
        ("★ ★ ★", "60.0"),
        ("⭐⭐⭐⭐", "80.0"),
        ("3.5 stars", "70.0"),
        ("1 star", "20.0"),
        ("½ star", "10.0"),
        ("4 stars out of 5", "80.0"),
        ("4/5 stars", "80.0"),
        ("3 out of 4 stars", "75.0"),
        ("3.5 STARS", "70.0"),
    ],
)
def test_stars_count_out_of_five_unless_told_otherwise(text, expected):
    assert parse_rating(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        ("★★★", 4, "75.0"),
        ("****", 4, "100.0"),
        ("3.5 stars", 4, "87.5"),
        # Drawn-out stars carry their own scale, which wins over the publication's.
        ("★★★☆☆", 4, "60.0"),
        # So does a scale written in the text.
        ("4 stars out of 5", 4, "80.0"),
    ],
)
def test_star_scale_comes_from_text_then_publication(text, scale, expected):
    assert parse_rating(text, scale=scale) == Decimal(expected)


def test_letter_grades_follow_metacritic_table():
    expected = {
        "A+": 100,
        "A": 100,
        "A-": 91,
        "B+": 83,
        "B": 75,
        "B-": 67,
        "C+": 58,
        "C": 50,
        "C-": 42,
        "D+": 33,
        "D": 25,
        "D-": 16,
        "F": 0,
    }
    assert {grade: parse_rating(grade) for grade in expected} == expected
    assert len(LETTER_GRADES) == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("b+", "83.0"), (" B + ", "83.0"), ("B\u2212", "67.0"), ("B\u2013", "67.0"), ("a-", "91.0")],
)
def test_letter_grades_accept_case_spacing_and_unicode_minus(text, expected):
    assert parse_rating(text) == Decimal(expected)


def test_letter_grade_scores_have_one_decimal_place():
    assert str(parse_rating("B+")) == "83.0"


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        ("3", 5, "60.0"),
        ("7.5", 10, "75.0"),
        ("3", Decimal("4"), "75.0"),
        ("2", 3, "66.7"),
        ("3½", 4, "87.5"),
        ("3 1/2", 4, "87.5"),
        ("0", 5, "0.0"),
    ],
)
def test_bare_numbers_use_the_publication_scale(text, scale, expected):
    assert parse_rating(text, scale=scale) == Decimal(expected)


def test_a_scale_in_the_text_wins_over_the_publication_scale():
    assert parse_rating("3/4", scale=10) == Decimal("75.0")


def test_scores_round_half_up_to_one_decimal():
    # 1/16 = 6.25 exactly: half up gives 6.3 where banker's rounding would give 6.2.
    assert parse_rating("1/16") == Decimal("6.3")
    assert parse_rating("2/3") == Decimal("66.7")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_text_means_no_rating(text):
    assert parse_rating(text) is None


@pytest.mark.parametrize(
    ("text", "scale", "message"),
    [
        ("4.5/4", None, '"4.5/4": the rating 4.5 is above its scale of 4'),
        ("******", None, '"******": the rating 6 is above its scale of 5'),
        ("6 stars", None, '"6 stars": the rating 6 is above its scale of 5'),
        ("7", 5, '"7": the rating 7 is above its scale of 5'),
    ],
)
def test_a_rating_above_its_scale_is_refused(text, scale, message):
    with pytest.raises(RatingError) as caught:
        parse_rating(text, scale=scale)
    assert str(caught.value) == message


def test_a_bare_number_without_a_scale_is_refused():
    with pytest.raises(RatingError, match="a bare number needs the publication's rating scale"):
        parse_rating("3")


@pytest.mark.parametrize(("text", "scale"), [("3/0", "0"), ("3/-4", "-4"), ("3 out of 0", "0")])
def test_a_zero_or_negative_scale_in_the_text_is_refused(text, scale):
    with pytest.raises(RatingError) as caught:
        parse_rating(text)
    assert str(caught.value) == f'"{text}": the scale {scale} must be above zero'


@pytest.mark.parametrize("scale", [0, -5, Decimal("0.0"), Decimal("-1")])
def test_a_zero_or_negative_publication_scale_is_refused(scale):
    with pytest.raises(RatingError, match=r"rating scale .* must be above zero"):
        parse_rating("3", scale=scale)


def test_a_publication_scale_that_is_not_a_number_is_refused():
    with pytest.raises(RatingError, match="is not a number"):
        parse_rating("3", scale=Decimal("NaN"))
    with pytest.raises(RatingError, match="too large"):
        parse_rating("3", scale=10**5000)


@pytest.mark.parametrize("text", ["-3/4", "-1 star", "-2"])
def test_a_negative_rating_is_refused(text):
    with pytest.raises(RatingError, match="is below zero"):
        parse_rating(text, scale=5)


@pytest.mark.parametrize("text", ["great", "1e999999", "NaN/4", "Infinity", "E", "3/4/5", "B++"])
def test_unreadable_text_is_refused_with_examples(text):
    with pytest.raises(RatingError) as caught:
        parse_rating(text)
    assert str(caught.value) == (
        f'"{text}": not a rating this site can read (try "3/4", "B+", "3.5 stars")'
    )


def test_f_has_no_plus_or_minus():
    with pytest.raises(RatingError, match="F has no plus or minus"):
        parse_rating("F+")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("9" * 50 + "/4", "too large to be a rating"),
        ("3/" + "9" * 40, "too large to be a rating"),
        ("9" * 5000, "too long to be a rating"),
        ("1" * 7 + " stars", "too large to be a rating"),
    ],
)
def test_absurdly_large_numbers_are_refused_quickly(text, problem):
    started = time.perf_counter()
    with pytest.raises(RatingError, match=problem):
        parse_rating(text, scale=5)
    assert time.perf_counter() - started < 1


def test_error_messages_quote_long_text_shortened():
    with pytest.raises(RatingError) as caught:
        parse_rating("x" * 80)
    assert str(caught.value).startswith('"' + "x" * 39 + '…"')


def test_rating_error_is_a_value_error():
    assert issubclass(RatingError, ValueError)


def _check_outcome(text, scale=None):
    try:
        score = parse_rating(text, scale=scale)
    except RatingError:
        return
    if score is None:
        assert not text.strip()
        return
    assert isinstance(score, Decimal)
    assert Decimal(0) <= score <= Decimal(100)
    assert score.as_tuple().exponent >= -1
    assert not score.is_signed()


@given(st.text())
def test_any_text_gives_a_score_nothing_or_a_rating_error(text):
    _check_outcome(text)


_PIECES = st.sampled_from(
    [
        *"0123456789",
        "/",
        ".",
        ",",
        "-",
        "+",
        "\u2212",
        " ",
        "★",
        "☆",
        "*",
        "½",
        "¼",
        "¾",
        "1/2",
        "a",
        "b",
        "f",
        "e",
        "out of",
        "of",
        "stars",
        "star",
        "99999999",
        "1e999999",
    ]
)


@given(st.lists(_PIECES, max_size=12).map("".join), st.sampled_from([None, 4, 5, 10, 100]))
def test_rating_like_text_gives_a_score_nothing_or_a_rating_error(text, scale):
    _check_outcome(text, scale)
