"""Publication is a query: only published items whose time has come are public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from critics.models import Article, PublishingStatus, Review
from tests import factories

pytestmark = pytest.mark.django_db


def _review_in_each_state():
    now = timezone.now()
    return {
        "live": factories.review(publish_at=now - timedelta(minutes=1)),
        "draft": factories.review(status=PublishingStatus.DRAFT),
        "submitted": factories.review(status=PublishingStatus.SUBMITTED),
        "scheduled": factories.review(publish_at=now + timedelta(days=1)),
        "withdrawn": factories.review(
            status=PublishingStatus.WITHDRAWN, publish_at=now - timedelta(days=2)
        ),
        "draft_with_past_time": factories.review(
            status=PublishingStatus.DRAFT, publish_at=now - timedelta(days=2)
        ),
    }


def test_only_live_reviews_are_published():
    reviews = _review_in_each_state()
    assert list(Review.objects.published()) == [reviews["live"]]


def test_scheduled_review_goes_live_when_its_time_comes_without_any_job():
    reviews = _review_in_each_state()
    later = timezone.now() + timedelta(days=2)
    public_later = set(Review.objects.published(at=later))
    assert public_later == {reviews["live"], reviews["scheduled"]}
    assert list(Review.objects.scheduled()) == [reviews["scheduled"]]


def test_articles_follow_the_same_rules():
    now = timezone.now()
    live = factories.article(publish_at=now - timedelta(hours=1))
    factories.article(status=PublishingStatus.DRAFT)
    factories.article(publish_at=now + timedelta(hours=1))
    factories.article(status=PublishingStatus.WITHDRAWN, publish_at=now - timedelta(days=1))
    assert list(Article.objects.published()) == [live]


def test_is_public_matches_the_queryset():
    reviews = _review_in_each_state()
    public = {name for name, review in reviews.items() if review.is_public}
    assert public == {"live"}
