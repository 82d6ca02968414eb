"""An editor's verdict and the note on why it was chosen are the editors' own: a critic
chooses their own verdict (shown to readers as the critic's) but cannot overwrite an
editor's reading or write the editors' note, on the form, in a crafted post, or by
restoring an old revision."""

import pytest
from django.urls import reverse

from critics.models import PublishingStatus, Review
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db

EDITOR = Review.VerdictSource.EDITOR
CRITIC = Review.VerdictSource.CRITIC


def change_url(review):
    return reverse("admin:critics_review_change", args=[review.pk])


def post(client, review, **changes):
    response = client.post(change_url(review), review_form_data(review, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    review.refresh_from_db()
    return review


def editors_reading(critic_user):
    """The critic's draft, unrated, with an editor's verdict and note on it."""
    return factories.review(
        critic=critic_user.critic,
        status=PublishingStatus.DRAFT,
        rating="",
        verdict="negative",
        verdict_source=EDITOR,
        verdict_note="The last paragraph pans it.",
    )


def test_critic_never_sees_or_writes_the_editors_note(critic_client, critic_user):
    review = factories.review(critic=critic_user.critic, status=PublishingStatus.DRAFT)
    page = critic_client.get(change_url(review)).content.decode()
    assert 'name="verdict_note"' not in page
    assert "editor&#x27;s note on the verdict" not in page.lower()
    review = post(critic_client, review, headline="Tidied", verdict_note="Editors agreed.")
    assert (review.headline, review.verdict_note) == ("Tidied", "")


def test_critic_cannot_overwrite_an_editor_s_verdict_on_their_draft(critic_client, critic_user):
    review = editors_reading(critic_user)
    form = critic_client.get(change_url(review)).context["adminform"].form
    assert "verdict" not in form.fields  # shown read-only, with its source
    review = post(critic_client, review, verdict="positive", verdict_note="Mine now.")
    assert (review.verdict, review.verdict_source, review.counted_verdict) == (
        "negative",
        EDITOR,
        "negative",
    )
    assert review.verdict_note == "The last paragraph pans it."


def test_critic_still_chooses_and_changes_their_own_verdict(critic_client, critic_user):
    review = factories.review(critic=critic_user.critic, status=PublishingStatus.DRAFT, rating="")
    assert "verdict" in critic_client.get(change_url(review)).context["adminform"].form.fields
    review = post(critic_client, review, verdict="positive")
    assert (review.counted_verdict, review.verdict_source) == ("positive", CRITIC)
    review = post(critic_client, review, verdict="mixed")
    assert (review.counted_verdict, review.verdict_source) == ("mixed", CRITIC)


def test_critic_adding_a_review_cannot_write_the_editors_note(critic_client, critic_user):
    film = factories.film()
    data = {"film": film.pk, "critic": critic_user.critic.pk, "headline": "New", "tags": ""}
    data |= {"verdict": "positive", "verdict_note": "Editors agreed."}
    response = critic_client.post(reverse("admin:critics_review_add"), data)
    assert response.status_code == 302
    review = Review.objects.get(headline="New")
    assert (review.verdict, review.verdict_source, review.verdict_note) == ("positive", CRITIC, "")


def test_restoring_an_old_revision_keeps_the_editor_s_verdict(critic_client, critic_user):
    review = factories.review(
        critic=critic_user.critic,
        status=PublishingStatus.DRAFT,
        rating="",
        verdict="positive",
        verdict_source=CRITIC,
    )
    first = review.history.order_by("history_id").first()
    review.verdict, review.verdict_source, review.counted_verdict = "negative", EDITOR, "negative"
    review.verdict_note = "The last paragraph pans it."
    review.save()
    restore = reverse("admin:critics_review_simple_history", args=[review.pk, first.history_id])
    form = critic_client.get(restore).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields} | {"tags": ""}
    assert critic_client.post(restore, data).status_code == 302
    review.refresh_from_db()
    assert (review.verdict, review.verdict_source, review.verdict_note) == (
        "negative",
        EDITOR,
        "The last paragraph pans it.",
    )


def test_editors_still_set_the_verdict_and_its_note_on_a_critic_s_draft(editor_client, critic_user):
    review = editors_reading(critic_user)
    page = editor_client.get(change_url(review)).content.decode()
    assert 'name="verdict_note"' in page
    assert "editor&#x27;s note on the verdict" in page.lower()
    review = post(editor_client, review, verdict="mixed", verdict_note="Reread: it is mixed.")
    assert (review.counted_verdict, review.verdict_source) == ("mixed", EDITOR)
    assert review.verdict_note == "Reread: it is mixed."
