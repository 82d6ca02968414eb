"""Draft -> submitted -> published -> withdrawn: each step, each refusal, scheduling."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from critics.models import FilmConsensus, PublishingStatus, Review
from critics.roles import CRITIC_GROUP, EDITOR_GROUP
from critics.services import workflow
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED, PUBLISHED, WITHDRAWN = (
    PublishingStatus.DRAFT,
    PublishingStatus.SUBMITTED,
    PublishingStatus.PUBLISHED,
    PublishingStatus.WITHDRAWN,
)


def member(name, group):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return member("ed", EDITOR_GROUP)


@pytest.fixture
def critic_user():
    user = member("cr", CRITIC_GROUP)
    factories.critic(name="Own Critic", user=user)
    return user


def own_review(user, **fields):
    return factories.review(critic=user.critic, **fields)


@pytest.mark.parametrize(
    ("start", "step", "end"),
    [
        (DRAFT, "submit", SUBMITTED),
        (SUBMITTED, "send_back", DRAFT),
        (SUBMITTED, "publish", PUBLISHED),
        (PUBLISHED, "withdraw", WITHDRAWN),
        (WITHDRAWN, "draft_again", DRAFT),
    ],
)
def test_editor_takes_each_step_of_the_workflow(editor, start, step, end):
    review = factories.review(status=start)
    step = "reopen" if step == "draft_again" else step
    getattr(workflow, step)(item=review, by=editor)
    review.refresh_from_db()
    assert review.status == end


@pytest.mark.parametrize(
    ("start", "step", "reason"),
    [
        (DRAFT, "publish", "submit it for review first"),
        (DRAFT, "withdraw", "it was never published"),
        (SUBMITTED, "withdraw", "send it back to the critic instead"),
        (PUBLISHED, "submit", "it is already published"),
        (PUBLISHED, "reopen", "withdraw it first"),
        (WITHDRAWN, "publish", "re-open it as a draft and submit it again"),
        (WITHDRAWN, "submit", "re-open it as a draft first"),
    ],
)
def test_steps_that_skip_a_stage_are_refused_with_the_reason(editor, start, step, reason):
    review = factories.review(status=start)
    with pytest.raises(workflow.StepRefused, match=reason):
        getattr(workflow, step)(item=review, by=editor)
    review.refresh_from_db()
    assert review.status == start


def test_critic_submits_own_draft_but_may_not_publish_it(critic_user):
    review = own_review(critic_user, status=DRAFT)
    workflow.submit(item=review, by=critic_user)
    with pytest.raises(workflow.StepRefused, match="only editors may do that"):
        workflow.publish(item=review, by=critic_user)
    review.refresh_from_db()
    assert review.status == SUBMITTED


def test_critic_may_not_submit_someone_elses_draft(critic_user):
    review = factories.review(status=DRAFT)
    with pytest.raises(workflow.StepRefused, match="only its author"):
        workflow.submit(item=review, by=critic_user)


def test_editor_note_goes_back_to_the_critic_who_sees_it(editor, critic_user, client):
    review = own_review(critic_user, status=SUBMITTED, headline="My take")
    workflow.send_back(item=review, by=editor, note="Cut the second paragraph, please.")
    client.force_login(critic_user)
    page = client.get(reverse("admin:critics_review_change", args=[review.pk])).content.decode()
    assert "Cut the second paragraph, please." in page
    assert "Status: <strong>Draft</strong>" in page


def test_review_scheduled_for_tomorrow_is_not_public_today_but_is_tomorrow(editor):
    tomorrow = timezone.now() + timedelta(days=1)
    review = factories.review(status=SUBMITTED)
    workflow.publish(item=review, by=editor, at=tomorrow)
    assert not Review.objects.published().filter(pk=review.pk).exists()
    assert Review.objects.scheduled().filter(pk=review.pk).exists()
    later = tomorrow + timedelta(minutes=1)
    assert Review.objects.published(at=later).filter(pk=review.pk).exists()


def test_publishing_and_withdrawing_rebuild_the_consensus_on_commit(
    editor, django_capture_on_commit_callbacks
):
    review = factories.review(status=SUBMITTED, verdict="positive")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(item=review, by=editor)
    assert FilmConsensus.objects.get(film=review.film).positive_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(item=review, by=editor)
    assert FilmConsensus.objects.get(film=review.film).review_count == 0


def test_critic_submits_from_the_form_with_one_button(critic_user, client):
    review = own_review(critic_user, status=DRAFT, headline="Draft")
    client.force_login(critic_user)
    url = reverse("admin:critics_review_change", args=[review.pk])
    page = client.get(url).content.decode()
    assert 'value="submit">Save and submit for review</button>' in page
    assert "Save and publish" not in page
    response = client.post(
        url, review_form_data(review, headline="Ready", _workflow="submit"), follow=True
    )
    assert "“Ready” was submitted for review." in response.content.decode()
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Ready", SUBMITTED)


def test_publishing_a_draft_from_the_form_is_refused_and_nothing_is_saved(editor, client):
    review = factories.review(status=DRAFT, headline="Unready")
    client.force_login(editor)
    url = reverse("admin:critics_review_change", args=[review.pk])
    response = client.post(url, review_form_data(review, headline="Changed", _workflow="publish"))
    assert response.status_code == 200
    assert "Not published: submit it for review first." in response.content.decode()
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Unready", DRAFT)


def test_editor_schedules_from_the_form_and_is_told_when_it_goes_live(editor, client):
    review = factories.review(status=SUBMITTED, headline="Coming soon")
    client.force_login(editor)
    when = timezone.now() + timedelta(days=2)
    response = client.post(
        reverse("admin:critics_review_change", args=[review.pk]),
        review_form_data(
            review,
            publish_at_0=when.strftime("%Y-%m-%d"),
            publish_at_1=when.strftime("%H:%M:%S"),
            _workflow="publish",
        ),
        follow=True,
    )
    assert "“Coming soon” is scheduled: it goes live on" in response.content.decode()
    review.refresh_from_db()
    assert review.status == PUBLISHED and not review.is_public


def test_editor_sends_back_with_a_note_from_the_form(editor, critic_user, client):
    review = own_review(critic_user, status=SUBMITTED, headline="Needs work")
    client.force_login(editor)
    response = client.post(
        reverse("admin:critics_review_change", args=[review.pk]),
        review_form_data(review, editor_feedback="Check the release date.", _workflow="send_back"),
        follow=True,
    )
    assert "“Needs work” was sent back to the critic." in response.content.decode()
    review.refresh_from_db()
    assert (review.status, review.editor_feedback) == (DRAFT, "Check the release date.")


def test_list_action_reports_what_it_did_and_what_it_refused(editor, client):
    ready = factories.review(status=SUBMITTED, headline="Ready one")
    draft = factories.review(status=DRAFT, headline="Not ready")
    client.force_login(editor)
    response = client.post(
        reverse("admin:critics_review_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "1 item was published." in page
    assert "Not published: “Not ready”: submit it for review first." in page
    assert set(Review.objects.published()) == {ready}


def test_withdrawn_work_is_reopened_as_a_draft_by_an_editor(editor, client):
    article = factories.article(status=WITHDRAWN, publish_at=timezone.now())
    client.force_login(editor)
    client.post(
        reverse("admin:critics_article_changelist"),
        {"action": "reopen_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == DRAFT
