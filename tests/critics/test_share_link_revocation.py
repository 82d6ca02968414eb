"""Share links end when an editor revokes them or the item is withdrawn, and never open
another item; a link that has ended answers exactly as the plain address does."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from critics.models import Article, PublishingStatus, Review
from critics.roles import CRITIC_GROUP, EDITOR_GROUP
from critics.services import workflow
from critics.sharing import QUERY_PARAMETER, make_share_token, share_path
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = ["review", "article"]


def make(kind, **fields):
    return getattr(factories, kind)(**fields)


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def member(name, group):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return member("desk", EDITOR_GROUP)


@pytest.fixture
def editor_admin(editor):
    client = Client()  # its own session, next to the reader's `client`
    client.force_login(editor)
    return client


def link_from_admin(editor_admin, obj) -> str:
    response = editor_admin.post(admin_url(obj, "share_link"), {"valid_for": "7"})
    assert response.status_code == 200
    return response.context["link"]


def assert_not_found_like_plain_address(client, link, obj):
    shared, plain = client.get(link), client.get(obj.get_absolute_url())
    assert shared.status_code == plain.status_code == 404
    assert "Page not found" in shared.content.decode()


def assert_shows_preview(client, link, text):
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="preview-banner"' in page and text in page


# Withdrawal: the probe's finding


@pytest.mark.parametrize("kind", KINDS)
def test_a_link_stops_working_once_its_item_is_published_then_withdrawn(
    client, editor, editor_admin, kind
):
    item = make(kind, status=PublishingStatus.SUBMITTED, body="Words only the desk has seen.")
    link = link_from_admin(editor_admin, item)
    assert_shows_preview(client, link, "Words only the desk has seen.")

    workflow.publish(item=item, by=editor)
    assert client.get(link).status_code == 200  # live: everyone reads it anyway
    workflow.withdraw(item=item, by=editor)
    assert_not_found_like_plain_address(client, link, item)

    # Re-opened as a draft, the old link stays dead; a new one is needed.
    workflow.reopen(item=item, by=editor)
    assert_not_found_like_plain_address(client, link, item)
    assert_shows_preview(client, link_from_admin(editor_admin, item), "Words only")


def test_withdrawing_from_the_review_list_ends_its_links(client, editor, editor_admin):
    review = factories.review(status=PublishingStatus.SUBMITTED, headline="Soon withdrawn")
    link = link_from_admin(editor_admin, review)
    workflow.publish(item=review, by=editor)
    editor_admin.post(
        reverse("admin:critics_review_changelist"),
        {"action": "withdraw_selected", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    assert review.status == PublishingStatus.WITHDRAWN
    assert_not_found_like_plain_address(client, link, review)


@pytest.mark.parametrize("kind", KINDS)
def test_a_withdrawn_item_is_never_shown_through_a_link(client, editor_admin, kind):
    # Withdrawn by any path (a data fix, an old script), not only the workflow step.
    item = make(kind, status=PublishingStatus.DRAFT)
    link = link_from_admin(editor_admin, item)
    type(item).objects.filter(pk=item.pk).update(status=PublishingStatus.WITHDRAWN)
    assert_not_found_like_plain_address(client, link, item)


def test_no_link_is_offered_or_made_for_a_withdrawn_item(editor_admin, editor):
    review = factories.review(status=PublishingStatus.SUBMITTED)
    workflow.publish(item=review, by=editor)
    workflow.withdraw(item=review, by=editor)
    assert "Create share link" not in editor_admin.get(admin_url(review)).content.decode()
    response = editor_admin.post(admin_url(review, "share_link"), {"valid_for": "7"})
    page = response.content.decode()
    assert response.context["link"] is None
    assert "is withdrawn: share links are for work not yet published" in page


# Revoking


@pytest.mark.parametrize("kind", KINDS)
def test_revoking_ends_every_earlier_link_and_new_links_work(client, editor_admin, kind):
    item = make(kind, status=PublishingStatus.DRAFT, body="Draft under embargo.")
    first, second = link_from_admin(editor_admin, item), link_from_admin(editor_admin, item)
    assert_shows_preview(client, first, "Draft under embargo.")

    change_page = editor_admin.get(admin_url(item)).content.decode()
    revoke_url = admin_url(item, "revoke_share_links")
    assert f'href="{revoke_url}">Revoke share links' in change_page
    confirmation = editor_admin.get(revoke_url).content.decode()
    assert "Yes, revoke share links" in confirmation
    assert_shows_preview(client, first, "Draft under embargo.")  # asking changed nothing

    response = editor_admin.post(revoke_url, follow=True)
    assert response.redirect_chain[-1][0] == admin_url(item)
    assert "now shows “Page not found”" in response.content.decode()
    assert "Revoke share links" not in response.content.decode()  # none left to revoke
    assert LogEntry.objects.filter(
        object_id=str(item.pk), change_message="Revoked all share links."
    ).exists()
    for old in (first, second):
        assert_not_found_like_plain_address(client, old, item)

    new = link_from_admin(editor_admin, item)
    assert_shows_preview(client, new, "Draft under embargo.")
    assert_not_found_like_plain_address(client, first, item)


def test_restoring_an_old_revision_does_not_bring_back_a_revoked_link(client, editor_admin):
    review = factories.review(status=PublishingStatus.DRAFT, headline="First words")
    link = link_from_admin(editor_admin, review)
    review.refresh_from_db()
    review.headline = "Second words"
    review.save()
    editor_admin.post(admin_url(review, "revoke_share_links"))

    assert "share_secret" not in {f.name for f in Review.history.model._meta.fields}
    assert "share_secret" not in {f.name for f in Article.history.model._meta.fields}
    old = review.history.order_by("history_id").first()
    old.instance.save()  # what restoring the revision in the admin saves
    review.refresh_from_db()
    assert review.headline == "First words"
    assert_not_found_like_plain_address(client, link, review)


# One link, one item


def test_a_link_for_one_item_never_opens_another(client, editor_admin):
    review = factories.review(pk=4242, status=PublishingStatus.DRAFT, headline="Only me")
    other = factories.review(status=PublishingStatus.DRAFT)
    article = factories.article(pk=4242, slug="same-number", status=PublishingStatus.DRAFT)
    link = link_from_admin(editor_admin, review)
    token = link.split(f"{QUERY_PARAMETER}=", 1)[1]
    for item in (other, article):
        assert client.get(item.get_absolute_url(), {QUERY_PARAMETER: token}).status_code == 404
    # Even an item whose secret happened to match is not opened by another's link.
    Review.objects.filter(pk=other.pk).update(share_secret=Review.objects.get(pk=4242).share_secret)
    assert client.get(other.get_absolute_url(), {QUERY_PARAMETER: token}).status_code == 404
    assert_shows_preview(client, link, review.headline)


def test_links_made_before_share_secrets_existed_no_longer_work(client):
    # Tokens of the old format were signed without a secret: they are refused.
    from django.core import signing

    review = factories.review(status=PublishingStatus.DRAFT)
    make_share_token(review)  # the item now has a secret
    payload = {"model": "critics.review", "pk": review.pk, "exp": 2**40}
    old = signing.dumps(payload, salt="critics.share-link", compress=True)
    assert client.get(review.get_absolute_url(), {QUERY_PARAMETER: old}).status_code == 404
    assert client.get(share_path(review)).status_code == 200


# Who may revoke


def test_only_those_who_may_make_links_may_revoke_them(client, editor_admin):
    user = member("ann", CRITIC_GROUP)
    own = factories.review(
        critic=factories.critic(user=user), status=PublishingStatus.DRAFT, headline="By Ann"
    )
    theirs = factories.review(status=PublishingStatus.DRAFT, headline="By another")
    links = {item: link_from_admin(editor_admin, item) for item in (own, theirs)}
    critic = Client()
    critic.force_login(user)

    assert "Revoke share links" not in critic.get(admin_url(own)).content.decode()
    assert critic.get(admin_url(own, "revoke_share_links")).status_code == 403
    assert critic.post(admin_url(own, "revoke_share_links")).status_code == 403
    assert critic.post(admin_url(theirs, "revoke_share_links")).status_code == 404
    anonymous = Client().post(admin_url(own, "revoke_share_links"))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    for item, link in links.items():
        assert_shows_preview(client, link, item.headline)
