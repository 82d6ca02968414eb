"""Every counted verdict says where it comes from (rating, critic, editor or model), on
every path that sets it and everywhere it is shown: admin, API, public pages."""

import pytest
from django.urls import reverse

from critics.models import PublishingStatus, Review
from critics.services.consensus import score_review
from tests import factories
from tests.admin_forms import review_form_data

pytestmark = pytest.mark.django_db

RATING, CRITIC, EDITOR, MODEL = "rating", "critic", "editor", "model"


def scored(**fields) -> Review:
    review = Review(**fields)
    score_review(review)
    return review


# The rule, as score_review enforces it on every save path.


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"rating": "4/5"}, (RATING, "positive")),
        ({"rating": ""}, (None, None)),
        ({"rating": "", "verdict": "negative"}, (EDITOR, "negative")),
        ({"rating": "", "verdict": "negative", "verdict_source": CRITIC}, (CRITIC, "negative")),
        ({"rating": "", "verdict": "positive", "verdict_source": MODEL}, (MODEL, "positive")),
        # A verdict set over a rating, with the rating's old source: an editor's reading.
        ({"rating": "1/5", "verdict": "positive", "verdict_source": RATING}, (EDITOR, "positive")),
        # Clearing the verdict hands the review back to its rating, or leaves it unrated.
        ({"rating": "2/5", "verdict_source": EDITOR}, (RATING, "mixed")),
        ({"rating": "", "verdict_source": MODEL}, (None, None)),
    ],
)
def test_score_review_keeps_the_provenance_rule(fields, expected):
    review = scored(**fields)
    assert (review.verdict_source, review.counted_verdict) == expected


def test_source_is_null_exactly_when_unrated_for_every_stored_review(seed_data):
    factories.review(rating="3/4")
    factories.review(rating="", verdict="mixed")
    factories.review(rating="")
    for source, counted in Review.objects.values_list("verdict_source", "counted_verdict"):
        assert (source is None) == (counted is None)


def test_seed_verdicts_are_editors_readings(seed_data):
    assert set(Review.objects.values_list("verdict_source", flat=True)) == {EDITOR}


# The admin form: who sets the verdict decides its source.


def post_review_form(client, review, **changes):
    url = reverse("admin:critics_review_change", args=[review.pk])
    response = client.post(url, review_form_data(review, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    review.refresh_from_db()
    return review


def test_an_editor_setting_a_verdict_makes_it_an_editor_s_reading(editor_client):
    review = factories.review(rating="")
    review = post_review_form(editor_client, review, verdict="negative")
    assert (review.counted_verdict, review.verdict_source) == ("negative", EDITOR)


def test_an_editor_overriding_a_rating_makes_it_an_editor_s_reading(editor_client):
    review = factories.review(rating="4/5")
    assert review.verdict_source == RATING
    review = post_review_form(editor_client, review, verdict="mixed")
    assert (review.counted_verdict, review.verdict_source) == ("mixed", EDITOR)


def test_a_critic_choosing_a_verdict_for_their_own_review_makes_it_the_critic_s(
    critic_client, critic_user
):
    review = factories.review(critic=critic_user.critic, status=PublishingStatus.DRAFT, rating="")
    review = post_review_form(critic_client, review, verdict="positive")
    assert (review.counted_verdict, review.verdict_source) == ("positive", CRITIC)


def test_an_editor_saving_without_touching_the_verdict_keeps_the_critic_s_source(
    editor_client, critic_user
):
    review = factories.review(critic=critic_user.critic, verdict="positive", verdict_source=CRITIC)
    review = post_review_form(editor_client, review, headline="Tidied headline")
    assert review.verdict_source == CRITIC
    review = post_review_form(editor_client, review, verdict="negative")
    assert review.verdict_source == EDITOR


def test_a_rating_alone_gives_a_rating_source_and_clearing_the_verdict_returns_to_it(
    editor_client,
):
    review = factories.review(rating="", verdict="positive")
    review = post_review_form(editor_client, review, rating="1/4", verdict="")
    assert (review.counted_verdict, review.verdict_source) == ("negative", RATING)
    review = post_review_form(editor_client, review, rating="")
    assert (review.counted_verdict, review.verdict_source) == (None, None)


def test_verdict_help_text_tells_editors_and_critics_what_readers_will_see(
    editor_client, critic_client, critic_user
):
    review = factories.review(critic=critic_user.critic, status=PublishingStatus.DRAFT)
    url = reverse("admin:critics_review_change", args=[review.pk])
    editors = editor_client.get(url).context["adminform"].form.fields["verdict"].help_text
    critics = critic_client.get(url).context["adminform"].form.fields["verdict"].help_text
    assert "shown to readers as an editor's reading" in editors
    assert "Readers see it as the critic's own verdict" in critics


# The admin list and change form.


def test_review_list_shows_each_counted_verdict_with_its_source(editor_client):
    factories.review(headline="Rated one", rating="4/5")
    factories.review(headline="Read by an editor", rating="", verdict="negative")
    factories.review(headline="Not counted", rating="")
    page = editor_client.get(reverse("admin:critics_review_changelist")).content.decode()
    assert "Positive · rating" in page
    assert "Negative · editor" in page
    assert "Unrated" in page


def test_every_unrated_review_shows_the_text_model_s_suggestion(editor_client):
    suggestion = {"suggestion": {"verdict": "positive", "confidence": 0.91}}
    unrated = factories.review(headline="Unrated", rating="", analysis=suggestion)
    factories.review(headline="Rated", rating="1/5", analysis=suggestion)
    changelist = editor_client.get(reverse("admin:critics_review_changelist"))
    page = changelist.content.decode()
    assert "Text model&#x27;s suggestion" in page  # the column's header
    assert page.count("Suggested: positive (0.91)") == 1  # only the unrated review's row
    form = editor_client.get(reverse("admin:critics_review_change", args=[unrated.pk]))
    text = form.content.decode()
    assert "positive (confidence 0.91), read from the text" in text
    assert "counted only if an editor accepts it" in text


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("any", {"Sure", "Unsure", "Mixed"}),
        ("high", {"Sure"}),
        ("medium", {"Mixed"}),
        ("low", {"Unsure"}),
        ("none", {"No text"}),
    ],
)
def test_unrated_with_a_suggestion_filter_and_its_confidence_bands(editor_client, choice, expected):
    def suggested(verdict, confidence):
        return {"suggestion": {"verdict": verdict, "confidence": confidence}}

    factories.review(headline="Sure", rating="", analysis=suggested("positive", 0.93))
    factories.review(headline="Unsure", rating="", analysis=suggested("negative", 0.55))
    factories.review(headline="Mixed", rating="", analysis=suggested("mixed", 0.7))
    factories.review(headline="No text", rating="", body="", analysis={"suggestion": None})
    factories.review(headline="Rated", rating="5/5", analysis=suggested("positive", 0.99))
    response = editor_client.get(reverse("admin:critics_review_changelist"), {"suggestion": choice})
    listed = {str(review) for review in response.context["cl"].result_list}
    assert listed == expected


# The API.


def test_api_gives_every_review_its_verdict_source(client, db):
    film = factories.film(slug="sourced")
    factories.review(film=film, rating="3/4", headline="rated")
    factories.review(film=film, rating="", verdict="negative", headline="editor")
    factories.review(film=film, rating="", verdict="positive", verdict_source=CRITIC, headline="c")
    factories.review(film=film, rating="", headline="unrated")
    items = client.get("/api/films/sourced/reviews/").json()["items"]
    sources = {item["headline"]: (item["verdict"], item["verdict_source"]) for item in items}
    assert sources == {
        "rated": ("positive", RATING),
        "editor": ("negative", EDITOR),
        "c": ("positive", CRITIC),
        "unrated": (None, None),
    }


def test_api_schema_describes_verdict_source(client, db):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    field = schemas["ReviewOut"]["properties"]["verdict_source"]
    assert "verdict_source" in schemas["ReviewOut"]["required"]
    assert "Null exactly when the verdict is null" in field["description"]
    assert {"type": "null"} in field["anyOf"]
    [choices] = [option["$ref"] for option in field["anyOf"] if "$ref" in option]
    assert set(schemas[choices.rsplit("/", 1)[-1]]["enum"]) == {RATING, CRITIC, EDITOR, MODEL}


# Public pages.


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"rating": "4/5"}, "from the critic&#x27;s 4/5"),
        ({"rating": "", "verdict": "positive", "verdict_source": CRITIC}, "the critic&#x27;s own"),
        ({"rating": "", "verdict": "negative"}, "an editor&#x27;s reading (no rating given)"),
        (
            {"rating": "4/5", "verdict": "mixed"},
            "an editor&#x27;s reading, in place of the critic&#x27;s 4/5",
        ),
        (
            {"rating": "B", "verdict": "negative", "verdict_source": CRITIC},
            "the critic&#x27;s own verdict, rated B",
        ),
        (
            {"rating": "", "verdict": "positive", "verdict_source": MODEL},
            "suggested by our text model, accepted by an editor",
        ),
    ],
)
def test_review_page_and_cards_say_where_the_verdict_comes_from(client, db, fields, words):
    film = factories.film(slug="provenance")
    review = factories.review(film=film, headline="The one", **fields)
    factories.review(film=film, headline="Another", rating="1/4")
    review_page = client.get(review.get_absolute_url()).content.decode()
    film_page = client.get("/films/provenance/").content.decode()
    for page in (review_page, film_page):
        assert f'<span class="verdict-source"><span class="visually-hidden">, </span>{words}' in (
            page
        )


def test_unrated_review_page_says_it_does_not_count(client, db):
    review = factories.review(rating="", headline="Quiet")
    page = client.get(review.get_absolute_url()).content.decode()
    assert "No verdict" in page
    assert "The critic gave no rating and no verdict has been given" in page
    assert "verdict-source" not in page


def test_seed_review_pages_say_the_verdicts_are_editors_readings(client, seed_data):
    page = client.get("/films/la-la-land/").content.decode()
    assert page.count("an editor&#x27;s reading (no rating given)") == 4
