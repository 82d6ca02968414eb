"""Top-critic status belongs to each review: set in the admin, shown and served per review.

A critic can be a top critic at one outlet or in one period and not another, so the
flag is the review's. A new review starts from its critic's current status; editors
may change it; the critic's own flag stays the default for reviews written later.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from critics.models import Review
from critics.roles import CRITIC_GROUP
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db


def add_review(client, critic, **fields):
    data = {
        "film": factories.film().pk,
        "critic": critic.pk,
        "headline": "New review",
        "tags": "",
        "body": "Fine.",
        **fields,
    }
    return client.post(reverse("admin:critics_review_add"), data)


def test_a_new_review_starts_from_its_critic_s_current_status(editor_client):
    top = factories.critic(name="Top Now", is_top_critic=True)
    form = editor_client.get(reverse("admin:critics_review_add")).context["adminform"].form
    assert "As the critic&#x27;s current status" in str(form["is_top_critic"])
    add_review(editor_client, top)  # the field left as it is
    assert Review.objects.get(critic=top).is_top_critic


def test_the_editor_may_say_otherwise_on_a_new_review_and_change_it_later(editor_client):
    top = factories.critic(name="Top Now", is_top_critic=True)
    add_review(editor_client, top, is_top_critic="false")
    review = Review.objects.get(critic=top)
    assert not review.is_top_critic  # say, written for an outlet where they were not

    data = review_form_data(review, is_top_critic="on")
    editor_client.post(reverse("admin:critics_review_change", args=[review.pk]), data)
    review.refresh_from_db()
    assert review.is_top_critic
    top.refresh_from_db()
    assert top.is_top_critic  # the critic's own flag is untouched either way


def test_a_critic_cannot_make_their_own_review_a_top_critic_s(client):
    user = User.objects.create_user("writer", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=CRITIC_GROUP))
    critic = factories.critic(name="Own Critic", user=user, is_top_critic=False)
    client.force_login(user)
    form = client.get(reverse("admin:critics_review_add")).context["adminform"].form
    assert "is_top_critic" not in form.fields
    add_review(client, critic, is_top_critic="true")
    assert not Review.objects.get(critic=critic).is_top_critic


def test_the_review_list_filters_by_the_review_s_own_status(editor_client):
    critic = factories.critic(name="Sometimes Top", is_top_critic=True)
    factories.review(critic=critic, headline="Written as a top critic")
    factories.review(critic=critic, headline="Written before", is_top_critic=False)
    url = reverse("admin:critics_review_changelist")
    page = editor_client.get(url, {"is_top_critic__exact": "1"}).content.decode()
    assert "Written as a top critic" in page and "Written before" not in page
    assert "By top critic (for this review)" in editor_client.get(url).content.decode()


def test_readers_and_the_api_see_each_review_s_own_status(client, db):
    film = factories.film(slug="flags")
    today = factories.critic(name="Top Today", is_top_critic=True)
    factories.review(film=film, critic=today, headline="From before", is_top_critic=False)
    then = factories.critic(name="Top Then", is_top_critic=False)
    factories.review(film=film, critic=then, headline="From then", is_top_critic=True)

    items = client.get("/api/films/flags/reviews/").json()["items"]
    assert {item["headline"]: item["is_top_critic"] for item in items} == {
        "From before": False,
        "From then": True,
    }
    page = client.get(film.get_absolute_url()).content.decode()
    # Each card's accessible name ends with the review's own headline.
    then_card = page[page.index(': From then"') :][:800]
    before_card = page[page.index(': From before"') :][:800]
    assert 'Top Then</a> <span class="top-critic">Top critic</span>' in then_card
    assert "Top Today</a> <span" not in before_card
