"""Editors accept the text model's suggested verdicts in bulk, above a confidence they pick;
accepted verdicts count, say "model", and the history names the editor."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from critics.models import FilmConsensus, Review
from critics.roles import CRITIC_GROUP
from critics.services.consensus import recompute_film_consensus
from critics.services.suggestions import accept_suggested_verdicts
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:critics_review_changelist"
ACTION = "accept_suggested_verdicts"


def suggested(verdict, confidence):
    return {"suggestion": {"verdict": verdict, "confidence": confidence}}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def film():
    return factories.film(slug="suggested")


@pytest.fixture
def reviews(film):
    """Unrated reviews with suggestions of every kind, one rated, one with no text."""
    return {
        "sure": factories.review(
            film=film, headline="Sure", rating="", analysis=suggested("positive", 0.93)
        ),
        "fair": factories.review(
            film=film, headline="Fair", rating="", analysis=suggested("negative", 0.81)
        ),
        "unsure": factories.review(
            film=film, headline="Unsure", rating="", analysis=suggested("positive", 0.62)
        ),
        "mixed": factories.review(
            film=film, headline="Mixed", rating="", analysis=suggested("mixed", 0.9)
        ),
        "rated": factories.review(
            film=film, headline="Rated", rating="1/5", analysis=suggested("positive", 0.99)
        ),
        "no_text": factories.review(
            film=film, headline="No text", rating="", body="", analysis={"suggestion": None}
        ),
    }


def run_action(client, selected, *, apply=True, **form):
    data = {"action": ACTION, "_selected_action": [review.pk for review in selected]}
    if apply:
        data.update({"apply": "yes", **form})
    return client.post(reverse(CHANGELIST), data, follow=apply)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def state(review):
    review.refresh_from_db()
    return (review.verdict, review.counted_verdict, review.verdict_source)


def test_action_first_asks_for_a_threshold_and_shows_what_is_selected(editor_client, reviews):
    response = run_action(editor_client, reviews.values(), apply=False)
    page = response.content.decode()
    assert response.templates[0].name == "admin/critics/review/accept_suggestions.html"
    assert "Your selection: 6 reviews" in page
    assert "1 already counted (a rating or a verdict)" in page
    assert "1 unrated with no suggestion (no text)" in page
    assert 'name="min_confidence"' in page and 'value="0.80"' in page
    assert 'name="include_mixed"' in page
    assert page.count('name="_selected_action"') == 6
    # Nothing is changed until the editor confirms.
    assert state(reviews["sure"]) == (None, None, None)


def test_accepts_suggestions_at_or_above_the_threshold_and_reports_the_rest_in_one_message(
    editor_client, reviews
):
    response = run_action(editor_client, reviews.values(), min_confidence="0.81")
    assert messages_of(response) == [
        "Accepted 2 suggested verdicts (source: text model, accepted by you). Skipped 4: "
        "1 already counted (a rating or a verdict), 1 with no suggestion (no text), "
        "1 suggested mixed (not ticked), 1 below confidence 0.81."
    ]
    assert state(reviews["sure"]) == ("positive", "positive", "model")
    assert state(reviews["fair"]) == ("negative", "negative", "model")  # at the threshold
    assert state(reviews["unsure"]) == (None, None, None)
    assert state(reviews["mixed"]) == (None, None, None)
    assert state(reviews["no_text"]) == (None, None, None)


def test_rated_reviews_are_never_touched(editor_client, reviews):
    rated = reviews["rated"]
    before = Review.objects.filter(pk=rated.pk).values().get()
    run_action(editor_client, [rated], min_confidence="0")
    assert Review.objects.filter(pk=rated.pk).values().get() == before
    assert state(rated) == (None, "negative", "rating")
    assert rated.history.count() == 1  # only its creation


def test_mixed_suggestions_only_when_the_editor_ticks_the_box(editor_client, reviews):
    run_action(editor_client, [reviews["mixed"]], min_confidence="0.5")
    assert state(reviews["mixed"]) == (None, None, None)
    response = run_action(
        editor_client, [reviews["mixed"]], min_confidence="0.5", include_mixed="on"
    )
    assert messages_of(response) == [
        "Accepted 1 suggested verdict (source: text model, accepted by you)."
    ]
    assert state(reviews["mixed"]) == ("mixed", "mixed", "model")


def test_history_names_the_editor_and_the_suggestion(editor_client, reviews):
    run_action(editor_client, [reviews["sure"]], min_confidence="0.9")
    latest = reviews["sure"].history.order_by("-history_id").first()
    assert latest.history_user.username == "editor"
    assert latest.history_change_reason == (
        "Accepted the text model's suggested verdict, positive (confidence 0.93; threshold 0.90)"
    )
    assert latest.verdict_source == "model"
    history = reverse("admin:critics_review_history", args=[reviews["sure"].pk])
    assert "text model" in editor_client.get(history).content.decode()


def test_accepting_refreshes_the_film_s_consensus(editor_client, reviews, film, on_commit):
    recompute_film_consensus(film.pk)
    assert FilmConsensus.objects.get(film=film).review_count == 6
    assert FilmConsensus.objects.get(film=film).positive_count == 0
    with on_commit():
        run_action(editor_client, reviews.values(), min_confidence="0.8")
    consensus = FilmConsensus.objects.get(film=film)
    assert (consensus.positive_count, consensus.negative_count) == (1, 2)  # + the rated 1/5


def test_an_invalid_threshold_shows_the_form_again_and_changes_nothing(editor_client, reviews):
    response = run_action(editor_client, reviews.values(), min_confidence="1.5")
    assert "Ensure this value is less than or equal to 1" in response.content.decode()
    assert state(reviews["sure"]) == (None, None, None)


def test_select_all_across_a_filtered_list_accepts_only_what_the_filter_shows(
    editor_client, reviews
):
    url = reverse(CHANGELIST) + "?suggestion=high"
    data = {
        "action": ACTION,
        "select_across": "1",
        "_selected_action": [reviews["sure"].pk],
        "apply": "yes",
        "min_confidence": "0.5",
        "include_mixed": "on",
    }
    editor_client.post(url, data)
    assert state(reviews["sure"])[2] == "model"
    assert state(reviews["mixed"])[2] == "model"  # 0.90: in the "high" band
    assert state(reviews["fair"]) == (None, None, None)  # 0.81: not in the filtered list


@pytest.fixture
def critic_client():
    user = User.objects.create_user("critic", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=CRITIC_GROUP))
    own = factories.critic(name="Own Critic", user=user)
    client = Client()
    client.force_login(user)
    client.own_review = factories.review(
        critic=own, status="draft", rating="", analysis=suggested("positive", 0.95)
    )
    return client


def test_critics_are_not_offered_the_action_and_cannot_post_it(critic_client):
    response = critic_client.get(reverse(CHANGELIST))
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert ACTION not in actions
    run_action(critic_client, [critic_client.own_review], min_confidence="0")
    assert state(critic_client.own_review) == (None, None, None)


def test_the_service_refuses_anyone_but_an_editor(critic_client, reviews):
    critic = User.objects.get(username="critic")
    with pytest.raises(PermissionDenied):
        accept_suggested_verdicts(
            queryset=Review.objects.all(), min_confidence=0.5, by=critic, include_mixed=True
        )
    assert state(reviews["sure"]) == (None, None, None)
