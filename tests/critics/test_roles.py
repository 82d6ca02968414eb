"""The Editor and Critic roles exist after migrating, hold their permissions, and
`setup_roles` puts them back exactly (safe to repeat)."""

import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command

from critics.models import Critic
from critics.roles import CRITIC_GROUP, EDITOR_GROUP

pytestmark = pytest.mark.django_db


def codes(group_name) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrating_creates_the_editor_role_with_every_content_permission():
    editor = codes(EDITOR_GROUP)
    assert {
        "films.change_film",
        "critics.change_filmconsensus",
        "critics.delete_review",
        "critics.change_historicalreview",
        "taggit.change_tag",
    } <= editor
    assert not any(code.startswith("auth.") for code in editor)  # accounts stay with superusers


def test_migrating_creates_the_critic_role_that_writes_but_never_deletes_or_edits_films():
    critic = codes(CRITIC_GROUP)
    assert {"critics.add_review", "critics.change_review", "films.view_film"} <= critic
    assert (
        not {"critics.delete_review", "films.change_film", "critics.change_filmconsensus"} & critic
    )


def test_setup_roles_restores_exactly_the_listed_permissions_and_can_be_repeated():
    group = Group.objects.get(name=CRITIC_GROUP)
    before = codes(CRITIC_GROUP)
    group.permissions.remove(Permission.objects.get(codename="add_review"))
    group.permissions.add(Permission.objects.get(codename="delete_film"))
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    assert codes(CRITIC_GROUP) == before
    assert Group.objects.filter(name__in=[EDITOR_GROUP, CRITIC_GROUP]).count() == 2
    assert f"{CRITIC_GROUP}: {len(before)} permissions" in out.getvalue()


def test_superusers_and_editor_group_members_may_publish_and_critics_may_not():
    superuser = User.objects.create_superuser("root", password="a-long-test-password")
    member = User.objects.create_user("ed", password="a-long-test-password")
    member.groups.add(Group.objects.get(name=EDITOR_GROUP))
    critic = User.objects.create_user("cr", password="a-long-test-password")
    critic.groups.add(Group.objects.get(name=CRITIC_GROUP))
    publish = "critics.publish_review"
    assert superuser.has_perm(publish) and member.has_perm(publish)
    assert not critic.has_perm(publish)


def test_demo_logins_are_an_editor_and_james_porter_as_critic(seed_data, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_editor", stdout=out)
    printed = out.getvalue()
    assert "Demo editor: log in at /admin/ as 'editor'" in printed
    assert "Demo critic (James Porter): log in at /admin/ as 'critic'" in printed
    editor = User.objects.get(username="editor")
    assert editor.is_staff and editor.has_perm("critics.publish_review")
    critic_login = User.objects.get(username="critic")
    assert Critic.objects.get(user=critic_login).slug == "james-porter"
    assert list(critic_login.groups.values_list("name", flat=True)) == [CRITIC_GROUP]
