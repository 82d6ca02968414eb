"""One basis for the consensus words: the badge, its label, the statement's opening, the
average with its count and where the verdicts come from agree on every page and in the API."""

import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from consensus.figures import percent_band
from consensus.statement import generate_statement
from critics.models import FilmConsensus, Review
from critics.services.consensus import recompute_film_consensus
from films.models import Film
from tests import factories

pytestmark = pytest.mark.django_db

SCORE_BANDS = (
    "Universal acclaim",
    "Generally favorable",
    "Mixed or average",
    "Generally unfavorable",
    "Overwhelming dislike",
)
PERCENT_BANDS = (
    "Overwhelmingly positive",
    "Mostly positive",
    "Divided",
    "Mostly negative",
    "Overwhelmingly negative",
)


def words(response) -> str:
    """The page as a reader reads it: no tags (blocks apart), entities decoded, one space."""
    assert response.status_code == 200
    blocks_apart = re.sub(r"</(?:dt|dd|p|li|div|h\d)>", " ", response.content.decode())
    return " ".join(html.unescape(strip_tags(blocks_apart)).split())


def jsonld_of(response) -> dict:
    (block,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(block)


def other_labels(label: str) -> list[str]:
    return [band for band in (*SCORE_BANDS, *PERCENT_BANDS) if band != label]


@pytest.fixture
def five_of_six():
    """The issue's film: 5 of 6 positive, an average of 65 from 2 rated reviews."""
    film = factories.film(title="Five Of Six", slug="five-of-six")
    reviews = [
        factories.review(film=film, rating="7/10"),  # 70, positive
        factories.review(film=film, rating="3/5"),  # 60, positive
        *(factories.review(film=film, verdict="positive") for _ in range(3)),
        factories.review(film=film, verdict="negative"),
    ]
    recompute_film_consensus(film.pk)
    film.refresh_from_db()
    return film, reviews


def test_five_of_six_positive_reads_the_same_on_the_film_page(client, five_of_six):
    film, _ = five_of_six
    page = words(client.get(film.get_absolute_url()))

    assert "83% positive: Mostly positive" in page  # the badge, as a screen reader says it
    assert "Label from the share of positive verdicts: 83% of 6 reviews with a verdict." in page
    assert "Critics are mostly positive about Five Of Six (83% of 6 reviews positive)." in page
    assert "Positive 83% of 6 reviews with a verdict" in page
    assert "Average score 65.0 / 100 from 2 rated reviews" in page
    assert (
        "4 of 6 verdicts are editors' readings of the reviews; "
        "2 come from the critics' ratings." in page
    )
    for label in other_labels("Mostly positive"):
        assert label not in page


def test_five_of_six_positive_reads_the_same_in_lists_and_on_its_reviews(client, five_of_six):
    _, reviews = five_of_six
    for url in ("/films/", "/"):
        page = words(client.get(url))
        assert "83% positive: Mostly positive" in page
        assert "Mostly positive · 6 reviews" in page
        for label in other_labels("Mostly positive"):
            assert label not in page

    brief = words(client.get(reviews[0].get_absolute_url()))
    brief = brief[brief.index("The consensus on Five Of Six") :]
    assert "83% positive: Mostly positive" in brief
    assert "Label from the share of positive verdicts: 83% of 6 reviews with a verdict." in brief
    assert "Average score: 65.0 / 100 from 2 rated reviews." in brief
    assert "4 of 6 verdicts are editors' readings of the reviews" in brief
    for label in other_labels("Mostly positive"):
        assert label not in brief


def test_five_of_six_positive_reads_the_same_in_the_api(client, five_of_six):
    consensus = client.get("/api/films/five-of-six/consensus/").json()

    assert (consensus["percent_positive"], consensus["label"]) == (83, "Mostly positive")
    assert consensus["label_basis"] == "percent_positive"
    assert (consensus["average_score"], consensus["scored_count"]) == (65.0, 2)
    assert consensus["score_label"] is None  # 2 scores: too few to band the average
    assert consensus["verdict_sources"] == {"rating": 2, "critic": 0, "editor": 4, "model": 0}
    assert consensus["statement"].startswith("Critics are mostly positive about Five Of Six")
    listed = client.get("/api/films/").json()["items"][0]
    assert (listed["label"], listed["average_score"], listed["scored_count"]) == (
        "Mostly positive",
        65.0,
        2,
    )


def test_seed_film_says_its_verdicts_are_editors_readings_everywhere(client, seed_data):
    film = Film.objects.get(slug="la-la-land")
    response = client.get(film.get_absolute_url())
    page = words(response)

    assert "100% positive: Overwhelmingly positive" in page
    assert "4 of 4 verdicts are editors' readings of reviews with no rating." in page
    assert "Average score none: no review gives a rating" in page
    for label in other_labels("Overwhelmingly positive"):
        assert label not in page
    assert "aggregateRating" not in jsonld_of(response)

    consensus = client.get("/api/films/la-la-land/consensus/").json()
    assert consensus["verdict_sources"] == {"rating": 0, "critic": 0, "editor": 4, "model": 0}
    assert consensus["verdict_sources_summary"] == (
        "4 of 4 verdicts are editors' readings of reviews with no rating."
    )

    review = Review.objects.filter(film=film).first()
    brief = words(client.get(review.get_absolute_url()))
    assert "4 of 4 verdicts are editors' readings of reviews with no rating." in brief


def test_score_band_appears_only_beside_the_average_and_only_with_enough_scores(client, db):
    # 3/4 -> 75, B+ -> 83, 2/5 -> 40, 4/5 -> 80: 75% positive, average 69.5 from 4.
    film = factories.film(title="Rated", slug="rated")
    for rating in ("3/4", "B+", "2/5", "4/5"):
        factories.review(film=film, rating=rating)
    recompute_film_consensus(film.pk)
    page = words(client.get(film.get_absolute_url()))

    assert "75% positive: Mostly positive" in page
    assert (
        "Average score 69.5 / 100 from 4 rated reviews "
        "(“Generally favorable” in Metacritic's bands for average scores)" in page
    )
    assert page.count("Generally favorable") == 1
    assert "4 of 4 verdicts come from the critics' ratings." in page
    assert client.get("/api/films/rated/consensus/").json()["score_label"] == (
        "Generally favorable"
    )


def test_provisional_film_has_no_label_and_says_what_it_needs(client, db):
    film = factories.film(title="Early")
    factories.review(film=film, rating="4/5")
    recompute_film_consensus(film.pk)
    page = words(client.get(film.get_absolute_url()))

    assert "Not enough reviews" in page
    assert "A label needs at least 4 reviews with a verdict." in page
    assert "Average score withheld until there are enough reviews with a verdict" in page
    assert "1 of 1 verdict comes from the critic's rating." in page
    for label in (*SCORE_BANDS, *PERCENT_BANDS):
        assert label not in page


@pytest.mark.parametrize("percent", range(0, 101))
def test_statement_opening_words_are_the_badge_label(percent):
    statement = generate_statement(
        film_title="Any", percent_positive=percent, rated_count=100, provisional=False, aspects=[]
    )
    label = percent_band(percent)
    assert statement.text.startswith(f"Critics are {label.lower()} about Any ({percent}% of")


def test_recompute_command_derives_each_verdicts_source_and_the_films_counts(db):
    film = factories.film()
    rated = factories.review(film=film, rating="3/4")
    read = factories.review(film=film, verdict="negative")
    unrated = factories.review(film=film)
    critic_choice = factories.review(film=film, verdict="positive")
    # Writes that bypassed the services: a rating typed into an unrated review, a
    # critic's own verdict, and a source lost.
    Review.objects.filter(pk=unrated.pk).update(rating="B+")
    Review.objects.filter(pk=critic_choice.pk).update(verdict_source="critic")
    Review.objects.filter(pk=read.pk).update(verdict_source=None)

    call_command("recompute_consensus", stdout=io.StringIO())

    sources = dict(Review.objects.filter(film=film).values_list("pk", "verdict_source"))
    assert sources == {
        rated.pk: "rating",
        read.pk: "editor",
        unrated.pk: "rating",
        critic_choice.pk: "critic",
    }
    consensus = FilmConsensus.objects.get(film=film)
    assert consensus.verdict_sources == {"rating": 2, "critic": 1, "editor": 1, "model": 0}
    assert (consensus.scored_count, consensus.label) == (2, "Mostly positive")  # 3 of 4
