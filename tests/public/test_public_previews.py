"""Unpublished reviews and articles: 404 for readers, a marked preview for those allowed."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from critics.models import PublishingStatus
from critics.sharing import make_share_token, share_path
from tests import factories

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    {"status": PublishingStatus.DRAFT},
    {"status": PublishingStatus.SUBMITTED},
    {"status": PublishingStatus.WITHDRAWN, "publish_at": timezone.now() - timedelta(days=1)},
    {"status": PublishingStatus.PUBLISHED, "publish_at": timezone.now() + timedelta(days=1)},
]
IDS = ["draft", "submitted", "withdrawn", "scheduled"]


def assert_preview(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="preview-banner"' in page and "is not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'rel="canonical"' not in page
    assert "application/ld+json" not in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("state", UNPUBLISHED, ids=IDS)
def test_readers_get_404_for_unpublished_review_and_article(client, state):
    review = factories.review(**state)
    article = factories.article(**state)
    assert client.get(review.get_absolute_url()).status_code == 404
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("state", UNPUBLISHED, ids=IDS)
def test_editors_preview_unpublished_items_marked_as_preview(editor_client, state):
    review = factories.review(headline="Work in progress", **state)
    article = factories.article(title="Coming soon", **state)
    response = editor_client.get(review.get_absolute_url())
    assert_preview(response)
    assert "Work in progress" in response.content.decode()
    assert_preview(editor_client.get(article.get_absolute_url()))


def test_published_review_is_not_marked_as_preview_even_for_editors(editor_client):
    review = factories.review()
    response = editor_client.get(review.get_absolute_url())
    page = response.content.decode()
    assert "preview-banner" not in page and "noindex" not in page
    assert 'rel="canonical"' in page


def test_a_critic_previews_only_their_own_draft(client):
    user = get_user_model().objects.create_user("ann", password="x" * 16, is_staff=True)
    mine = factories.review(critic=factories.critic(user=user), status=PublishingStatus.DRAFT)
    theirs = factories.review(status=PublishingStatus.DRAFT)
    client.force_login(user)
    assert_preview(client.get(mine.get_absolute_url()))
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_share_link_shows_the_preview_to_anyone(client):
    review = factories.review(status=PublishingStatus.DRAFT, headline="Shared draft")
    response = client.get(share_path(review))
    assert_preview(response)
    assert "Shared draft" in response.content.decode()


def test_a_share_link_for_another_item_or_expired_is_refused(client):
    review = factories.review(status=PublishingStatus.DRAFT)
    other = factories.review(status=PublishingStatus.DRAFT)
    wrong = make_share_token(other)
    expired = make_share_token(review, valid_for=timedelta(seconds=-1))
    for token in (wrong, expired, "tampered"):
        assert client.get(review.get_absolute_url(), {"share": token}).status_code == 404


def test_drafts_never_appear_in_lists_feeds_or_search(client, seed_data):
    factories.review(status=PublishingStatus.DRAFT, headline="Zzsecret")
    factories.article(status=PublishingStatus.DRAFT, title="Zzsecret news")
    for url in ("/", "/films/", "/news/", "/reviews/feed/", "/news/feed/"):
        assert "Zzsecret" not in client.get(url).content.decode(), url
    assert "Nothing found" in client.get("/search/?q=Zzsecret").content.decode()
