"""The JSON API at /api/: what a client reading films, reviews, critics and consensus sees."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from critics.models import FilmConsensus, PublishingStatus, Review
from critics.services.consensus import recompute_film_consensus
from critics.services.reviews import save_review
from films.models import Credit, Film
from tests import factories

pytestmark = pytest.mark.django_db

CONSENSUS_KEYS = {
    "film",
    "review_count",
    "counts",
    "percent_positive",
    "average_score",
    "top_critics",
    "label",
    "label_basis",
    "score_label",
    "scored_count",
    "verdict_sources",
    "verdict_sources_summary",
    "agreement",
    "provisional",
    "statement",
    "statement_source",
    "aspects",
    "quotes",
    "dissent",
    "histogram",
}

UNPUBLISHED_STATES = {
    "draft": {"status": PublishingStatus.DRAFT},
    "withdrawn": {
        "status": PublishingStatus.WITHDRAWN,
        "publish_at": timezone.now() - timedelta(days=1),
    },
    "scheduled": {
        "status": PublishingStatus.PUBLISHED,
        "publish_at": timezone.now() + timedelta(days=1),
    },
}


def rated_review(film, rating, *, critic=None, **fields) -> Review:
    """A published review saved the way editors save one, so its rating is scored."""
    fields.setdefault("body", "A confident, handsome film.\n\nThe score is lovely.")
    fields.setdefault("publish_at", factories.published_at_past())
    review = Review(
        film=film,
        critic=critic or factories.critic(),
        rating=rating,
        status=PublishingStatus.PUBLISHED,
        **fields,
    )
    return save_review(review=review)


def rated_film(*ratings, **film_fields) -> Film:
    film = factories.film(**film_fields)
    for rating in ratings:
        rated_review(film, rating)
    recompute_film_consensus(film.pk)
    return film


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# Consensus


def test_seed_film_consensus_says_its_verdicts_are_editors_readings(client, seed_data):
    consensus = get_json(client, "/api/films/la-la-land/consensus/")

    assert consensus.keys() >= CONSENSUS_KEYS
    assert consensus["film"] == "la-la-land"
    assert consensus["review_count"] == 4
    assert consensus["counts"] == {"positive": 4, "mixed": 0, "negative": 0, "unrated": 0}
    assert consensus["percent_positive"] == 100
    assert consensus["label"] == "Overwhelmingly positive"
    assert consensus["label_basis"] == "percent_positive"
    # No review gives a rating: no average, no score band, every verdict an editor's.
    assert (consensus["average_score"], consensus["scored_count"]) == (None, 0)
    assert consensus["score_label"] is None
    assert consensus["verdict_sources"] == {"rating": 0, "critic": 0, "editor": 4, "model": 0}
    assert consensus["verdict_sources_summary"] == (
        "4 of 4 verdicts are editors' readings of reviews with no rating."
    )
    assert consensus["provisional"] is False
    assert consensus["agreement"] == 1.0
    assert consensus["statement_source"] == "generated"
    assert "La La Land" in consensus["statement"]
    assert consensus["dissent"] is None
    assert consensus["aspects"]
    assert set(consensus["aspects"][0]) == {"name", "mentions", "positive", "negative"}
    assert consensus["histogram"]["verdicts"] == consensus["counts"]
    assert len(consensus["histogram"]["scores"]) == 10


def test_seed_film_quotes_different_critics_and_link_to_their_reviews(client, seed_data):
    quotes = get_json(client, "/api/films/la-la-land/consensus/")["quotes"]

    assert len({quote["critic"] for quote in quotes}) >= 2
    for quote in quotes:
        review = Review.objects.get(quote=quote["text"])
        assert quote["review_url"] == f"http://testserver/reviews/{review.pk}/"
        assert quote["verdict"] == "positive"
        assert client.get(quote["review_url"]).status_code == 200


def test_statement_citations_link_to_the_cited_reviews(client, seed_data):
    consensus = get_json(client, "/api/films/la-la-land/consensus/")

    assert consensus["citations"]
    for citation in consensus["citations"]:
        assert citation["phrase"] in consensus["statement"]
        assert citation["review_url"] == f"http://testserver/reviews/{citation['review_id']}/"


def test_rated_reviews_give_hand_computed_figures_and_a_dissent(client, db):
    # 3/4 -> 75, B+ -> 83, 2/5 -> 40 (mixed), 4/5 -> 80: mean 278 / 4 = 69.5.
    film = rated_film("3/4", "B+", "2/5", "4/5", slug="rated")
    consensus = get_json(client, "/api/films/rated/consensus/")

    assert consensus["counts"] == {"positive": 3, "mixed": 1, "negative": 0, "unrated": 0}
    assert consensus["percent_positive"] == 75
    assert consensus["average_score"] == 69.5
    assert consensus["scored_count"] == 4
    # The label bands the percentage (75%); the average has its own band.
    assert consensus["label"] == "Mostly positive"
    assert consensus["label_basis"] == "percent_positive"
    assert consensus["score_label"] == "Generally favorable"
    assert consensus["verdict_sources"] == {"rating": 4, "critic": 0, "editor": 0, "model": 0}
    assert consensus["verdict_sources_summary"] == (
        "4 of 4 verdicts come from the critics' ratings."
    )
    assert consensus["agreement"] == 0.75
    assert consensus["majority_verdict"] == "positive"
    assert consensus["histogram"]["scores"] == [0, 0, 0, 0, 1, 0, 0, 1, 2, 0]
    mixed = Review.objects.get(film=film, rating="2/5")
    assert consensus["dissent"]["review_url"] == f"http://testserver/reviews/{mixed.pk}/"
    assert consensus["dissent"]["score"] == 40.0
    assert consensus["dissent"]["verdict"] == "mixed"


def test_provisional_consensus_hides_percent_and_average(client, db):
    rated_film("3/4", "B+", "2/5", slug="early")
    consensus = get_json(client, "/api/films/early/consensus/")

    assert consensus["provisional"] is True
    assert consensus["review_count"] == 3
    assert consensus["percent_positive"] is None
    assert consensus["average_score"] is None
    assert consensus["label"] == "Not enough reviews"
    film = get_json(client, "/api/films/early/")
    assert (film["percent_positive"], film["average_score"]) == (None, None)


def test_top_critics_figures_are_their_own(client, db):
    film = rated_film("3/4", "B+", "2/5", "4/5", slug="top")
    rated_review(film, "1/4", is_top_critic=True)
    recompute_film_consensus(film.pk)
    top = get_json(client, "/api/films/top/consensus/")["top_critics"]

    assert top == {
        "review_count": 1,
        "percent_positive": None,
        "average_score": None,
        "provisional": True,
    }


def test_top_critic_figures_count_each_reviews_own_flag(client, db):
    # Top-critic status belongs to the review: critics who were top critics when they
    # wrote count, though none is marked top today; the critic marked top today does
    # not make an older, unflagged review a top critic's.
    film = factories.film(slug="per-review")
    for rating in ("3/4", "B+", "4/5", "A"):
        rated_review(film, rating, is_top_critic=True)
    rated_review(film, "1/4", critic=factories.critic(is_top_critic=True), is_top_critic=False)
    recompute_film_consensus(film.pk)
    top = get_json(client, "/api/films/per-review/consensus/")["top_critics"]

    assert top == {
        "review_count": 4,
        "percent_positive": 100,
        "average_score": 84.5,  # (75 + 83 + 80 + 100) / 4
        "provisional": False,
    }


def test_editor_statement_wins_over_the_generated_one(client, db):
    film = rated_film("3/4", "B+", "2/5", "4/5", slug="edited")
    FilmConsensus.objects.filter(film=film).update(editor_statement="A crowd-pleaser.")
    consensus = get_json(client, "/api/films/edited/consensus/")

    assert consensus["statement"] == "A crowd-pleaser."
    assert consensus["statement_source"] == "editor"
    assert consensus["citations"] == []


def test_film_never_reviewed_shows_zero_figures_without_creating_a_row(client, db):
    factories.film(slug="unreviewed")
    consensus = get_json(client, "/api/films/unreviewed/consensus/")

    assert consensus["review_count"] == 0
    assert consensus["counts"] == {"positive": 0, "mixed": 0, "negative": 0, "unrated": 0}
    assert consensus["label"] == "Not enough reviews"
    assert consensus["provisional"] is True
    assert (consensus["quotes"], consensus["aspects"], consensus["dissent"]) == ([], [], None)
    assert consensus["histogram"]["scores"] == [0] * 10
    assert not FilmConsensus.objects.exists()


# Never leak unpublished reviews


@pytest.mark.parametrize("state", UNPUBLISHED_STATES.values(), ids=UNPUBLISHED_STATES.keys())
def test_unpublished_reviews_appear_in_no_endpoint(client, db, state):
    film = factories.film(slug="hidden")
    review = factories.review(
        film=film, verdict="positive", quote="Secret praise.", headline="Secret", **state
    )
    recompute_film_consensus(film.pk)

    consensus = get_json(client, "/api/films/hidden/consensus/")
    assert consensus["review_count"] == 0
    assert consensus["quotes"] == []
    assert get_json(client, "/api/films/hidden/")["review_count"] == 0
    assert get_json(client, "/api/films/hidden/reviews/") == {
        "count": 0,
        "next": None,
        "previous": None,
        "items": [],
    }
    assert get_json(client, f"/api/critics/{review.critic.slug}/")["review_count"] == 0
    assert "Secret" not in json.dumps(get_json(client, "/api/films/"))


def test_quoted_review_withdrawn_since_is_skipped(client, seed_data):
    film = Film.objects.get(slug="la-la-land")
    quoted = film.consensus.quote_review_ids
    # Straight to the database, as if the consensus had not been rebuilt yet.
    Review.objects.filter(pk=quoted[0]).update(status=PublishingStatus.WITHDRAWN)
    consensus = get_json(client, "/api/films/la-la-land/consensus/")

    urls = [quote["review_url"] for quote in consensus["quotes"]]
    urls += [citation["review_url"] for citation in consensus["citations"]]
    assert f"http://testserver/reviews/{quoted[0]}/" not in urls
    assert len(consensus["quotes"]) == len(quoted) - 1


def test_scheduled_review_counts_once_it_goes_live(client, db):
    film = rated_film("3/4", "B+", "2/5", slug="scheduled")
    scheduled = rated_review(film, "4/5", publish_at=timezone.now() + timedelta(hours=1))
    recompute_film_consensus(film.pk)
    assert get_json(client, "/api/films/scheduled/consensus/")["review_count"] == 3

    Review.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(hours=1))
    FilmConsensus.objects.filter(film=film).update(next_change_at=timezone.now())
    cache.clear()  # as the cached pages would have expired when the hour passed
    consensus = get_json(client, "/api/films/scheduled/consensus/")
    assert consensus["review_count"] == 4
    assert consensus["average_score"] == 69.5


# Films


def test_films_list_is_paginated_by_title_with_headline_figures(client, seed_data):
    for title in ("Amélie", "Zodiac", "Brazil"):
        factories.film(title=title)
    page = get_json(client, "/api/films/?page_size=2")

    assert page["count"] == Film.objects.count()
    assert [film["title"] for film in page["items"]] == ["Amélie", "Brazil"]
    last_page = (page["count"] + 1) // 2
    rest = get_json(client, f"/api/films/?page_size=2&page={last_page}")
    assert rest["items"][-1]["title"] == "Zodiac"
    la_la_land = next(
        film for film in get_json(client, "/api/films/")["items"] if film["slug"] == "la-la-land"
    )
    assert la_la_land == {
        "slug": "la-la-land",
        "title": "La La Land",
        "release_year": 2016,
        "url": "http://testserver/films/la-la-land/",
        "review_count": 4,
        "percent_positive": 100,
        "average_score": None,
        "scored_count": 0,
        "label": "Overwhelmingly positive",
        "provisional": False,
    }


def test_films_list_orders_by_public_figures_with_provisional_films_last(client, db):
    rated_film("C-", "2/5", "B+", "1/4", title="Middling")
    rated_film("3/4", "B+", "4/5", "A", title="Loved")
    rated_film("A+", title="Early")
    factories.film(title="Unreviewed", release_year=2024)

    def titles(ordering):
        return [f["title"] for f in get_json(client, f"/api/films/?ordering={ordering}")["items"]]

    assert titles("-percent_positive") == ["Loved", "Middling", "Early", "Unreviewed"]
    assert titles("-average_score") == ["Loved", "Middling", "Early", "Unreviewed"]
    assert titles("-release_year")[0] == "Unreviewed"
    assert titles("title") == ["Early", "Loved", "Middling", "Unreviewed"]


def test_films_list_rejects_unknown_ordering(client, db):
    detail = get_json(client, "/api/films/?ordering=pk", status=422)["detail"]
    assert detail[0]["loc"] == ["query", "ordering"]


def test_film_detail_has_facts_tags_and_credits_in_billing_order(client, db):
    film = rated_film(
        "3/4", "B+", "2/5", "4/5", slug="credits", title="Credits", runtime_minutes=99
    )
    film.tags.add("musical", "drama")
    factories.credit(film=film, role=Credit.Role.OTHER, job_title="Cinematographer")
    factories.credit(film=film, role=Credit.Role.CAST, order=2, character_name="Second")
    factories.credit(film=film, role=Credit.Role.COMPOSER)
    factories.credit(film=film, role=Credit.Role.CAST, order=1, character_name="Lead")
    factories.credit(film=film, role=Credit.Role.DIRECTOR)
    factories.credit(film=film, role=Credit.Role.WRITER)
    detail = get_json(client, "/api/films/credits/")

    assert detail["title"] == "Credits"
    assert detail["runtime_minutes"] == 99
    assert detail["tags"] == ["drama", "musical"]
    assert [(c["role"], c["character_name"]) for c in detail["credits"]] == [
        ("director", ""),
        ("writer", ""),
        ("cast", "Lead"),
        ("cast", "Second"),
        ("composer", ""),
        ("other", ""),
    ]
    assert detail["credits"][-1]["job_title"] == "Cinematographer"
    assert (detail["average_score"], detail["scored_count"]) == (69.5, 4)
    assert detail["label"] == "Mostly positive"  # 3 of 4 positive


# Reviews


def test_film_reviews_list_published_reviews_with_rating_score_and_verdict(client, db):
    film = factories.film(slug="reviewed")
    outlet = factories.publication(name="The Daily Reel")
    newest = rated_review(
        film,
        "B+",
        critic=factories.critic(name="Ada Critic", is_top_critic=True),
        is_top_critic=True,  # the review's own flag is what the API gives
        publication=outlet,
        published_on=timezone.localdate(),
        original_url="https://example.com/review",
        headline="Sings",
    )
    rated_review(film, "2/5", publish_at=timezone.now() - timedelta(days=3))
    factories.review(film=film, status=PublishingStatus.DRAFT, headline="Draft")
    page = get_json(client, "/api/films/reviewed/reviews/")

    assert page["count"] == 2
    first = page["items"][0]
    assert first == {
        "id": newest.pk,
        "film": film.title,
        "film_slug": "reviewed",
        "critic": "Ada Critic",
        "critic_slug": newest.critic.slug,
        "publication": "The Daily Reel",
        "url": f"http://testserver/reviews/{newest.pk}/",
        "original_url": "https://example.com/review",
        "rating": "B+",
        "score": 83.0,
        "verdict": "positive",
        "verdict_source": "rating",
        "published_date": timezone.localdate().isoformat(),
        "headline": "Sings",
        "quote": newest.quote,
        "is_top_critic": True,
    }
    older = page["items"][1]
    assert (older["rating"], older["score"], older["verdict"]) == ("2/5", 40.0, "mixed")
    assert older["publication"] is None
    # Its source gave no date: none, rather than the day it went live here.
    assert older["published_date"] is None


def test_unrated_review_has_null_score_and_verdict(client, db):
    film = factories.film(slug="unrated")
    rated_review(film, "")
    review = get_json(client, "/api/films/unrated/reviews/")["items"][0]
    assert (review["rating"], review["score"], review["verdict"]) == ("", None, None)


def test_film_reviews_are_paginated(client, db):
    film = factories.film(slug="paged")
    for days_ago in range(3):
        factories.review(film=film, publish_at=timezone.now() - timedelta(days=days_ago))

    first = get_json(client, "/api/films/paged/reviews/?page_size=2")
    second = get_json(client, "/api/films/paged/reviews/?page_size=2&page=2")
    assert (first["count"], len(first["items"]), len(second["items"])) == (3, 2, 1)
    ids = [r["id"] for r in first["items"] + second["items"]]
    assert len(set(ids)) == 3


# Critics


def test_critic_shows_publications_and_agreement_with_the_consensus(client, db):
    critic = factories.critic(name="Ada Critic", slug="ada", bio="Writes about musicals.")
    critic.publications.add(factories.publication(name="The Daily Reel"))
    agreeing = rated_film("3/4", "B+", "4/5")
    rated_review(agreeing, "A", critic=critic)
    recompute_film_consensus(agreeing.pk)
    disagreeing = rated_film("3/4", "B+", "4/5")
    rated_review(disagreeing, "1/4", critic=critic)
    recompute_film_consensus(disagreeing.pk)
    record = get_json(client, "/api/critics/ada/")

    assert record["name"] == "Ada Critic"
    assert record["bio"] == "Writes about musicals."
    assert record["publications"] == ["The Daily Reel"]
    assert record["review_count"] == 2
    assert record["agreement"] == {"films_compared": 2, "matches": 1, "rate": 0.5}
    assert record["average_score"] == 62.5


# Errors and documentation


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/films/no-such-film/", "No film with the slug 'no-such-film'."),
        ("/api/films/no-such-film/reviews/", "No film with the slug 'no-such-film'."),
        ("/api/films/no-such-film/consensus/", "No film with the slug 'no-such-film'."),
        ("/api/critics/nobody/", "No critic with the slug 'nobody'."),
    ],
)
def test_unknown_slug_is_a_json_404(client, db, url, message):
    assert get_json(client, url, status=404) == {"detail": message}


def test_openapi_schema_lists_every_endpoint(client, db):
    schema = get_json(client, "/api/openapi.json")
    assert set(schema["paths"]) == {
        "/api/films/",
        "/api/films/{slug}/",
        "/api/films/{slug}/reviews/",
        "/api/films/{slug}/consensus/",
        "/api/critics/",
        "/api/critics/{slug}/",
        "/api/reviews/",
        "/api/publications/",
        "/api/publications/{slug}/",
        "/api/people/",
        "/api/people/{slug}/",
        "/api/news/",
        "/api/news/{slug}/",
        "/api/search/",
    }
    ordering = schema["paths"]["/api/films/"]["get"]["parameters"]
    assert any(p["name"] == "ordering" for p in ordering)


def test_api_docs_page_serves_swagger_from_our_own_static_files(client, db):
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "/static/ninja/swagger-ui-bundle" in page
    assert "cdn" not in page
