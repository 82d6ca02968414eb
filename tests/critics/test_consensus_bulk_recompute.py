"""Rebuilding every film at once stores exactly what the one-film recompute stores."""

import io
import random
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from consensus.aspects import ReviewText, find_aspects
from consensus.marks import compact_marks
from consensus.statement import generate_statement, quote_rank
from core.content_version import current_version
from critics.models import FilmConsensus, PublishingStatus, Review
from critics.services.consensus import (
    analyse_review_text,
    recompute_every_film_consensus,
    recompute_film_consensus,
    recompute_films_consensus,
)
from films.models import Film
from tests import factories
from tests.consensus_samples import SENTENCES, via_stored_marks

pytestmark = pytest.mark.django_db

RATINGS = ("3/4", "1/4", "B+", "C", "7/10", "2/5", "★★★½", "", "")


def stored_consensus() -> dict[int, dict]:
    return {
        row.film_id: model_to_dict(row, exclude=["computed_at"])
        for row in FilmConsensus.objects.order_by("film_id")
    }


def analysed_review(**fields) -> Review:
    review = factories.review(**fields)
    analyse_review_text(review)
    review.save()
    return review


@pytest.fixture
def catalogue():
    """Films with many, few, scheduled, withdrawn and no reviews, text analysed on save."""
    chooser = random.Random(6)
    films = [factories.film(title=f"Film {i}") for i in range(7)]
    for film, count in zip(films, (40, 12, 5, 3, 1, 0, 25), strict=True):
        for i in range(count):
            analysed_review(
                film=film,
                rating=chooser.choice(RATINGS),
                verdict=chooser.choice((None, None, None, "mixed")),
                body=" ".join(chooser.sample(SENTENCES, k=chooser.randint(0, 4))),
                pull_quote=SENTENCES[0] if i % 9 == 1 else "",
                critic=factories.critic(is_top_critic=i % 4 == 0),
                publish_at=timezone.now() - timedelta(days=1, minutes=i),
            )
    analysed_review(film=films[1], publish_at=timezone.now() + timedelta(days=2))  # scheduled
    analysed_review(film=films[0], status=PublishingStatus.WITHDRAWN, rating="1/4")
    return films


def test_rebuilding_every_film_stores_the_same_consensus_as_one_film_at_a_time(catalogue):
    for film in catalogue:
        recompute_film_consensus(film.pk)
    one_at_a_time = stored_consensus()
    FilmConsensus.objects.update(generated_statement="stale", review_count=999, aspects=[])
    FilmConsensus.objects.filter(film=catalogue[3]).delete()

    assert recompute_every_film_consensus(films_per_batch=3) == len(catalogue)

    assert stored_consensus() == one_at_a_time
    busiest = one_at_a_time[catalogue[0].pk]
    assert busiest["review_count"] == 40 and busiest["aspects"] and busiest["statement_citations"]
    assert one_at_a_time[catalogue[1].pk]["next_change_at"] is not None
    assert one_at_a_time[catalogue[5].pk]["review_count"] == 0


def test_rebuilding_some_films_stores_what_one_at_a_time_would_and_leaves_the_rest(catalogue):
    for film in catalogue:
        recompute_film_consensus(film.pk)
    one_at_a_time = stored_consensus()
    FilmConsensus.objects.update(generated_statement="stale", review_count=999)
    chosen = [catalogue[0].pk, catalogue[1].pk, catalogue[6].pk]

    # An import's films: any ids, in batches smaller than the list.
    assert recompute_films_consensus(chosen, films_per_batch=2) == 3

    stored = stored_consensus()
    assert {pk: stored[pk] for pk in chosen} == {pk: one_at_a_time[pk] for pk in chosen}
    assert stored[catalogue[2].pk]["review_count"] == 999  # not asked for, not touched


def test_rebuilding_every_film_refreshes_cached_pages(catalogue):
    before = current_version()
    recompute_every_film_consensus()
    assert current_version() != before


def test_rebuilding_every_film_keeps_the_editors_statement(catalogue):
    film = catalogue[0]
    recompute_film_consensus(film.pk)
    FilmConsensus.objects.filter(film=film).update(editor_statement="Editors love it.")
    recompute_every_film_consensus()
    consensus = FilmConsensus.objects.get(film=film)
    assert consensus.statement == "Editors love it."
    assert consensus.generated_statement.startswith("Critics are")


def test_reviews_stored_before_compact_marks_count_the_same(catalogue):
    film = catalogue[0]
    recompute_film_consensus(film.pk)
    before = stored_consensus()[film.pk]
    Review.objects.update(consensus_marks=None)  # as rows written by an older version

    recompute_film_consensus(film.pk)
    assert stored_consensus()[film.pk] == before
    recompute_every_film_consensus()
    assert stored_consensus()[film.pk] == before

    out = io.StringIO()
    call_command("recompute_consensus", stdout=out)
    assert f"{Review.objects.count()} reviews' aspect marks derived" in out.getvalue()
    assert not Review.objects.filter(consensus_marks=None).exists()
    assert stored_consensus()[film.pk] == before


def test_recompute_command_stores_the_marks_a_save_would(catalogue):
    saved = dict(Review.objects.values_list("pk", "consensus_marks"))
    assert any(saved.values())
    Review.objects.update(consensus_marks=None)
    call_command("recompute_consensus", stdout=io.StringIO())
    assert dict(Review.objects.values_list("pk", "consensus_marks")) == saved


def performances_mentions(film) -> int:
    aspects = FilmConsensus.objects.get(film=film).aspects
    return next((a["mentions"] for a in aspects if a["name"] == "performances"), 0)


def test_recompute_command_analyses_reviews_never_analysed(catalogue):
    film = catalogue[0]
    review = factories.review(film=film, body="The cast is wonderful and very funny.")
    # As stored before the text analysis existed (an old row, or a raw SQL insert).
    Review.objects.filter(pk=review.pk).update(analysis={}, consensus_marks=None)
    recompute_film_consensus(film.pk)
    before = performances_mentions(film)

    out = io.StringIO()
    call_command("recompute_consensus", stdout=out)
    assert "1 reviews' text analysed" in out.getvalue()
    review.refresh_from_db()
    assert "performances++" in review.consensus_marks  # praised, and quotable as praise
    assert performances_mentions(film) == before + 1


def test_every_film_gets_a_consensus_row_even_without_reviews():
    film = factories.film(title="Unreviewed")
    recompute_every_film_consensus()
    consensus = Film.objects.get(pk=film.pk).consensus
    assert consensus.review_count == 0
    assert consensus.generated_statement == "No critics' reviews yet for Unreviewed."


@given(
    st.lists(
        st.tuples(
            st.sampled_from((1, -1, 0)),
            st.sampled_from(("praise", "criticism", None)),
            st.integers(500_000, 1_000_000).map(lambda n: n / 1_000_000),  # stored: 6 places
            st.integers(0, 120),
            st.booleans(),
        ),
        min_size=2,
        max_size=2,
    )
)
def test_compact_marks_rank_quotes_as_the_statement_does(marks):
    first, second = (compact_marks({"story": list(mark)}) for mark in marks)
    ranks = [quote_rank(length, shortened, strength) for _, _, strength, length, shortened in marks]
    if first[:-9] == second[:-9]:  # same pool: same quote side and lean
        assert (first < second) == (ranks[0] < ranks[1])
        assert (first == second) == (ranks[0] == ranks[1])


@pytest.mark.parametrize("seed", range(40))
def test_statement_from_compact_marks_matches_full_analysis(seed):
    chooser = random.Random(seed)
    reviews = [
        ReviewText(i + 1, " ".join(chooser.sample(SENTENCES, k=chooser.randint(1, 5))))
        for i in range(chooser.choice((1, 3, 8, 25, 60)))
    ]
    percent = chooser.choice((15, 55, 95))
    full, compact = find_aspects(reviews), via_stored_marks(reviews)
    assert [(a.name, a.mentions, a.positive, a.negative) for a in compact] == [
        (a.name, a.mentions, a.positive, a.negative) for a in full
    ]
    statements = [
        generate_statement(
            film_title="Test Film",
            percent_positive=percent,
            rated_count=len(reviews),
            provisional=False,
            aspects=aspects,
        )
        for aspects in (full, compact)
    ]
    assert statements[0] == statements[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres(reason="several writers at once need PostgreSQL")
def test_rebuilding_in_worker_processes_stores_the_same_rows(catalogue):
    call_command("recompute_consensus", stdout=io.StringIO())
    one_process = stored_consensus()
    FilmConsensus.objects.update(generated_statement="stale", review_count=999, aspects=[])

    out = io.StringIO()
    # Two films per range, so the seven films spread over both workers.
    with pytest.MonkeyPatch.context() as patch:
        from critics.services import consensus

        real = consensus.film_ranges
        patch.setattr(consensus, "film_ranges", lambda size=500: real(2))
        call_command("recompute_consensus", "--jobs", "2", stdout=out)

    assert "Rebuilt the consensus of 7 films" in out.getvalue()
    assert stored_consensus() == one_process


def test_several_processes_are_refused_on_sqlite_with_a_reason():
    if connection.vendor != "sqlite":
        pytest.skip("the refusal is SQLite's")
    with pytest.raises(CommandError, match="--jobs needs PostgreSQL"):
        call_command("recompute_consensus", "--jobs", "2", stdout=io.StringIO())
