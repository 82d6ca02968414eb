"""A large import hands the rows certain to be new to its analysis workers while it checks
the rest of the file; every review still gets exactly what a save in the admin gives it."""

import io

import pytest
from django.core.management import call_command

from critics.importer import analysis, validate
from critics.models import Review
from critics.services.consensus import analyse_review_text
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "film,year,critic,publication,top_critic,date,rating,verdict,headline,url,text"
TEXTS = (
    "Score is a thrilling heist, though the ending drags badly.",
    "The cast is superb and the songs soar.",
    "A dull, plodding mess with a lifeless score.",
)


@pytest.fixture
def two_workers_from_the_first_row(monkeypatch):
    """Any file counts as large, so the command's two workers take it; returns the lines
    the check handed to them."""
    monkeypatch.setattr(validate, "PARALLEL_FROM", 1)
    monkeypatch.setattr(analysis, "PARALLEL_FROM", 1)
    handed = []
    real = analysis.TextWorkers.analyse_ahead

    def recording(self, planned):
        handed.extend(item.row.line for item in planned if item.film.pk is None)
        real(self, planned)

    monkeypatch.setattr(analysis.TextWorkers, "analyse_ahead", recording)
    return handed


def test_reviews_analysed_during_the_check_are_stored_as_the_admin_would(
    tmp_path, two_workers_from_the_first_row
):
    factories.publication(name="The Daily Screen", rating_scale=4)
    factories.film(title="Heat", release_year=1995)
    lines = [
        # New films: analysed while the file is checked. "Score" is the film's title.
        *(f"Score,2024,Critic {n},The Daily Screen,,2024-05-0{n + 1},{n + 1},,,,\"{TEXTS[n]}\""
          for n in range(3)),
        "Thin Ice,2023,Critic 0,,,,,fresh,,,The cast is superb and the songs soar.",
        # A stored film: its rows may describe stored reviews, so they wait for the import.
        *(f"Heat,1995,Critic {n},The Daily Screen,,1995-12-1{n},B,,,,\"{TEXTS[n]}\""
          for n in range(3)),
    ]  # fmt: skip
    path = tmp_path / "reviews.csv"
    path.write_text("\n".join([HEADER, *lines, ""]), encoding="utf-8")

    out = io.StringIO()
    call_command(
        "import_reviews", str(path), "--create-films", "--workers", "2", stdout=out, stderr=out
    )

    assert "Imported 7 reviews" in out.getvalue()
    assert two_workers_from_the_first_row == [2, 3, 4, 5]
    for review in Review.objects.select_related("film"):
        as_in_the_admin = Review(
            body=review.body, counted_verdict=review.counted_verdict, film=review.film
        )
        analyse_review_text(as_in_the_admin)
        stored = (review.quote, review.analysis, review.consensus_marks)
        assert stored == (
            as_in_the_admin.quote,
            as_in_the_admin.analysis,
            as_in_the_admin.consensus_marks,
        ), review.film.title
    # The film's own title is never taken for an aspect of it (here, its music).
    heist = Review.objects.get(film__title="Score", body=TEXTS[0])
    assert "music" not in heist.analysis["marks"] and "ending" in heist.analysis["marks"]


def test_a_refused_file_stops_its_analysis_workers(tmp_path, two_workers_from_the_first_row):
    lines = [f"New Film {n},2024,Critic {n},Weekly,,2024-01-01,3/5,,,,Fine." for n in range(5)]
    path = tmp_path / "reviews.csv"
    path.write_text("\n".join([HEADER, *lines, "Bad,2024,X,Weekly,,31/02/2016,,,,,", ""]))

    with pytest.raises(Exception, match="invalid row"):
        call_command(
            "import_reviews", str(path), "--create-films", "--workers", "2",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip

    assert two_workers_from_the_first_row == [2, 3, 4, 5, 6]
    assert not Review.objects.exists()


def test_a_small_file_starts_no_worker_processes(tmp_path, monkeypatch):
    def no_processes(*args, **kwargs):
        raise AssertionError("a small file started worker processes")

    monkeypatch.setattr(analysis, "ProcessPoolExecutor", no_processes)
    lines = [f"New Film {n},2024,Critic {n},Weekly,,2024-01-01,3/5,,,,Fine." for n in range(3)]
    path = tmp_path / "reviews.csv"
    path.write_text("\n".join([HEADER, *lines, ""]))
    out = io.StringIO()

    call_command(
        "import_reviews", str(path), "--create-films", "--workers", "2", stdout=out, stderr=out
    )

    assert "Imported 3 reviews" in out.getvalue()
    assert Review.objects.get(film__title="New Film 1").analysis["version"]
