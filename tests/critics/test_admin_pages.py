"""Every model's admin list and change pages work for an editor, with what editors need."""

import pytest
from django.urls import reverse

from critics.models import Article, Critic, Publication, PublishingStatus, Review
from films.models import Credit, Film, Person
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = [Film, Person, Credit, Publication, Critic, Review, Article]


@pytest.fixture
def seed_data(seed_data):
    # The seed documents name no publication; editors still need that page to work.
    paper = factories.publication(name="The Daily Screen")
    factories.review(film=Film.objects.get(slug="whiplash"), publication=paper)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_page_shows_the_seed_rows(editor_client, seed_data, model):
    response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    shown = response.context["cl"].result_count
    assert shown == model.objects.count() > 0


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_renders_the_object(editor_client, seed_data, model):
    obj = model.objects.order_by("pk").first()
    response = editor_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_add_page_shows_an_empty_form_for_the_model(editor_client, model):
    response = editor_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form._meta.model is model
    assert not form.is_bound and form.instance.pk is None
    assert f"Add {model._meta.verbose_name}" in response.content.decode()


def test_film_page_edits_credits_inline(editor_client, seed_data):
    film = Film.objects.get(slug="la-la-land")
    response = editor_client.get(admin_url(Film, "change", film.pk))
    content = response.content.decode()
    assert "credits-TOTAL_FORMS" in content
    assert "Emma Stone" in content


def test_review_list_filters_by_status_and_searches_text(editor_client, seed_data):
    factories.review(
        film=Film.objects.get(slug="whiplash"),
        status=PublishingStatus.DRAFT,
        headline="Draft on drumming",
    )
    url = admin_url(Review, "changelist")
    drafts = editor_client.get(url, {"status__exact": "draft"})
    assert [str(r) for r in drafts.context["cl"].result_list] == ["Draft on drumming"]
    found = editor_client.get(url, {"q": "Hurwitz"})
    assert found.context["cl"].result_count == 3  # reviews 000, 001 and 004 name him


def test_autocomplete_finds_films_for_the_review_form(editor_client, seed_data):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "la la land",
            "app_label": "critics",
            "model_name": "review",
            "field_name": "film",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["La La Land (2016)"]


def test_publish_action_publishes_selected_and_says_how_many(editor_client):
    # Only submitted work can be published (the workflow: draft -> submitted -> published).
    submitted = [factories.review(status=PublishingStatus.SUBMITTED) for _ in range(2)]
    live = factories.review()
    response = editor_client.post(
        admin_url(Review, "changelist"),
        {"action": "publish_selected", "_selected_action": [r.pk for r in [*submitted, live]]},
        follow=True,
    )
    assert "2 items were published." in response.content.decode()
    assert set(Review.objects.published()) == {*submitted, live}


def test_withdraw_action_takes_items_off_the_site(editor_client, seed_data):
    article = Article.objects.get()
    response = editor_client.post(
        admin_url(Article, "changelist"),
        {"action": "withdraw_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "1 item was withdrawn." in response.content.decode()
    assert not Article.objects.published().exists()
    assert Article.objects.get().status == PublishingStatus.WITHDRAWN


def test_editor_adds_a_film_through_the_admin(editor_client):
    response = editor_client.post(
        admin_url(Film, "add"),
        {
            "title": "Babylon",
            "slug": "babylon",
            "release_year": "2022",
            "tags": "drama, hollywood",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    film = Film.objects.get(slug="babylon")
    assert set(film.tags.names()) == {"drama", "hollywood"}


def test_duplicate_review_gives_the_editor_a_form_error_not_a_crash(editor_client):
    existing = factories.review(publication=factories.publication())
    response = editor_client.post(
        admin_url(Review, "add"),
        {
            "film": existing.film.pk,
            "critic": existing.critic.pk,
            "publication": existing.publication.pk,
            "status": "draft",
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert "already has a review of this film in this publication" in response.content.decode()
    assert Review.objects.count() == 1
