"""A film's figures are current on every page and API answer, with no job and no worker.

Scheduled reviews: the consensus of films whose scheduled review has gone live is rebuilt
before any view runs (critics/middleware.py), so no page has to remember to ask. Edits:
the rebuild after commit is a django.tasks task, run by whatever TASKS names
(ImmediateBackend by default: at once, in the request).
"""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from critics.models import FilmConsensus, Review
from critics.services.consensus import recompute_consensus, recompute_film_consensus
from critics.services.consensus_health import find_stale_consensus
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

GOES_LIVE_IN = timedelta(hours=2)


@pytest.fixture
def scheduled(seed_data):
    """La La Land's four seed reviews, and a negative one going live in two hours."""
    film = Film.objects.get(slug="la-la-land")
    going_live = timezone.now() + GOES_LIVE_IN
    review = factories.review(film=film, publish_at=going_live, verdict="negative", body="Hollow.")
    recompute_film_consensus(film.pk)
    return review


def two_hours_pass(monkeypatch):
    later = timezone.now() + GOES_LIVE_IN + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_the_film_page_counts_a_scheduled_review_the_moment_it_goes_live(
    client, scheduled, monkeypatch
):
    url = scheduled.film.get_absolute_url()
    assert "Reviews</dt><dd>4: 4 positive, 0 mixed, 0 negative" in client.get(url).content.decode()

    two_hours_pass(monkeypatch)

    # The page cached before is not used, and the figures were rebuilt before the view.
    page = client.get(url).content.decode()
    assert "Reviews</dt><dd>5: 4 positive, 0 mixed, 1 negative" in page
    assert scheduled.get_absolute_url() in page


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/films/",
        "/critics/",
        "/films/la-la-land/reviews/",
        "/reviews/feed/",
        "/api/films/",
        "/api/films/la-la-land/",
        "/api/films/la-la-land/consensus/",
    ],
)
def test_any_page_or_api_answer_brings_the_figures_up_to_date(client, scheduled, monkeypatch, url):
    two_hours_pass(monkeypatch)

    assert client.get(url).status_code == 200

    consensus = FilmConsensus.objects.get(film=scheduled.film)
    assert (consensus.review_count, consensus.negative_count) == (5, 1)
    assert consensus.next_change_at is None


def test_the_api_shows_the_new_figures_at_once(client, scheduled, monkeypatch):
    two_hours_pass(monkeypatch)
    consensus = client.get("/api/films/la-la-land/consensus/").json()
    assert consensus["review_count"] == 5


def test_the_health_check_rebuilds_nothing(
    client, scheduled, monkeypatch, django_assert_num_queries
):
    two_hours_pass(monkeypatch)
    with django_assert_num_queries(1):  # the load balancer's probe stays one SELECT 1
        assert client.get("/healthz").status_code == 200
    assert FilmConsensus.objects.get(film=scheduled.film).review_count == 4


def test_an_edit_hands_its_rebuild_to_the_task_backend(
    editor_client, seed_data, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    film = Film.objects.get(slug="la-la-land")
    porter = Review.objects.get(critic__slug="james-porter")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:critics_review_changelist"),
            {"action": "withdraw_selected", "_selected_action": [porter.pk]},
        )

    # A queue backend got the work, once the withdrawal had committed; nothing ran here.
    (queued,) = recompute_consensus.get_backend().results
    assert queued.task.name == "recompute_consensus" and list(queued.args) == [[film.pk]]
    assert FilmConsensus.objects.get(film=film).review_count == 4
    # What its worker would run:
    recompute_consensus.call(*queued.args)
    assert FilmConsensus.objects.get(film=film).review_count == 3


def test_a_rebuild_that_fails_after_the_save_is_logged_and_the_save_stands(
    editor_client, seed_data, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from critics.services import consensus

    def broken(film_id):
        raise RuntimeError("the rebuild broke")

    film = Film.objects.get(slug="la-la-land")
    porter = Review.objects.get(critic__slug="james-porter")
    monkeypatch.setattr(consensus, "recompute_film_consensus", broken)

    with (
        caplog.at_level(logging.ERROR, logger="django.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = editor_client.post(
            reverse("admin:critics_review_changelist"),
            {"action": "withdraw_selected", "_selected_action": [porter.pk]},
        )

    assert response.status_code == 302  # the editor's withdrawal went through
    assert not Review.objects.published().filter(pk=porter.pk).exists()
    assert "recompute_consensus state=FAILED" in caplog.text
    assert "the rebuild broke" in caplog.text
    # Monitoring's check_consensus names the film; recompute_consensus --stale repairs it.
    assert film.pk in find_stale_consensus().film_ids
