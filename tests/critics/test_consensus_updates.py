"""The stored consensus follows every change editors make in the admin, on commit."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from critics.models import FilmConsensus, PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus, refresh_due_consensus
from films.models import Film
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks as a real commit would (tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def consensus_of(film) -> FilmConsensus:
    return FilmConsensus.objects.get(film=film)


def test_publishing_a_review_in_the_admin_updates_the_consensus(
    editor_client, seed_data, on_commit
):
    film = Film.objects.get(slug="la-la-land")
    # Submitted for review: the workflow refuses to publish a draft directly.
    draft = factories.review(
        film=film, status=PublishingStatus.SUBMITTED, rating="1/4", body="Dull and far too long."
    )
    call_command("recompute_consensus", verbosity=0)  # the draft's score, as the admin would
    assert consensus_of(film).review_count == 4
    with on_commit():
        editor_client.post(
            reverse("admin:critics_review_changelist"),
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
    consensus = consensus_of(film)
    assert (consensus.review_count, consensus.positive_count, consensus.negative_count) == (5, 4, 1)
    assert consensus.percent_positive == 80
    assert consensus.dissent_review_id == draft.pk


def test_withdrawing_a_review_in_the_admin_takes_it_out_of_the_numbers(
    editor_client, seed_data, on_commit
):
    film = Film.objects.get(slug="la-la-land")
    porter = Review.objects.get(critic__slug="james-porter")
    with on_commit():
        editor_client.post(
            reverse("admin:critics_review_changelist"),
            {"action": "withdraw_selected", "_selected_action": [porter.pk]},
        )
    consensus = consensus_of(film)
    assert consensus.review_count == 3
    assert consensus.provisional  # 3 rated reviews is below the minimum of 4
    assert consensus.label == "Not enough reviews"
    assert porter.pk not in consensus.quote_review_ids


def test_typing_a_rating_in_the_admin_derives_score_verdict_and_consensus(
    editor_client, seed_data, on_commit
):
    review = Review.objects.get(critic__slug="james-porter")
    url = reverse("admin:critics_review_change", args=[review.pk])
    with on_commit():
        response = editor_client.post(url, review_form_data(review, rating="B-", verdict=""))
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.rating, review.score, review.counted_verdict) == (
        "B-",
        Decimal("67.0"),
        "positive",
    )
    consensus = consensus_of(review.film)
    assert consensus.average_score == Decimal("67.0")  # the only scored review
    assert consensus.scored_count == 1
    assert consensus.score_label == ""  # 1 score is too few to band the average
    assert consensus.verdict_sources == {"rating": 1, "critic": 0, "editor": 3, "model": 0}


def test_unreadable_rating_is_a_form_error_and_nothing_changes(editor_client, seed_data):
    review = Review.objects.get(critic__slug="james-porter")
    url = reverse("admin:critics_review_change", args=[review.pk])
    response = editor_client.post(url, review_form_data(review, rating="9/4"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "above its scale" in errors["rating"][0]
    assert 'value="9/4"' in response.content.decode()  # the rating stays as typed
    review.refresh_from_db()
    assert review.rating == ""


def test_bare_number_reads_on_the_publication_scale(editor_client, on_commit):
    paper = factories.publication(rating_scale=4)
    review = factories.review(publication=paper)
    url = reverse("admin:critics_review_change", args=[review.pk])
    with on_commit():
        editor_client.post(url, review_form_data(review, rating="3"))
    review.refresh_from_db()
    assert review.score == Decimal("75.0")


def test_deleting_a_review_in_the_admin_updates_the_consensus(editor_client, seed_data, on_commit):
    review = Review.objects.get(critic__slug="unsigned-cinemascope")
    with on_commit():
        editor_client.post(
            reverse("admin:critics_review_delete", args=[review.pk]), {"post": "yes"}
        )
    assert consensus_of(review.film).review_count == 3


def test_moving_a_review_to_another_film_updates_both(editor_client, seed_data, on_commit):
    review = Review.objects.get(critic__slug="james-porter")
    whiplash = Film.objects.get(slug="whiplash")
    url = reverse("admin:critics_review_change", args=[review.pk])
    with on_commit():
        editor_client.post(url, review_form_data(review, film=whiplash.pk))
    assert consensus_of(whiplash).review_count == 1
    assert consensus_of(Film.objects.get(slug="la-la-land")).review_count == 3


def test_suggested_verdict_is_shown_but_never_stored_as_the_verdict(editor_client, on_commit):
    review = factories.review(verdict=None, rating="", body="")
    url = reverse("admin:critics_review_change", args=[review.pk])
    body = "A radiant, deeply moving film. The performances are superb and the score is gorgeous."
    with on_commit():
        editor_client.post(url, review_form_data(review, body=body))
    page = editor_client.get(url).content.decode()
    assert "positive (confidence" in page
    review.refresh_from_db()
    assert review.verdict is None
    assert review.counted_verdict is None  # still unrated: left out of the numbers
    assert consensus_of(review.film).unrated_count == 1


def test_scheduled_review_counts_once_its_time_comes_without_a_job(seed_data, monkeypatch):
    film = Film.objects.get(slug="la-la-land")
    go_live = timezone.now() + timedelta(hours=2)
    factories.review(film=film, publish_at=go_live, verdict="negative", body="Hollow.")
    recompute_film_consensus(film.pk)
    assert consensus_of(film).review_count == 4
    assert consensus_of(film).next_change_at == go_live

    later = go_live + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert refresh_due_consensus() == 1
    consensus = consensus_of(film)
    assert (consensus.review_count, consensus.negative_count) == (5, 1)
    assert consensus.next_change_at is None
    assert refresh_due_consensus() == 0  # nothing left to do: one cheap query


def test_recompute_command_rebuilds_from_stored_ratings_after_raw_writes(seed_data):
    film = Film.objects.get(slug="la-la-land")
    # Writes that bypass the services, as loaddata or a SQL script would.
    Review.objects.filter(critic__slug="james-porter").update(rating="2/5", verdict=None)
    Review.objects.filter(critic__slug="unsigned-writer-director").update(rating="★★★½")
    call_command("recompute_consensus", verbosity=0)
    porter = Review.objects.get(critic__slug="james-porter")
    assert (porter.score, porter.counted_verdict) == (Decimal("40.0"), "mixed")
    second = Review.objects.get(critic__slug="unsigned-writer-director")
    assert (second.score, second.counted_verdict) == (Decimal("70.0"), "positive")
    consensus = consensus_of(film)
    assert (consensus.positive_count, consensus.mixed_count) == (3, 1)
    assert consensus.percent_positive == 75
    assert consensus.average_score == Decimal("55.0")


def test_recompute_command_reports_unreadable_ratings_and_carries_on(seed_data, capsys):
    Review.objects.filter(critic__slug="james-porter").update(rating="superb")
    call_command("recompute_consensus", verbosity=0)
    assert "not a rating this site can read" in capsys.readouterr().err
    porter = Review.objects.get(critic__slug="james-porter")
    assert porter.score is None and porter.counted_verdict == "positive"


def test_editor_statement_wins_and_generated_one_can_be_accepted_in_one_click(
    editor_client, seed_data
):
    film = Film.objects.get(slug="la-la-land")
    consensus = consensus_of(film)
    assert consensus.statement_source == "generated"
    editor_client.post(
        reverse("admin:films_film_changelist"),
        {"action": "use_generated_statement", "_selected_action": [film.pk]},
    )
    consensus.refresh_from_db()
    assert consensus.statement_source == "editor"
    assert consensus.editor_statement == consensus.generated_statement
    recompute_film_consensus(film.pk)  # recomputing keeps the editor's text
    consensus.refresh_from_db()
    assert consensus.statement == consensus.editor_statement


def test_film_admin_page_shows_the_consensus(editor_client, seed_data):
    film = Film.objects.get(slug="la-la-land")
    page = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert "Critics&#x27; consensus" in page
    assert "Overwhelmingly positive" in page
    assert "Critics are overwhelmingly positive about La La Land" in page


def test_seed_statement_praises_what_reviews_praise_in_their_own_words(seed_data):
    consensus = consensus_of(Film.objects.get(slug="la-la-land"))
    statement = consensus.generated_statement
    assert "La La Land" in statement and len(statement) <= 300
    assert "Praise goes to the " in statement
    assert "Criticism" not in statement  # every seed review is positive
    mentioned = [a["name"] for a in consensus.aspects if f"the {a['name']}" in statement]
    assert len(mentioned) >= 2
    assert consensus.statement_citations
    for citation in consensus.statement_citations:
        assert citation["stance"] == "praise"
        assert f"“{citation['phrase']}”" in statement
        assert citation["phrase"] in Review.objects.get(pk=citation["review_id"]).body


def test_recompute_command_writes_only_reviews_whose_figures_change(seed_data):
    out = io.StringIO()
    call_command("recompute_consensus", stdout=out)
    assert "0 reviews rescored, 0 reviews' text analysed" in out.getvalue()
    Review.objects.filter(critic__slug="james-porter").update(rating="3/4")
    call_command("recompute_consensus", stdout=out)
    assert "1 reviews rescored, 0 reviews' text analysed" in out.getvalue()
