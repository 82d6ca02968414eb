"""Who may preview unpublished work: editors, and critics for their own work only."""

import pytest
from django.contrib.auth.models import Group, User

from critics.permissions import can_preview
from critics.roles import EDITOR_GROUP
from tests import factories

pytestmark = pytest.mark.django_db


def staff_user(name, **fields):
    return User.objects.create_user(name, password="a-long-test-password", is_staff=True, **fields)


def test_editor_group_member_may_preview_anything():
    editor = staff_user("ed")
    editor.groups.add(Group.objects.get_or_create(name=EDITOR_GROUP)[0])
    assert can_preview(editor, factories.review(status="draft"))


def test_critic_may_preview_only_their_own_review():
    user = staff_user("cr")
    own = factories.review(status="draft", critic=factories.critic(user=user))
    assert can_preview(user, own)
    assert not can_preview(user, factories.review(status="draft"))


def test_anonymous_and_non_staff_users_may_not_preview(client):
    draft = factories.review(status="draft")
    reader = User.objects.create_user("reader", password="a-long-test-password")
    assert not can_preview(reader, draft)
    from django.contrib.auth.models import AnonymousUser

    assert not can_preview(AnonymousUser(), draft)
