"""Plain `manage.py loaddata` of fixtures with reviews leaves every film's consensus right.

No second command: the project's loaddata (critics/management/commands/loaddata.py)
derives what fixtures leave out and rebuilds the consensus of the films concerned.
"""

import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from critics.models import FilmConsensus, Review
from films.models import Film

pytestmark = pytest.mark.django_db


def loaddata(*labels):
    call_command("loaddata", *labels, verbosity=0)


def jsonld_of(response) -> dict:
    (block,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(block)


def test_the_seed_fixtures_load_with_their_full_consensus_on_every_surface(client):
    assert not Film.objects.exists()
    loaddata("seed_catalogue", "seed_critics")

    consensus = FilmConsensus.objects.get(film__slug="la-la-land")
    assert (consensus.review_count, consensus.positive_count, consensus.provisional) == (
        4,
        4,
        False,
    )
    assert consensus.percent_positive == 100

    page = client.get("/films/la-la-land/").content.decode()
    assert "Not enough reviews" not in page and "Provisional" not in page
    assert '100<span class="unit">%</span>' in page

    api = client.get("/api/films/la-la-land/").json()
    assert (api["review_count"], api["percent_positive"], api["provisional"]) == (4, 100, False)
    reviews = client.get("/api/films/la-la-land/reviews/").json()["items"]
    assert {review["verdict_source"] for review in reviews} == {"editor"}
    assert all(review["quote"] for review in reviews)  # the text analysis ran

    data = jsonld_of(client.get("/films/la-la-land/"))
    assert len(data["review"]) == 4
    # No review has a rating, so no rating may be claimed for the film.
    assert "aggregateRating" not in data


def test_the_review_page_s_brief_counts_the_loaded_reviews(client):
    loaddata("seed_catalogue", "seed_critics")
    review = Review.objects.get(critic__slug="james-porter")
    page = client.get(review.get_absolute_url()).content.decode()
    assert "4 reviews: 4 positive, 0 mixed, 0 negative" in page


def fixture(tmp_path, objects, name="editor.json"):
    path = tmp_path / name
    path.write_text(json.dumps(objects), encoding="utf-8")
    return str(path)


STAMP = "2024-01-01T00:00:00Z"


def review_row(pk, film, rating, **fields):
    return {
        "model": "critics.review",
        "pk": pk,
        "fields": {
            "film": film,
            "critic": pk,
            "rating": rating,
            "body": "A film, reviewed.",
            "status": "published",
            "publish_at": STAMP,
            "created_at": STAMP,
            "updated_at": STAMP,
            **fields,
        },
    }


def editors_fixture(tmp_path, *, film_of_review_4=1):
    films = [
        {
            "model": "films.film",
            "pk": pk,
            "fields": {
                "title": f"Film {pk}",
                "slug": f"film-{pk}",
                "release_year": 2020,
                "created_at": STAMP,
                "updated_at": STAMP,
            },
        }
        for pk in (1, 2)
    ]
    critics = [
        {
            "model": "critics.critic",
            "pk": pk,
            "fields": {
                "name": f"Critic {pk}",
                "slug": f"critic-{pk}",
                "created_at": STAMP,
                "updated_at": STAMP,
            },
        }
        for pk in range(1, 6)
    ]
    paper = {
        "model": "critics.publication",
        "pk": 1,
        "fields": {
            "name": "Daily",
            "slug": "daily",
            "rating_scale": 4,
            "created_at": STAMP,
            "updated_at": STAMP,
        },
    }
    reviews = [
        review_row(1, 1, "3/4"),
        review_row(2, 1, "B+"),
        review_row(3, 1, "1", publication=1),  # a bare number on the paper's scale of 4
        review_row(4, film_of_review_4, "2/5"),
        review_row(5, 2, "", verdict="positive", verdict_source="critic"),
    ]
    return fixture(tmp_path, [*films, paper, *critics, *reviews])


def test_an_editor_s_own_fixture_gets_scores_sources_and_figures(tmp_path):
    loaddata(editors_fixture(tmp_path))
    scores = dict(Review.objects.values_list("pk", "score"))
    assert scores == {1: 75, 2: 83, 3: 25, 4: 40, 5: None}
    sources = dict(Review.objects.values_list("pk", "verdict_source"))
    assert sources == {1: "rating", 2: "rating", 3: "rating", 4: "rating", 5: "critic"}
    first = FilmConsensus.objects.get(film_id=1)
    assert (first.review_count, first.positive_count, first.mixed_count) == (4, 2, 1)
    assert first.average_score == Decimal("55.8")  # (75 + 83 + 25 + 40) / 4, half up
    assert FilmConsensus.objects.get(film_id=2).review_count == 1


def test_a_review_a_fixture_moves_to_another_film_leaves_both_films_right(tmp_path):
    loaddata(editors_fixture(tmp_path))
    loaddata(editors_fixture(tmp_path, film_of_review_4=2))
    assert FilmConsensus.objects.get(film_id=1).review_count == 3
    assert FilmConsensus.objects.get(film_id=2).review_count == 2


def test_skip_consensus_loads_only(tmp_path):
    call_command("loaddata", editors_fixture(tmp_path), "--skip-consensus", verbosity=0)
    assert Review.objects.filter(score__isnull=False).count() == 0
    assert not FilmConsensus.objects.exists()
