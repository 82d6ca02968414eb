"""Share links open exactly one unpublished item, until they expire."""

from datetime import timedelta

import pytest
from django.utils import timezone

from critics.sharing import make_share_token, share_token_allows
from tests import factories

pytestmark = pytest.mark.django_db


def test_share_token_opens_its_own_item_only():
    draft, other = factories.review(status="draft"), factories.review(status="draft")
    token = make_share_token(draft)
    assert share_token_allows(token, draft)
    assert not share_token_allows(token, other)
    assert not share_token_allows(token, factories.article(status="draft"))


def test_share_token_expires():
    draft = factories.review(status="draft")
    now = timezone.now()
    token = make_share_token(draft, valid_for=timedelta(hours=1), now=now)
    assert share_token_allows(token, draft, now=now + timedelta(minutes=59))
    assert not share_token_allows(token, draft, now=now + timedelta(hours=1))


@pytest.mark.parametrize("token", ["", None, "garbage", "a:b:c"])
def test_tampered_or_missing_token_opens_nothing(token):
    assert not share_token_allows(token, factories.review(status="draft"))


def test_altered_token_is_refused():
    draft = factories.review(status="draft")
    token = make_share_token(draft)
    assert not share_token_allows(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), draft)
