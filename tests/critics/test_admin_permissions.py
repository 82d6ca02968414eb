"""What a critic and an editor may see and do in the admin, on every page, not just buttons."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from critics.models import Article, FilmConsensus, PublishingStatus, Review
from critics.permissions import can_preview
from critics.roles import CRITIC_GROUP, EDITOR_GROUP
from critics.services.consensus import recompute_film_consensus
from critics.sharing import QUERY_PARAMETER, share_token_allows
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db


def member(name, group):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def critic_user():
    user = member("critic", CRITIC_GROUP)
    factories.critic(name="Own Critic", user=user)
    return user


@pytest.fixture
def critic_client(client, critic_user):
    client.force_login(critic_user)
    return client


@pytest.fixture
def group_editor_client():
    client = Client()  # its own session, next to the critic's
    client.force_login(member("editor", EDITOR_GROUP))
    return client


@pytest.fixture
def work(critic_user):
    """Two reviews and an article of the critic's own, and the same of someone else's."""
    other = factories.critic(name="Other Critic")
    return {
        "own_draft": factories.review(critic=critic_user.critic, status="draft", headline="Mine"),
        "own_live": factories.review(critic=critic_user.critic, headline="Mine, live"),
        "own_article": factories.article(author=critic_user.critic, status="draft"),
        "other_draft": factories.review(critic=other, status="draft", headline="Theirs"),
        "other_live": factories.review(critic=other, headline="Theirs, live"),
        "other_article": factories.article(author=other, status="draft"),
    }


def url(obj, view="change", *extra):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *extra])


# Lists


def test_critic_lists_only_their_own_reviews_and_articles(critic_client, work):
    reviews = critic_client.get(reverse("admin:critics_review_changelist")).context["cl"]
    assert {str(r) for r in reviews.result_list} == {"Mine", "Mine, live"}
    articles = critic_client.get(reverse("admin:critics_article_changelist")).context["cl"]
    assert list(articles.result_list) == [work["own_article"]]


def test_editor_in_the_group_lists_everyone_s_work(group_editor_client, work):
    reviews = group_editor_client.get(reverse("admin:critics_review_changelist")).context["cl"]
    assert reviews.result_count == 4


# Change pages, history, preview and share links of someone else's work


@pytest.mark.parametrize("key", ["other_draft", "other_live", "other_article"])
def test_critic_opening_someone_else_s_work_gets_404(critic_client, work, key):
    obj = work[key]
    shown_as = str(obj)  # the headline of a review, the title of an article
    assert critic_client.get(url(obj)).status_code == 404
    assert critic_client.post(url(obj), {"headline": "Hijacked"}).status_code == 404
    assert critic_client.get(url(obj, "changes_since_published")).status_code == 404
    assert critic_client.get(url(obj, "share_link")).status_code == 404
    obj.refresh_from_db()
    assert str(obj) == shown_as != "Hijacked"


def test_critic_cannot_read_someone_else_s_history_or_revisions(critic_client, work):
    other = work["other_draft"]
    other.headline = "Theirs, revised"
    other.save()
    # 404, as for a missing item: a 403 would confirm that it exists.
    assert critic_client.get(url(other, "history")).status_code == 404
    revision = other.history.first()
    simple_history = reverse(
        "admin:critics_review_simple_history", args=[other.pk, revision.history_id]
    )
    assert critic_client.get(simple_history).status_code == 404
    assert critic_client.post(simple_history, {"headline": "Restored"}).status_code == 404
    other.refresh_from_db()
    assert other.headline == "Theirs, revised"


def test_critic_edits_own_draft_but_only_views_own_published_review(critic_client, work):
    draft_page = critic_client.get(url(work["own_draft"])).content.decode()
    assert 'name="headline"' in draft_page
    live_page = critic_client.get(url(work["own_live"]))
    assert live_page.status_code == 200
    assert 'name="headline"' not in live_page.content.decode()  # read-only view
    assert critic_client.post(url(work["own_live"]), {"headline": "Edited"}).status_code == 403
    work["own_live"].refresh_from_db()
    assert work["own_live"].headline == "Mine, live"


def test_critic_cannot_restore_an_old_version_of_their_published_review(critic_client, work):
    live = work["own_live"]
    live.headline = "Mine, live, edited by the desk"
    live.save()
    old = live.history.last()
    restore = reverse("admin:critics_review_simple_history", args=[live.pk, old.history_id])
    assert critic_client.post(restore, {"headline": "Mine, live"}).status_code == 403
    live.refresh_from_db()
    assert live.headline == "Mine, live, edited by the desk"


def test_preview_is_offered_for_own_drafts_and_refused_for_others(critic_client, work):
    page = critic_client.get(url(work["own_draft"])).content.decode()
    assert f'href="{work["own_draft"].get_absolute_url()}" class="viewsitelink">Preview' in page
    assert "Create share link" not in page  # share links are an editor's
    user = User.objects.get(username="critic")
    assert can_preview(user, work["own_draft"])
    assert not can_preview(user, work["other_draft"])


def test_only_editors_make_share_links_and_the_link_opens_that_item(
    critic_client, work, group_editor_client
):
    draft = work["own_draft"]
    assert critic_client.get(url(draft, "share_link")).status_code == 403
    response = group_editor_client.post(url(draft, "share_link"), {"valid_for": "1"})
    link = response.context["link"]
    draft.refresh_from_db()  # the link is signed with the share secret it now has
    assert link.startswith(f"http://testserver{draft.get_absolute_url()}?{QUERY_PARAMETER}=")
    assert share_token_allows(link.split("=", 1)[1], draft)
    assert "works until" in response.content.decode()


# Adding


def test_critic_s_new_review_is_always_their_own_draft(critic_client, critic_user, work):
    other_critic = work["other_draft"].critic
    film = factories.film()
    data = {
        "film": film.pk,
        "critic": other_critic.pk,
        "headline": "Sneaky",
        "tags": "",
        "status": "published",
    }
    response = critic_client.post(reverse("admin:critics_review_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    data["critic"] = critic_user.critic.pk
    critic_client.post(reverse("admin:critics_review_add"), data)
    review = Review.objects.get(headline="Sneaky")
    assert (review.critic, review.status) == (critic_user.critic, PublishingStatus.DRAFT)


def test_critic_add_form_offers_only_themselves_as_critic(critic_client, critic_user):
    form = critic_client.get(reverse("admin:critics_review_add")).context["adminform"].form
    assert list(form.fields["critic"].queryset) == [critic_user.critic]
    assert "publish_at" not in form.fields


# Bulk actions


def test_critic_is_offered_only_the_submit_action(critic_client, work):
    response = critic_client.get(reverse("admin:critics_review_changelist"))
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "submit_selected" in actions
    assert not {"publish_selected", "withdraw_selected", "delete_selected"} & set(actions)


def test_critic_posting_publish_or_delete_actions_changes_nothing(critic_client, work):
    own = work["own_draft"]
    own.status = PublishingStatus.SUBMITTED
    own.save()
    for action in ["publish_selected", "withdraw_selected", "delete_selected"]:
        critic_client.post(
            reverse("admin:critics_review_changelist"),
            {"action": action, "_selected_action": [own.pk, work["own_live"].pk], "post": "yes"},
        )
    assert Review.objects.get(pk=own.pk).status == PublishingStatus.SUBMITTED
    assert Review.objects.get(pk=work["own_live"].pk).status == PublishingStatus.PUBLISHED
    assert Review.objects.count() == 4


def test_critic_s_submit_action_skips_someone_else_s_draft(critic_client, work):
    critic_client.post(
        reverse("admin:critics_review_changelist"),
        {
            "action": "submit_selected",
            "_selected_action": [work["own_draft"].pk, work["other_draft"].pk],
        },
    )
    assert Review.objects.get(pk=work["own_draft"].pk).status == PublishingStatus.SUBMITTED
    assert Review.objects.get(pk=work["other_draft"].pk).status == PublishingStatus.DRAFT


# The catalogue and the consensus


def test_critic_sees_a_film_but_cannot_change_its_facts(critic_client):
    film = factories.film(title="Facts")
    page = critic_client.get(url(film))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert critic_client.post(url(film), {"title": "Changed"}).status_code == 403
    assert Film.objects.get(pk=film.pk).title == "Facts"


def test_critic_cannot_change_the_consensus_statement(critic_client):
    review = factories.review(verdict="positive")
    consensus = recompute_film_consensus(review.film_id)
    page = critic_client.get(url(consensus)).content.decode()
    assert consensus.generated_statement in page  # the figures and text, read-only
    assert 'name="editor_statement"' not in page
    assert critic_client.post(url(consensus), {"editor_statement": "Mine"}).status_code == 403
    critic_client.post(
        reverse("admin:films_film_changelist"),
        {"action": "use_generated_statement", "_selected_action": [review.film_id]},
    )
    assert FilmConsensus.objects.get(pk=consensus.pk).editor_statement == ""


def test_film_page_lists_its_reviews_and_uses_the_statement_in_one_click(group_editor_client):
    review = factories.review(verdict="positive", headline="A rave")
    consensus = recompute_film_consensus(review.film_id)
    film_url = url(review.film)
    page = group_editor_client.get(film_url).content.decode()
    assert "Reviews of this film" in page
    assert reverse("admin:critics_review_change", args=[review.pk]) in page
    assert consensus.generated_statement in page
    form = group_editor_client.get(film_url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields if name != "poster"}
    data.update(
        {
            "tags": "",
            "_use_generated_statement": "1",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "consensus-TOTAL_FORMS": "1",
            "consensus-INITIAL_FORMS": "1",
            "consensus-0-film": review.film_id,
            "consensus-0-editor_statement": "",
            "reviews-TOTAL_FORMS": "1",
            "reviews-INITIAL_FORMS": "1",
            "reviews-0-id": review.pk,
            "reviews-0-film": review.film_id,
        }
    )
    response = group_editor_client.post(film_url, data, follow=True)
    assert "1 film now shows its generated statement as the editor" in response.content.decode()
    consensus.refresh_from_db()
    assert consensus.editor_statement == consensus.generated_statement != ""


def test_critic_sees_only_own_reviews_in_a_film_s_review_list(critic_client, work):
    film = work["other_live"].film
    factories.review(film=film, critic=work["own_live"].critic, headline="Mine too")
    inline = next(
        formset
        for formset in critic_client.get(url(film)).context["inline_admin_formsets"]
        if formset.opts.model is Review
    )
    assert [form.original.headline for form in inline] == ["Mine too"]


def test_articles_of_another_critic_stay_untouched_by_bulk_submit(critic_client, work):
    critic_client.post(
        reverse("admin:critics_article_changelist"),
        {"action": "submit_selected", "_selected_action": [work["other_article"].pk]},
    )
    assert Article.objects.get(pk=work["other_article"].pk).status == PublishingStatus.DRAFT
