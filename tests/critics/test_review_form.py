"""The review form tells the editor what the rating was read as, and what it counts as."""

import pytest
from django.urls import reverse

from critics.models import Review
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db


def save_review_form(client, review, **changes):
    data = review_form_data(review, **changes)
    url = reverse("admin:critics_review_change", args=[review.pk])
    return client.post(url, data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_saving_a_letter_grade_says_what_it_was_read_as(editor_client):
    review = factories.review()
    response = save_review_form(editor_client, review, rating="B+")
    assert "Rating “B+” read as 83/100: counts as positive." in messages_of(response)


def test_a_low_score_is_read_as_mixed_and_says_so(editor_client):
    response = save_review_form(editor_client, factories.review(), rating="2/5")
    assert "Rating “2/5” read as 40/100: counts as mixed." in messages_of(response)


def test_a_hand_set_verdict_over_a_rating_is_explained(editor_client):
    response = save_review_form(editor_client, factories.review(), rating="2/5", verdict="positive")
    assert (
        "Rating “2/5” read as 40/100; the verdict set by hand (an editor's reading) makes it "
        "count as positive." in messages_of(response)
    )


def test_unrated_review_with_a_verdict_counts_as_that_verdict(editor_client):
    response = save_review_form(editor_client, factories.review(), rating="", verdict="negative")
    assert (
        "No rating: counts as negative, the verdict set by hand (an editor's reading)."
        in messages_of(response)
    )


def test_unrated_review_without_a_verdict_is_left_out_and_gets_a_suggestion(editor_client):
    body = "A radiant, deeply moving film. The performances are superb and the music is gorgeous."
    response = save_review_form(editor_client, factories.review(), body=body, rating="")
    [message] = [m for m in messages_of(response) if m.startswith("No rating")]
    assert "left out of the percentage" in message
    assert "The text model suggests positive (confidence " in message
    assert "Accept suggested verdicts" in message
    review = Review.objects.get()
    assert review.verdict is None
    page = editor_client.get(reverse("admin:critics_review_change", args=[review.pk]))
    assert "positive (confidence" in page.content.decode()  # the suggestion on the form


def test_unreadable_rating_is_a_form_error_and_stays_as_typed(editor_client):
    review = factories.review(rating="3/5")
    response = save_review_form(editor_client, review, rating="three and a bit")
    form = response.context["adminform"].form
    assert "not a rating this site can read" in form.errors["rating"][0]
    assert 'value="three and a bit"' in response.content.decode()
    review.refresh_from_db()
    assert review.rating == "3/5"
