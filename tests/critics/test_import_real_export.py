"""A realistic aggregator export imports whole, and every film's figures count per review.

tests/data/aggregator_export.csv (see tests/data/README.md) has the shapes real exports
have. The expected figures are worked out here from the file alone, with this test's
own reading of each rating (the conversion table published in docs/consensus.md), not
by the code under test.
"""

import csv
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from critics.models import Critic, FilmConsensus, Review

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parents[1] / "data" / "aggregator_export.csv"
TRUE = {"yes", "true", "1"}
# Each rating in the file as a 0-100 score: fractions of their scale, stars of five,
# letters by Metacritic's table.
SCORES = {
    **{f"{n}/4": Fraction(n) / 4 * 100 for n in ("1", "1.5", "2", "2.5", "3", "3.5", "4")},
    **{f"{n}/5": Fraction(n) / 5 * 100 for n in ("1", "2", "2.5", "3", "3.5", "4", "4.5", "5")},
    **{f"{n}/10": Fraction(n) / 10 * 100 for n in ("3", "4", "5", "6", "7", "8", "8.5", "9")},
    **{f"{n}/100": Fraction(n) for n in ("31", "44", "50", "58", "68", "75", "82", "91")},
    **{f"{n} stars": Fraction(n) / 5 * 100 for n in ("2", "2.5", "3", "3.5", "4", "4.5", "5")},
    "1 star": Fraction(20),
    "*": Fraction(20),
    "**": Fraction(40),
    "**1/2": Fraction(50),
    "***": Fraction(60),
    "***1/2": Fraction(70),
    "****": Fraction(80),
    "****1/2": Fraction(90),
    "*****": Fraction(100),
    "★★½": Fraction(50),
    "★★★½": Fraction(70),
    **{"A": 100, "A-": 91, "B+": 83, "B": 75, "B-": 67, "C+": 58, "C": 50, "C-": 42},
    **{"D+": 33, "D": 25, "F": 0},
}


def expected_figures() -> dict[tuple[str, int], dict]:
    """Per film (title, year): the figures, counted from the file's rows."""
    with EXPORT.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    seen, films = set(), defaultdict(list)
    for row in rows:
        identity = tuple(value for name, value in row.items() if name != "top_critic")
        if identity in seen:
            continue  # the same review listed twice
        seen.add(identity)
        score = Fraction(SCORES[row["rating"]]) if row["rating"] else None
        verdict = {"fresh": "positive", "rotten": "negative"}.get(row["verdict"])
        if verdict is None:
            verdict = "positive" if score >= 60 else "mixed" if score >= 40 else "negative"
        films[(row["film"], int(row["year"]))].append(
            (verdict, score, row["top_critic"].lower() in TRUE)
        )
    return {film: _figures(reviews) for film, reviews in films.items()}


def _figures(reviews) -> dict:
    def percent(group):
        positive = sum(1 for verdict, _, _ in group if verdict == "positive")
        return int((Fraction(positive * 100, len(group)) + Fraction(1, 2)) // 1)

    scores = [score for _, score, _ in reviews if score is not None]
    average = None
    if scores:
        mean = sum(scores) / len(scores)
        average = (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    top = [review for review in reviews if review[2]]
    return {
        "review_count": len(reviews),
        "positive_count": sum(1 for verdict, _, _ in reviews if verdict == "positive"),
        "mixed_count": sum(1 for verdict, _, _ in reviews if verdict == "mixed"),
        "negative_count": sum(1 for verdict, _, _ in reviews if verdict == "negative"),
        "percent_positive": percent(reviews),
        "average_score": average,
        "top_critic_review_count": len(top),
        "top_critic_percent_positive": percent(top) if top else None,
    }


@pytest.fixture
def imported(django_capture_on_commit_callbacks):
    out, err = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_reviews",
            str(EXPORT),
            "--create-films",
            "--workers",
            "1",
            stdout=out,
            stderr=err,
        )
    return out.getvalue(), err.getvalue()


def test_the_whole_export_imports_with_every_rating_read(imported):
    out, err = imported
    assert "320 rows read: 318 new reviews, 0 unchanged" in out
    assert "2 duplicate rows skipped, 0 invalid rows." in out
    # Only the two repeated rows are mentioned, as warnings: no line is refused.
    assert [line for line in err.splitlines() if line] == [
        line for line in err.splitlines() if line.startswith("warning: line ")
    ]
    assert len(err.splitlines()) == 2
    assert Review.objects.count() == 318
    assert not Review.objects.filter(rating__gt="", score__isnull=True).exists()


def test_every_film_s_figures_are_the_file_s_count_of_its_reviews(imported):
    expected = expected_figures()
    stored = {
        (c.film.title, c.film.release_year): c for c in FilmConsensus.objects.select_related("film")
    }
    assert set(stored) == set(expected)
    for film, figures in expected.items():
        consensus = stored[film]
        found = {name: getattr(consensus, name) for name in figures}
        assert found == figures, film


def test_a_critic_can_be_a_top_critic_at_one_outlet_and_not_another(imported):
    mara = Review.objects.filter(critic__name="Mara Quist")
    assert set(
        mara.filter(publication__name="The Northern Ledger").values_list("is_top_critic", flat=True)
    ) == {True}
    assert set(
        mara.filter(publication__name="Reel Talk Weekly").values_list("is_top_critic", flat=True)
    ) == {False}
    # Her latest row that says decides her status for reviews written later.
    with EXPORT.open(encoding="utf-8", newline="") as stream:
        hers = [r for r in csv.DictReader(stream) if r["critic"] == "Mara Quist" and r["date"]]
    latest = max(hers, key=lambda row: row["date"])
    assert Critic.objects.get(name="Mara Quist").is_top_critic == (
        latest["top_critic"].lower() in TRUE
    )


def test_a_critic_who_became_a_top_critic_counts_as_one_only_from_then(imported):
    dev = Review.objects.filter(critic__name="Dev Okafor", published_on__isnull=False)
    assert all(r.is_top_critic == (r.published_on.year >= 2019) for r in dev)
    assert {r.is_top_critic for r in dev} == {True, False}


def test_unsigned_reviews_two_from_one_outlet_and_a_repeated_one_once(imported):
    wire = Review.objects.filter(publication__name="Associated Wire")
    assert all(r.is_unsigned and r.critic.is_unattributed for r in wire)
    assert wire.filter(film__title="Copper Sky").count() == 2
    assert wire.filter(film__title="The Glass Orchard").count() == 1


def test_rows_without_a_date_have_none(imported):
    with EXPORT.open(encoding="utf-8", newline="") as stream:
        undated = sum(1 for row in csv.DictReader(stream) if not row["date"])
    assert Review.objects.filter(published_on__isnull=True).count() == undated


def test_verdicts_say_where_they_come_from(imported):
    sources = dict(Review.objects.values_list("verdict_source").annotate(n=Count("pk")))
    with EXPORT.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    rating_only = sum(1 for row in rows if row["rating"] and not row["verdict"])
    assert sources["rating"] == rating_only
    assert sources["critic"] == Review.objects.count() - rating_only
