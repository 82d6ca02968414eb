"""Revision history: who changed what and when, the diff against the published version,
and restoring an old version."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from critics.models import PublishingStatus, Review
from critics.roles import CRITIC_GROUP
from critics.services import workflow
from films.models import Film
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return factories.editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_review(client, review, **changes):
    data = review_form_data(review, **changes)
    response = client.post(reverse("admin:critics_review_change", args=[review.pk]), data)
    assert response.status_code == 302, response.context["adminform"].errors
    review.refresh_from_db()
    return review


def test_history_page_shows_who_changed_which_field(editor_client):
    review = factories.review(headline="First headline")
    change_review(editor_client, review, headline="Second headline")
    page = editor_client.get(reverse("admin:critics_review_history", args=[review.pk]))
    text = page.content.decode()
    assert "editor" in text  # changed by
    assert "First headline" in text and "Second headline" in text
    latest = review.history.first()
    assert (latest.history_user.username, latest.headline) == ("editor", "Second headline")


def test_publishing_and_withdrawing_are_recorded_with_the_user(editor, editor_client):
    review = factories.review(status=PublishingStatus.SUBMITTED)
    editor_client.post(
        reverse("admin:critics_review_changelist"),
        {"action": "publish_selected", "_selected_action": [review.pk]},
    )
    workflow.withdraw(item=Review.objects.get(pk=review.pk), by=editor)
    steps = [
        (r.history_change_reason, r.status, r.history_user)
        for r in review.history.order_by("history_id")
    ]
    assert steps[-2:] == [
        ("Published", PublishingStatus.PUBLISHED, editor),
        ("Withdrawn", PublishingStatus.WITHDRAWN, editor),
    ]
    page = editor_client.get(reverse("admin:critics_review_history", args=[review.pk]))
    assert "Published" in page.content.decode() and "Withdrawn" in page.content.decode()


def test_changes_since_published_lists_each_changed_field(editor, editor_client):
    review = factories.review(status=PublishingStatus.SUBMITTED, headline="As published")
    workflow.publish(item=review, by=editor)
    change_review(editor_client, review, headline="Rewritten", body="New text.")
    page = editor_client.get(
        reverse("admin:critics_review_changes_since_published", args=[review.pk])
    )
    rows = page.context["rows"]
    assert ("headline", "As published", "Rewritten") in rows
    assert {label for label, _, _ in rows} == {"headline", "body"}
    assert "Compared with the version published on" in page.content.decode()


def test_a_never_published_draft_has_nothing_to_compare_with(editor_client):
    review = factories.review(status=PublishingStatus.DRAFT)
    change_review(editor_client, review, headline="Still a draft")
    page = editor_client.get(
        reverse("admin:critics_review_changes_since_published", args=[review.pk])
    )
    assert "nothing to compare" in page.content.decode()


def test_history_list_links_each_revision_to_its_comparison(editor_client):
    review = factories.review()
    change_review(editor_client, review, headline="Edited")
    page = editor_client.get(reverse("admin:critics_review_history", args=[review.pk]))
    compare = reverse("admin:critics_review_changes_since_published", args=[review.pk])
    assert f'{compare}?revision={review.history.first().history_id}"' in page.content.decode()


def test_restoring_an_old_version_brings_back_its_text_but_not_its_status(editor, editor_client):
    review = factories.review(status=PublishingStatus.SUBMITTED, headline="Original")
    change_review(editor_client, review, headline="Botched edit", body="Oops.")
    original = review.history.order_by("history_id").first()
    workflow.publish(item=review, by=editor)
    restore = reverse("admin:critics_review_simple_history", args=[review.pk, original.history_id])
    form = editor_client.get(restore).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"tags": "", "publish_at_0": "", "publish_at_1": ""})
    response = editor_client.post(restore, data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.headline, review.body) == ("Original", original.body)
    assert review.status == PublishingStatus.PUBLISHED  # restore never unpublishes
    assert review.history.first().history_user == editor


def test_critic_restores_an_old_version_of_their_own_draft(client):
    user = User.objects.create_user("cr", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=CRITIC_GROUP))
    review = factories.review(
        critic=factories.critic(user=user), status=PublishingStatus.DRAFT, headline="Good"
    )
    review.headline = "Worse"
    review.save()
    client.force_login(user)
    first = review.history.order_by("history_id").first()
    restore = reverse("admin:critics_review_simple_history", args=[review.pk, first.history_id])
    assert b"Revert" in client.get(restore).content
    form = client.get(restore).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["tags"] = ""
    assert client.post(restore, data).status_code == 302
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Good", PublishingStatus.DRAFT)


def test_film_history_records_changes_to_its_facts(editor_client):
    film = factories.film(title="Workng title")
    film.title = "Working Title"
    film.save()
    page = editor_client.get(reverse("admin:films_film_history", args=[film.pk]))
    assert "Workng title" in page.content.decode()
    assert Film.history.filter(id=film.pk).count() == 2
