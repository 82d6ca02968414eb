"""A film's consensus figures, each checked against values worked out by hand."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consensus.figures import (
    NOT_ENOUGH_REVIEWS,
    ReviewFacts,
    VerdictCounts,
    compute_figures,
    percent_band,
    score_band,
)
from consensus.verdicts import Verdict, verdict_from_score

P, M, N = Verdict.POSITIVE, Verdict.MIXED, Verdict.NEGATIVE


def scored(review_id, score, verdict=None, *, top=False):
    """A review with a score; the verdict follows the score unless an editor gave one."""
    score = Decimal(score)
    source = "editor" if verdict else "rating"
    return ReviewFacts(review_id, score, verdict or verdict_from_score(score), top, source)


def unscored(review_id, verdict, *, top=False, source="editor"):
    return ReviewFacts(review_id, None, verdict, top, source if verdict else None)


@pytest.fixture
def mixed_set():
    return [
        scored(1, "90.0", top=True),
        scored(2, "75.0"),
        scored(3, "62.5"),
        scored(4, "50.0"),
        scored(5, "30.0", top=True),
        unscored(6, P, top=True),
        unscored(7, None),
    ]


def test_a_mixed_set_of_reviews_gives_every_figure(mixed_set):
    figures = compute_figures(mixed_set)

    assert figures.review_count == 7
    assert figures.counts == VerdictCounts(positive=4, mixed=1, negative=1, unrated=1)
    assert figures.rated_count == 6
    assert figures.scored_count == 5
    assert figures.percent_positive == 67  # 4 / 6 = 66.67%
    assert figures.average_score == Decimal("61.5")  # 307.5 / 5
    assert figures.provisional is False
    assert figures.public_percent_positive == 67
    assert figures.public_average_score == Decimal("61.5")
    assert figures.label == "Divided"  # 67% positive
    assert figures.label_basis == "percent_positive"
    assert figures.score_label == "Generally favorable"  # 61.5 from 5 scores
    assert figures.verdict_sources == {"rating": 5, "critic": 0, "editor": 1, "model": 0}
    assert figures.agreement == Decimal("0.67")
    assert figures.majority_verdict is P
    assert figures.histogram.verdicts == figures.counts
    assert figures.histogram.scores == (0, 0, 0, 1, 0, 1, 1, 1, 0, 1)
    assert figures.dissent_review_id == 5


def test_top_critics_get_their_own_figures(mixed_set):
    top = compute_figures(mixed_set).top_critics

    assert top.review_count == 3
    assert top.counts == VerdictCounts(positive=2, mixed=0, negative=1, unrated=0)
    assert top.rated_count == 3
    assert top.percent_positive == 67  # 2 / 3
    assert top.average_score == Decimal("60.0")  # (90 + 30) / 2
    assert top.provisional is True
    assert top.public_percent_positive is None
    assert top.public_average_score is None


def test_top_critics_with_none_marked():
    top = compute_figures([scored(1, "80.0")]).top_critics
    assert top.review_count == 0
    assert top.percent_positive is None
    assert top.average_score is None
    assert top.provisional is True


def test_percent_positive_rounds_half_up():
    # 5 positive of 8 rated = 62.5% -> 63
    reviews = [unscored(i, P) for i in range(5)] + [unscored(i, N) for i in range(5, 8)]
    assert compute_figures(reviews).percent_positive == 63


def test_average_score_rounds_half_up():
    reviews = [scored(1, "70.0"), scored(2, "70.1")]
    assert compute_figures(reviews).average_score == Decimal("70.1")  # 70.05


def test_a_tie_has_agreement_but_no_majority_or_dissent():
    reviews = [scored(1, "80.0"), scored(2, "70.0"), scored(3, "20.0"), scored(4, "30.0")]
    figures = compute_figures(reviews)

    assert figures.agreement == Decimal("0.50")
    assert figures.majority_verdict is None
    assert figures.dissent_review_id is None
    assert figures.percent_positive == 50
    assert figures.average_score == Decimal("50.0")
    assert figures.label == "Divided"
    assert figures.score_label == "Mixed or average"


def test_a_three_way_tie_has_a_third_agreement():
    figures = compute_figures([unscored(1, P), unscored(2, M), unscored(3, N)])
    assert figures.agreement == Decimal("0.33")
    assert figures.majority_verdict is None


def test_all_unrated_reviews_give_no_numbers():
    figures = compute_figures([unscored(1, None), unscored(2, None), unscored(3, None)])

    assert figures.review_count == 3
    assert figures.counts == VerdictCounts(unrated=3)
    assert figures.rated_count == 0
    assert figures.percent_positive is None
    assert figures.average_score is None
    assert figures.agreement is None
    assert figures.majority_verdict is None
    assert figures.provisional is True
    assert figures.label == NOT_ENOUGH_REVIEWS
    assert figures.label_basis is None
    assert figures.score_label == ""
    assert figures.verdict_sources == {"rating": 0, "critic": 0, "editor": 0, "model": 0}
    assert figures.histogram.scores == (0,) * 10
    assert figures.dissent_review_id is None


def test_no_reviews_at_all():
    figures = compute_figures([])
    assert figures.review_count == 0
    assert figures.label == NOT_ENOUGH_REVIEWS
    assert figures.percent_positive is None


def test_below_the_minimum_the_figures_are_provisional():
    figures = compute_figures([scored(1, "80.0"), scored(2, "90.0"), scored(3, "70.0")])

    assert figures.provisional is True
    assert figures.percent_positive == 100
    assert figures.average_score == Decimal("80.0")
    assert figures.public_percent_positive is None
    assert figures.public_average_score is None
    assert figures.label == NOT_ENOUGH_REVIEWS
    assert figures.label_basis is None
    assert figures.score_label == ""


def test_exactly_at_the_minimum_the_figures_are_public():
    reviews = [unscored(1, P), unscored(2, P), unscored(3, P), unscored(4, M)]
    figures = compute_figures(reviews)

    assert figures.provisional is False
    assert figures.public_percent_positive == 75
    assert figures.public_average_score is None
    assert figures.label == "Mostly positive"
    assert figures.label_basis == "percent_positive"
    assert figures.score_label == ""


def test_unrated_reviews_do_not_count_toward_the_minimum():
    reviews = [unscored(1, P), unscored(2, P), unscored(3, P), unscored(4, None)]
    assert compute_figures(reviews).provisional is True


def test_the_minimum_can_be_changed():
    reviews = [unscored(1, P), unscored(2, N)]
    assert compute_figures(reviews, min_reviews=2).provisional is False
    with pytest.raises(ValueError, match="min_reviews"):
        compute_figures(reviews, min_reviews=0)


def test_label_bands_the_percentage_even_when_enough_reviews_are_scored():
    # 4 of 5 positive (80%) with scores averaging 67.5: the label says what the badge's
    # number says; the average gets its own band in score_label.
    reviews = [
        scored(1, "60.0"),
        scored(2, "60.0"),
        scored(3, "60.0"),
        scored(4, "90.0"),
        unscored(5, N),
    ]
    figures = compute_figures(reviews)
    assert figures.percent_positive == 80
    assert figures.average_score == Decimal("67.5")
    assert figures.label == "Mostly positive"
    assert figures.label_basis == "percent_positive"
    assert figures.score_label == "Generally favorable"


def test_five_of_six_positive_with_two_scores_has_no_score_band():
    # The film: 83% positive, an average of 65 from only 2 rated reviews.
    reviews = [scored(1, "70.0"), scored(2, "60.0")]
    reviews += [unscored(i, P) for i in range(3, 6)] + [unscored(6, N)]
    figures = compute_figures(reviews)
    assert figures.percent_positive == 83
    assert figures.average_score == Decimal("65.0")
    assert figures.scored_count == 2
    assert figures.label == "Mostly positive"
    assert figures.score_label == ""  # 2 scores are too few to band an average
    assert figures.verdict_sources == {"rating": 2, "critic": 0, "editor": 4, "model": 0}


def test_verdicts_are_counted_by_source_and_unrated_reviews_have_none():
    reviews = [
        scored(1, "80.0"),
        unscored(2, P, source="critic"),
        unscored(3, N, source="critic"),
        unscored(4, P, source="model"),
        scored(5, "30.0", M),  # an editor overruled the rating
        unscored(6, None),
    ]
    figures = compute_figures(reviews)
    assert figures.verdict_sources == {"rating": 1, "critic": 2, "editor": 1, "model": 1}
    assert sum(figures.verdict_sources.values()) == figures.rated_count


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0, "Overwhelming dislike"),
        (19, "Overwhelming dislike"),
        (20, "Generally unfavorable"),
        (39, "Generally unfavorable"),
        (40, "Mixed or average"),
        (60, "Mixed or average"),
        (61, "Generally favorable"),
        (80, "Generally favorable"),
        (81, "Universal acclaim"),
        (100, "Universal acclaim"),
        (Decimal("19.4"), "Overwhelming dislike"),
        (Decimal("19.5"), "Generally unfavorable"),
        (Decimal("39.5"), "Mixed or average"),
        (Decimal("60.4"), "Mixed or average"),
        (Decimal("60.5"), "Generally favorable"),
        (Decimal("80.4"), "Generally favorable"),
        (Decimal("80.5"), "Universal acclaim"),
    ],
)
def test_score_band_boundaries_round_half_up_first(value, label):
    assert score_band(value) == label


@pytest.mark.parametrize("value", [-1, 101, Decimal("100.5")])
def test_score_band_outside_the_scale_is_refused(value):
    with pytest.raises(ValueError, match="outside 0-100"):
        score_band(value)


def test_an_average_of_80_5_is_in_the_universal_acclaim_score_band():
    reviews = [scored(1, "80.0"), scored(2, "81.0"), scored(3, "80.0"), scored(4, "81.0")]
    figures = compute_figures(reviews)
    assert figures.average_score == Decimal("80.5")
    assert figures.score_label == "Universal acclaim"
    assert figures.label == "Overwhelmingly positive"  # 4 of 4 positive


@pytest.mark.parametrize(
    ("positive", "label"),
    [
        (0, "Overwhelmingly negative"),
        (10, "Overwhelmingly negative"),
        (11, "Mostly negative"),
        (30, "Mostly negative"),
        (31, "Divided"),
        (69, "Divided"),
        (70, "Mostly positive"),
        (89, "Mostly positive"),
        (90, "Overwhelmingly positive"),
        (100, "Overwhelmingly positive"),
    ],
)
def test_percentage_band_boundaries(positive, label):
    reviews = [unscored(i, P if i < positive else N) for i in range(100)]
    figures = compute_figures(reviews)
    assert figures.percent_positive == positive
    assert figures.label == label == percent_band(positive)


def test_percentage_bands_are_symmetric_about_an_even_split():
    mirrored = {"positive": "negative", "negative": "positive", "Divided": "Divided"}
    for percent in range(101):
        words = percent_band(percent).split()
        opposite = percent_band(100 - percent).split()
        assert words[:-1] == opposite[:-1]
        assert mirrored.get(words[-1], words[-1]) == opposite[-1]


@pytest.mark.parametrize("value", [-1, 101])
def test_percentage_band_outside_0_to_100_is_refused(value):
    with pytest.raises(ValueError, match="outside 0-100"):
        percent_band(value)


def test_histogram_puts_0_in_the_first_bin_and_100_in_the_last():
    reviews = [
        scored(1, "0.0"),
        scored(2, "9.9"),
        scored(3, "10.0"),
        scored(4, "55.5"),
        scored(5, "89.9"),
        scored(6, "90.0"),
        scored(7, "99.9"),
        scored(8, "100.0"),
        unscored(9, P),
    ]
    histogram = compute_figures(reviews).histogram
    assert histogram.scores == (2, 1, 0, 0, 0, 1, 0, 0, 1, 3)
    assert histogram.verdicts == VerdictCounts(positive=5, mixed=1, negative=3, unrated=0)


def test_scores_outside_0_to_100_are_refused():
    with pytest.raises(ValueError, match=r"review 3 has score 100\.1"):
        compute_figures([scored(3, "100.1", P)])


def test_no_dissent_when_unanimous():
    reviews = [scored(1, "90.0"), scored(2, "65.0"), unscored(3, P), unscored(4, None)]
    assert compute_figures(reviews).dissent_review_id is None


def test_dissent_prefers_the_most_opposite_verdict():
    # The mixed review (41.0) is further from the 72.2 average than the negative one
    # (an editor's "negative" on a 65.0), but a negative review outranks a mixed one.
    reviews = [
        scored(1, "90.0"),
        scored(2, "85.0"),
        scored(3, "80.0"),
        scored(4, "41.0"),
        scored(5, "65.0", N),
    ]
    figures = compute_figures(reviews)
    assert figures.average_score == Decimal("72.2")
    assert figures.dissent_review_id == 5


def test_dissent_falls_back_to_mixed_without_negative_reviews():
    # Average 71.0: review 4 (45.0) is 26 away, review 5 (55.0) is 16 away.
    reviews = [
        scored(1, "90.0"),
        scored(2, "85.0"),
        scored(3, "80.0"),
        scored(4, "45.0"),
        scored(5, "55.0"),
    ]
    assert compute_figures(reviews).dissent_review_id == 4


def test_dissent_places_unscored_reviews_at_their_band_midpoint():
    # Average of the scores 76.3; review 4 (35.0) is 41.3 away, review 5 (no score,
    # negative, so 20) is 56.3 away.
    reviews = [
        scored(1, "90.0"),
        scored(2, "90.0"),
        scored(3, "90.0"),
        scored(4, "35.0"),
        unscored(5, N),
    ]
    figures = compute_figures(reviews)
    assert figures.average_score == Decimal("76.3")
    assert figures.dissent_review_id == 5


def test_dissent_ties_go_to_the_lowest_review_id():
    reviews = [scored(1, "80.0"), scored(2, "80.0"), scored(3, "80.0")]
    reviews += [scored(9, "20.0"), scored(4, "20.0")]
    assert compute_figures(reviews).dissent_review_id == 4


def test_dissent_against_a_mixed_majority_looks_both_ways():
    # Average 50.0; review 8 (90.0) and review 5 (10.0) are both 40 away.
    reviews = [scored(1, "50.0"), scored(2, "50.0"), scored(3, "50.0")]
    reviews += [scored(8, "90.0"), scored(5, "10.0")]
    assert compute_figures(reviews).dissent_review_id == 5


def test_dissent_without_any_scores_measures_from_the_majority_midpoint():
    reviews = [unscored(1, P), unscored(2, P), unscored(3, P), unscored(7, N), unscored(6, N)]
    assert compute_figures(reviews).dissent_review_id == 6


def test_dissent_does_not_depend_on_review_order():
    reviews = [scored(1, "80.0"), scored(2, "80.0"), scored(3, "80.0"), scored(5, "80.0")]
    reviews += [scored(9, "20.0"), scored(4, "20.0"), scored(6, "25.0")]
    assert compute_figures(reviews).dissent_review_id == 4
    assert compute_figures(reviews[::-1]).dissent_review_id == 4


def test_five_thousand_reviews_add_up():
    reviews = [
        scored(i, Decimal(i % 1001) / 10, top=i % 7 == 0) if i % 5 else unscored(i, None)
        for i in range(5000)
    ]
    figures = compute_figures(reviews)
    assert figures.review_count == 5000
    assert figures.counts.unrated == 1000
    assert sum(figures.histogram.scores) == 4000


_REVIEWS = st.lists(
    st.tuples(
        st.none() | st.decimals(min_value=0, max_value=100, places=1),
        st.sampled_from([None, *Verdict]),
        st.booleans(),
        st.sampled_from(["rating", "critic", "editor", "model"]),
    ),
    max_size=40,
).map(
    lambda rows: [
        ReviewFacts(i, score, verdict, top, source if verdict else None)
        for i, (score, verdict, top, source) in enumerate(rows)
    ]
)


@given(_REVIEWS, st.integers(min_value=1, max_value=6))
def test_figures_always_add_up(reviews, min_reviews):
    figures = compute_figures(reviews, min_reviews=min_reviews)
    counts = figures.counts
    scored_count = sum(r.score is not None for r in reviews)

    assert counts.positive + counts.mixed + counts.negative + counts.unrated == len(reviews)
    assert figures.review_count == len(reviews)
    assert figures.rated_count == counts.positive + counts.mixed + counts.negative
    assert figures.percent_positive is None or 0 <= figures.percent_positive <= 100
    assert figures.agreement is None or Decimal(0) <= figures.agreement <= Decimal(1)
    assert len(figures.histogram.scores) == 10
    assert sum(figures.histogram.scores) == scored_count == figures.scored_count
    assert figures.provisional == (figures.rated_count < min_reviews)
    assert sum(figures.verdict_sources.values()) == figures.rated_count
    if figures.provisional:
        assert figures.label == NOT_ENOUGH_REVIEWS
    else:
        assert figures.label == percent_band(figures.percent_positive)
    assert bool(figures.score_label) == (scored_count >= min_reviews)
    if figures.dissent_review_id is not None:
        dissenter = next(r for r in reviews if r.review_id == figures.dissent_review_id)
        assert dissenter.verdict not in (None, figures.majority_verdict)
