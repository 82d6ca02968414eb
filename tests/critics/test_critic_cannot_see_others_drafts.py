"""A critic learns nothing of another critic's unpublished work in the admin: not its
address, not that it exists, not how many there are, not its title or slug."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from critics.models import Article, PublishingStatus
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = PublishingStatus.DRAFT


@pytest.fixture
def other():
    return factories.critic(name="Other Critic")


def view_on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def missing(obj) -> str:
    """The same address with an id nobody has."""
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, 999_999])


# "View on site" (/admin/r/<content type>/<id>/)


def test_view_on_site_of_another_critic_s_draft_answers_404_like_a_missing_item(
    critic_client, other
):
    article = factories.article(author=other, status=DRAFT, slug="secret-scoop")
    review = factories.review(critic=other, status=DRAFT)
    for obj in (article, review):
        response = critic_client.get(view_on_site(obj))
        assert response.status_code == 404
        assert "secret-scoop" not in response.content.decode()
        assert critic_client.get(missing(obj)).status_code == 404


def test_view_on_site_still_takes_critics_to_their_own_work_and_editors_anywhere(
    critic_client, critic_user, editor_client, other
):
    own = factories.article(author=critic_user.critic, status=DRAFT, slug="my-draft")
    response = critic_client.get(view_on_site(own))
    assert (response.status_code, response["Location"]) == (302, "http://testserver/news/my-draft/")
    theirs = factories.article(author=other, status=DRAFT, slug="their-draft")
    response = editor_client.get(view_on_site(theirs))
    assert (response.status_code, response["Location"]) == (
        302,
        "http://testserver/news/their-draft/",
    )


def test_view_on_site_answers_404_for_unreadable_ids(critic_client):
    huge = "9" * 30  # beyond any database integer
    addresses = ["/admin/r/abc/1/", "/admin/r/999999/1/", f"/admin/r/{huge}/1/"]
    content_type = ContentType.objects.get_for_model(Article).pk
    addresses += [f"/admin/r/{content_type}/abc/", f"/admin/r/{content_type}/{huge}/"]
    for address in addresses:
        assert critic_client.get(address).status_code == 404


# History pages


@pytest.mark.parametrize("kind", ["review", "article"])
def test_history_of_another_critic_s_work_answers_404_like_a_missing_item(
    critic_client, other, kind
):
    obj = (
        factories.review(critic=other, status=DRAFT)
        if kind == "review"
        else factories.article(author=other, status=DRAFT)
    )
    revision = obj.history.first()
    history = reverse(f"admin:critics_{kind}_history", args=[obj.pk])
    one_revision = reverse(
        f"admin:critics_{kind}_simple_history", args=[obj.pk, revision.history_id]
    )
    assert critic_client.get(history).status_code == 404
    assert critic_client.get(one_revision).status_code == 404
    assert critic_client.post(one_revision, {}).status_code == 404
    assert (
        critic_client.get(reverse(f"admin:critics_{kind}_history", args=[999_999])).status_code
        == 404
    )


def test_critics_still_read_the_history_of_their_own_work(critic_client, critic_user):
    review = factories.review(critic=critic_user.critic, status=DRAFT, headline="Mine")
    page = critic_client.get(reverse("admin:critics_review_history", args=[review.pk]))
    assert page.status_code == 200
    assert "Mine" in page.content.decode()


# Counts


def test_publication_review_counts_leave_out_other_critics_unpublished_work(
    critic_client, critic_user, editor_client, other
):
    outlet = factories.publication(name="The Daily Reel")
    tomorrow = timezone.now() + timedelta(days=1)
    factories.review(critic=critic_user.critic, publication=outlet, status=DRAFT)
    factories.review(critic=other, publication=outlet)  # live: anyone may read it
    factories.review(critic=other, publication=outlet, status=DRAFT)
    factories.review(critic=other, publication=outlet, status=PublishingStatus.SUBMITTED)
    factories.review(critic=other, publication=outlet, publish_at=tomorrow)  # scheduled
    factories.review(critic=other, publication=outlet, status=PublishingStatus.WITHDRAWN)

    def count_shown(client):
        page = client.get(reverse("admin:critics_publication_changelist"))
        (row,) = page.context["cl"].result_list
        return row._review_count

    assert count_shown(critic_client) == 2  # their own draft and the live review
    assert count_shown(editor_client) == 6


# Slug clashes


def test_slug_clash_with_another_critic_s_draft_names_nothing_of_it(critic_client, other):
    factories.article(
        author=other, status=DRAFT, title="Exclusive: the secret sequel", slug="the-sequel"
    )
    data = {"title": "My sequel piece", "slug": "the-sequel", "kind": "news", "tags": ""}
    response = critic_client.post(reverse("admin:critics_article_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert errors == ["This web address is taken; choose another slug."]
    page = response.content.decode()
    assert "secret sequel" not in page
    assert "Other Critic" not in page
    assert Article.objects.filter(slug="the-sequel").count() == 1
