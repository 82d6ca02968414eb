"""What editors may do is a Django model permission asked with `has_perm`, not a group
name. For each one: a member of the Editor group can, a critic cannot, and the same
critic given that one permission alone can, and nothing more."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from critics.models import FilmConsensus, PublishingStatus, Review
from critics.roles import CRITIC_GROUP, EDITOR_GROUP, setup_roles
from critics.services import workflow
from critics.services.suggestions import accept_suggested_verdicts
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db

DRAFT = PublishingStatus.DRAFT
SUBMITTED = PublishingStatus.SUBMITTED


def grant(user, codename: str, app_label: str = "critics") -> None:
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    user.user_permissions.add(permission)


def make(kind, author, **fields):
    if kind == "review":
        return factories.review(critic=author, **fields)
    return factories.article(author=author, **fields)


def admin_url(obj, view="change"):
    return reverse(f"admin:critics_{obj._meta.model_name}_{view}", args=[obj.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def desk_client():
    """A member of the Editor group, not a superuser: the group's permissions decide."""
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other():
    return factories.critic(name="Other Critic")


@pytest.mark.parametrize("kind", ["review", "article"])
def test_publishing_needs_the_publish_permission(
    kind, critic_user, critic_client, desk_client, other
):
    mine = make(kind, critic_user.critic, status=SUBMITTED)
    changelist = reverse(f"admin:critics_{kind}_changelist")
    action = f"Publish selected {kind}s"
    assert action in page_of(desk_client, changelist)
    assert action not in page_of(critic_client, changelist)
    with pytest.raises(workflow.StepRefused, match="only editors may do that"):
        workflow.publish(item=mine, by=critic_user)

    grant(critic_user, f"publish_{kind}")
    assert action in page_of(critic_client, changelist)
    response = critic_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [mine.pk]}, follow=True
    )
    assert messages_of(response) == ["1 item was published."]
    mine.refresh_from_db()
    assert mine.status == PublishingStatus.PUBLISHED
    # Publishing is all it gave: another critic's draft is still out of sight.
    theirs = make(kind, other, status=DRAFT)
    assert critic_client.get(admin_url(theirs)).status_code == 404


@pytest.mark.parametrize("kind", ["review", "article"])
def test_seeing_other_critics_drafts_needs_the_view_any_permission(
    kind, critic_user, critic_client, desk_client, other
):
    theirs = make(kind, other, status=DRAFT)
    assert desk_client.get(admin_url(theirs)).status_code == 200
    assert critic_client.get(admin_url(theirs)).status_code == 404
    assert critic_client.get(theirs.get_absolute_url()).status_code == 404

    grant(critic_user, f"view_any_{kind}")
    response = critic_client.get(admin_url(theirs))
    assert response.status_code == 200
    assert response.context["title"] == f"View {kind}"  # seen, not changed
    assert critic_client.post(admin_url(theirs), {}).status_code == 403
    assert critic_client.get(theirs.get_absolute_url()).context["is_preview"]
    changelist = page_of(critic_client, reverse(f"admin:critics_{kind}_changelist"))
    assert str(theirs) in changelist


def test_changing_other_critics_published_work_needs_the_change_any_permission(
    critic_user, critic_client, desk_client, other
):
    theirs = factories.review(critic=other, headline="Theirs, live")
    response = desk_client.post(admin_url(theirs), review_form_data(theirs, headline="By the desk"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.headline == "By the desk"
    assert critic_client.get(admin_url(theirs)).status_code == 404

    grant(critic_user, "change_any_review")
    response = critic_client.get(admin_url(theirs))
    assert response.context["title"] == "Change review"
    # They may now write for any critic, not only as themselves.
    assert response.context["adminform"].form.fields["critic"].queryset.count() == 2
    response = critic_client.post(admin_url(theirs), review_form_data(theirs, headline="Fixed"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.headline, theirs.critic, theirs.status) == ("Fixed", other, "published")
    # Reviews only: another critic's article is still out of sight.
    article = factories.article(author=other, status=DRAFT)
    assert critic_client.get(admin_url(article)).status_code == 404


@pytest.mark.parametrize("kind", ["review", "article"])
def test_share_links_need_the_share_permission(kind, critic_user, critic_client, desk_client):
    mine = make(kind, critic_user.critic, status=DRAFT)
    assert "Create share link" in page_of(desk_client, admin_url(mine))
    assert desk_client.get(admin_url(mine, "share_link")).status_code == 200
    assert "Create share link" not in page_of(critic_client, admin_url(mine))
    assert critic_client.get(admin_url(mine, "share_link")).status_code == 403

    grant(critic_user, f"share_{kind}")
    assert "Create share link" in page_of(critic_client, admin_url(mine))
    link = critic_client.post(admin_url(mine, "share_link"), {"valid_for": 7}).context["link"]
    shared = Client().get(link)  # anyone with the link, no account needed
    assert shared.status_code == 200 and shared.context["is_preview"]


def test_the_editors_verdict_and_note_need_the_set_editor_verdict_permission(
    critic_user, critic_client, desk_client
):
    review = factories.review(
        critic=critic_user.critic,
        status=DRAFT,
        rating="",
        verdict="negative",
        verdict_source=Review.VerdictSource.EDITOR,
        verdict_note="The last paragraph pans it.",
    )
    editorial = {"verdict", "verdict_note", "is_top_critic"}
    desk_form = desk_client.get(admin_url(review)).context["adminform"].form
    assert editorial <= set(desk_form.fields)
    critic_form = critic_client.get(admin_url(review)).context["adminform"].form
    assert not editorial & set(critic_form.fields)

    grant(critic_user, "set_editor_verdict")
    critic_form = critic_client.get(admin_url(review)).context["adminform"].form
    assert editorial <= set(critic_form.fields)
    data = review_form_data(review, verdict="positive", verdict_note="Warmer than it reads.")
    assert critic_client.post(admin_url(review), data).status_code == 302
    review.refresh_from_db()
    assert (review.counted_verdict, review.verdict_note) == ("positive", "Warmer than it reads.")
    # The verdict only: publishing is still the editors'.
    changelist = page_of(critic_client, reverse("admin:critics_review_changelist"))
    assert "Publish selected reviews" not in changelist


def test_accepting_suggested_verdicts_needs_its_permission(critic_user, critic_client, desk_client):
    review = factories.review(
        critic=critic_user.critic,
        status=DRAFT,
        rating="",
        analysis={"suggestion": {"verdict": "positive", "confidence": 0.95}},
    )
    changelist = reverse("admin:critics_review_changelist")
    action = "Accept suggested verdicts of selected unrated reviews"
    assert action in page_of(desk_client, changelist)
    assert action not in page_of(critic_client, changelist)
    with pytest.raises(PermissionDenied):
        accept_suggested_verdicts(queryset=Review.objects.all(), min_confidence=0.8, by=critic_user)

    grant(critic_user, "accept_suggested_verdicts")
    assert action in page_of(critic_client, changelist)
    response = critic_client.post(
        changelist,
        {
            "action": "accept_suggested_verdicts",
            "_selected_action": [review.pk],
            "apply": "yes",
            "min_confidence": "0.80",
        },
        follow=True,
    )
    assert messages_of(response) == [
        "Accepted 1 suggested verdict (source: text model, accepted by you)."
    ]
    review.refresh_from_db()
    assert (review.counted_verdict, review.verdict_source) == ("positive", "model")


def test_importing_reviews_needs_the_import_permission(critic_user, critic_client, desk_client):
    changelist = reverse("admin:critics_review_changelist")
    importer = reverse("admin:critics_review_import")
    assert "Import CSV" in page_of(desk_client, changelist)
    assert "CSV file" in page_of(desk_client, importer)
    assert "Import CSV" not in page_of(critic_client, changelist)
    assert critic_client.get(importer).status_code == 403

    grant(critic_user, "import_reviews")
    assert "Import CSV" in page_of(critic_client, changelist)
    assert "CSV file" in page_of(critic_client, importer)
    assert "Accept suggested verdicts" not in page_of(critic_client, changelist)


def test_the_consensus_statement_follows_the_change_film_consensus_permission(
    critic_user, critic_client, desk_client
):
    film = factories.film(title="Heat")
    consensus = FilmConsensus.objects.create(film=film, generated_statement="Taut and long.")
    consensus_page = admin_url(consensus)
    action = "Use the generated consensus statement as the editor&#x27;s statement"
    films = reverse("admin:films_film_changelist")
    assert desk_client.get(consensus_page).context["title"] == "Change film consensus"
    assert action in page_of(desk_client, films)
    assert critic_client.get(consensus_page).context["title"] == "View film consensus"
    assert action not in page_of(critic_client, films)

    grant(critic_user, "change_filmconsensus")
    assert critic_client.get(consensus_page).context["title"] == "Change film consensus"
    assert action in page_of(critic_client, films)
    # The statement, not the film's facts: those follow the films app's own permission.
    film_page = reverse("admin:films_film_change", args=[film.pk])
    assert critic_client.get(film_page).context["title"] == "View film"
    grant(critic_user, "change_film", app_label="films")
    assert critic_client.get(film_page).context["title"] == "Change film"


# The roles: new databases and existing ones

EDITORIAL = {
    "publish_review",
    "view_any_review",
    "change_any_review",
    "share_review",
    "set_editor_verdict",
    "accept_suggested_verdicts",
    "import_reviews",
    "publish_article",
    "view_any_article",
    "change_any_article",
    "share_article",
}


def codenames(group_name) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(
        group.permissions.filter(content_type__app_label="critics").values_list(
            "codename", flat=True
        )
    )


def test_a_new_database_and_setup_roles_give_editors_every_editorial_permission_and_critics_none():
    assert codenames(EDITOR_GROUP) >= EDITORIAL
    assert not EDITORIAL & codenames(CRITIC_GROUP)
    Group.objects.get(name=EDITOR_GROUP).permissions.clear()
    setup_roles()
    assert codenames(EDITOR_GROUP) >= EDITORIAL
    assert not EDITORIAL & codenames(CRITIC_GROUP)


def test_migrating_an_existing_database_grants_the_editor_group_the_new_permissions():
    # As before the migration: the permission rows do not exist yet (Django makes custom
    # ones only after a whole migrate run), and the Editor group has been customised.
    Permission.objects.filter(codename__in=EDITORIAL).delete()
    editors = Group.objects.get(name=EDITOR_GROUP)
    editors.permissions.add(Permission.objects.get(codename="view_user"))
    member = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    member.groups.add(editors)
    assert not User.objects.get(pk=member.pk).has_perm("critics.publish_review")

    migration = importlib.import_module("critics.migrations.0011_editorial_permissions")
    state = MigrationLoader(connection).project_state(("critics", "0011_editorial_permissions"))
    migration.grant_to_editors(state.apps, schema_editor=None)

    assert codenames(EDITOR_GROUP) >= EDITORIAL
    assert not EDITORIAL & codenames(CRITIC_GROUP)
    assert editors.permissions.filter(codename="view_user").exists()  # added to, not reset
    assert User.objects.get(pk=member.pk).has_perm("critics.publish_review")
