"""Editors publishing reviews of one film at the same moment leave the film's stored
consensus exactly as a fresh recompute makes it (PostgreSQL: real row locks, real threads)."""

import threading
from functools import partial

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from critics.models import FilmConsensus, PublishingStatus, Review
from critics.services import workflow
from critics.services.consensus import recompute_film_consensus
from tests import factories

pytestmark = [
    pytest.mark.postgres(reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 15
RATINGS = ["5/5", "1/5", "3/5", "4/5", "2/5", "B+", "D"]


def stored_consensus(film) -> dict:
    consensus = FilmConsensus.objects.get(film=film)
    return model_to_dict(consensus, exclude=["id", "computed_at"])


def at_the_same_moment(*jobs) -> None:
    """Run each job in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # reported by the test below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def assert_consensus_is_fresh(film, round_number) -> None:
    stored = stored_consensus(film)
    recompute_film_consensus(film.pk)
    assert stored == stored_consensus(film), f"stale consensus after round {round_number}"


@pytest.fixture
def film_with_reviews():
    film = factories.film(title="Contested")
    for rating in ["4/5", "2/5", "5/5"]:
        factories.review(film=film, rating=rating)
    recompute_film_consensus(film.pk)
    return film


def submitted_review(film, n):
    return factories.review(
        film=film,
        status=PublishingStatus.SUBMITTED,
        rating=RATINGS[n % len(RATINGS)],
        body="Bold, moving and beautifully acted." if n % 2 else "Dull and far too long.",
    )


def test_two_editors_publishing_at_once_leave_a_fresh_consensus(film_with_reviews):
    film = film_with_reviews
    editors = [factories.editor("first"), factories.editor("second")]
    for round_number in range(ROUNDS):
        reviews = [submitted_review(film, round_number * 2 + n) for n in range(2)]

        at_the_same_moment(
            *[
                partial(workflow.publish, item=review, by=editor)
                for review, editor in zip(reviews, editors, strict=True)
            ]
        )

        published = Review.objects.published().filter(film=film).count()
        assert stored_consensus(film)["review_count"] == published
        assert_consensus_is_fresh(film, round_number)


def test_publishing_while_another_editor_withdraws_leaves_a_fresh_consensus(film_with_reviews):
    film = film_with_reviews
    editors = [factories.editor("publisher"), factories.editor("withdrawer")]
    for round_number in range(ROUNDS):
        incoming = submitted_review(film, round_number)
        outgoing = Review.objects.published().filter(film=film).order_by("pk").first()

        at_the_same_moment(
            partial(workflow.publish, item=incoming, by=editors[0]),
            partial(workflow.withdraw, item=outgoing, by=editors[1]),
        )

        assert_consensus_is_fresh(film, round_number)
        assert Review.objects.get(pk=outgoing.pk).status == PublishingStatus.WITHDRAWN


def publish_selection(queryset, editor, results) -> None:
    results.append(workflow.take_step_for_each(queryset=queryset, by=editor, step_name="publish"))


def test_overlapping_bulk_publishing_publishes_each_review_once_and_counts_it(film_with_reviews):
    film = film_with_reviews
    editors = [factories.editor("left"), factories.editor("right")]
    for round_number in range(ROUNDS):
        reviews = [submitted_review(film, round_number * 3 + n) for n in range(3)]
        selections = [
            Review.objects.filter(pk__in=[reviews[0].pk, reviews[1].pk]),
            Review.objects.filter(pk__in=[reviews[1].pk, reviews[2].pk]),
        ]
        results = []

        at_the_same_moment(
            *[
                partial(publish_selection, selection, editor, results)
                for selection, editor in zip(selections, editors, strict=True)
            ]
        )

        published_now = sorted(item.pk for result in results for item in result.done)
        assert published_now == sorted(review.pk for review in reviews)
        assert sum(len(result.refused) for result in results) == 1  # the shared one
        assert_consensus_is_fresh(film, round_number)
