"""A tag has a public page only while something readers can see carries it: a tag used
only on drafts, submitted, scheduled or withdrawn work is a 404 (its name alone could
tell what is being written)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from critics.models import PublishingStatus
from tests import factories

pytestmark = pytest.mark.django_db

TOMORROW = timedelta(days=1)


def unseen_work(kind):
    """One item of each kind readers cannot see yet (or any more)."""
    later = timezone.now() + TOMORROW
    return {
        "draft review": lambda: factories.review(status=PublishingStatus.DRAFT),
        "submitted review": lambda: factories.review(status=PublishingStatus.SUBMITTED),
        "scheduled review": lambda: factories.review(publish_at=later),
        "withdrawn review": lambda: factories.review(status=PublishingStatus.WITHDRAWN),
        "draft article": lambda: factories.article(status=PublishingStatus.DRAFT),
        "scheduled article": lambda: factories.article(publish_at=later),
    }[kind]()


@pytest.mark.parametrize(
    "kind",
    [
        "draft review",
        "submitted review",
        "scheduled review",
        "withdrawn review",
        "draft article",
        "scheduled article",
    ],
)
def test_tag_used_only_on_unpublished_work_has_no_page(client, kind):
    unseen_work(kind).tags.add("Secret sequel")
    response = client.get("/tags/secret-sequel/")
    assert response.status_code == 404
    assert "Secret sequel" not in response.content.decode()


@pytest.mark.parametrize(
    "make", [factories.film, factories.review, factories.article], ids=["film", "review", "article"]
)
def test_tag_on_one_public_item_has_its_page_with_its_name(client, make):
    unseen_work("draft review").tags.add("Secret sequel")
    make().tags.add("Secret sequel")
    response = client.get("/tags/secret-sequel/")
    assert response.status_code == 200
    assert "Tagged “Secret sequel”" in response.content.decode()


def test_a_tag_page_goes_away_when_its_only_review_is_withdrawn(client):
    review = factories.review()
    review.tags.add("Festival")
    assert client.get("/tags/festival/").status_code == 200
    review.status = PublishingStatus.WITHDRAWN
    review.save()
    assert client.get("/tags/festival/").status_code == 404
