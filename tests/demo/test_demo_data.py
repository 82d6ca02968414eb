"""manage.py generate_demo_data: a deterministic, published demo catalogue with a long tail."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from consensus.ratings import parse_rating
from consensus.verdicts import effective_verdict
from critics.models import Critic, FilmConsensus, Publication, Review
from critics.services.consensus import analyse_review_text
from films.models import Credit, Film

pytestmark = pytest.mark.django_db

SMALL = {"films": 24, "critics": 30, "reviews": 300, "texts": 12}


def generate(**options):
    call_command("generate_demo_data", **{**SMALL, "seed": 1, **options}, stdout=StringIO())


def catalogue_snapshot() -> dict:
    """Everything a reader could see of the demo data, by slug (ids differ between builds)."""
    return {
        "films": list(
            Film.objects.order_by("slug").values_list(
                "slug", "title", "release_date", "runtime_minutes", "synopsis", "country"
            )
        ),
        "tags": sorted(
            (film.slug, sorted(tag.name for tag in film.tags.all()))
            for film in Film.objects.prefetch_related("tags")
        ),
        "credits": sorted(
            Credit.objects.values_list(
                "film__slug", "person__slug", "role", "character_name", "job_title", "order"
            )
        ),
        "publications": list(
            Publication.objects.order_by("slug").values_list("slug", "name", "rating_scale")
        ),
        "critics": sorted(
            Critic.objects.values_list("slug", "name", "is_top_critic", "publications__slug"),
            key=repr,
        ),
        "reviews": list(
            Review.objects.order_by("film__slug", "critic__slug").values_list(
                "film__slug",
                "critic__slug",
                "publication__slug",
                "headline",
                "body",
                "pull_quote",
                "rating",
                "score",
                "verdict",
                "counted_verdict",
                "quote",
                "analysis",
                "publish_at",
            )
        ),
        "consensus": list(
            FilmConsensus.objects.order_by("film__slug").values_list(
                "film__slug",
                "review_count",
                "percent_positive",
                "average_score",
                "label",
                "generated_statement",
            )
        ),
    }


@pytest.mark.slow
def test_same_seed_gives_the_same_catalogue_and_another_seed_a_different_one():
    generate(seed=7)
    first = catalogue_snapshot()
    generate(seed=7)  # replaces the earlier demo build
    assert catalogue_snapshot() == first
    generate(seed=8)
    other = catalogue_snapshot()
    assert other["films"] != first["films"]
    assert other["reviews"] != first["reviews"]


def test_builds_the_sizes_asked_for_every_review_published():
    generate(publications=6)
    assert Film.objects.count() == 24
    assert Critic.objects.count() == 30
    assert Publication.objects.count() == 6
    assert Review.objects.count() == 300
    assert Review.objects.published().count() == 300
    assert Critic.objects.filter(is_top_critic=True).count() == 3
    assert all(
        Credit.objects.filter(film=film, role="director").exists() for film in Film.objects.all()
    )
    assert Film.objects.filter(tags__isnull=False).distinct().count() == 24


def test_a_few_films_and_critics_have_far_more_reviews_than_most():
    generate(films=40, critics=50, reviews=600)
    per_film = sorted(Counter(Review.objects.values_list("film_id", flat=True)).values())
    per_critic = sorted(Counter(Review.objects.values_list("critic_id", flat=True)).values())
    assert per_film[-1] == 50  # the most-reviewed film: every critic reviewed it
    assert per_film[-1] >= 3 * per_film[len(per_film) // 2]
    assert per_critic[-1] >= 3 * per_critic[len(per_critic) // 2]


def test_one_review_per_film_and_critic():
    generate()
    pairs = Review.objects.values_list("film_id", "critic_id")
    assert len(set(pairs)) == pairs.count() == 300


def test_every_review_scores_as_the_rating_parser_reads_it():
    generate(reviews=500)
    reviews = list(Review.objects.select_related("publication"))
    formats = {review.rating for review in reviews}
    assert {"3/4", "B+", "7/10", "★★★½"} <= formats
    bare = [r for r in reviews if r.rating.replace(".", "").isdigit()]
    assert bare and all(r.publication.rating_scale for r in bare)
    assert any(r.rating == "" and r.verdict for r in reviews)  # unrated, editor's verdict
    for review in reviews:
        scale = review.publication.rating_scale if review.publication else None
        assert review.score == parse_rating(review.rating, scale=scale), review.rating
        assert review.counted_verdict == effective_verdict(
            explicit=review.verdict, score=review.score
        )


def test_every_review_carries_the_text_analysis_a_save_would_give_it():
    generate()
    stored = Review.objects.values_list(
        "body", "pull_quote", "counted_verdict", "quote", "analysis", "consensus_marks"
    )
    expected = {}
    for body, pull_quote, verdict, *derived in stored:
        if (key := (body, pull_quote, verdict)) not in expected:
            review = Review(body=body, pull_quote=pull_quote, counted_verdict=verdict)
            analyse_review_text(review)
            expected[key] = [review.quote, review.analysis, review.consensus_marks]
        assert derived == expected[key]


def test_every_film_has_its_consensus_counting_its_reviews():
    generate()
    counts = Counter(Review.objects.values_list("film_id", flat=True))
    consensus = dict(FilmConsensus.objects.values_list("film_id", "review_count"))
    assert set(consensus) == set(Film.objects.values_list("pk", flat=True))
    assert {film: count for film, count in consensus.items() if count} == counts


def test_demo_data_leaves_no_revision_history():
    generate()
    assert not Review.history.exists()
    assert not Film.history.exists()


def test_refuses_a_database_with_other_content_unless_forced_or_flushed(seed_data):
    real_films = set(Film.objects.values_list("slug", flat=True))
    with pytest.raises(CommandError, match="not demo data"):
        generate()
    assert not Review.objects.filter(film__slug__startswith="demo-").exists()

    generate(force=True)
    assert real_films <= set(Film.objects.values_list("slug", flat=True))
    assert Film.objects.filter(slug__startswith="demo-").count() == 24

    generate(flush=True)
    assert not Film.objects.exclude(slug__startswith="demo-").exists()
    assert Film.objects.count() == 24


def test_refuses_more_reviews_than_films_and_critics_can_hold():
    with pytest.raises(CommandError, match="film/critic pairs"):
        generate(films=3, critics=4, reviews=13)
    assert not Film.objects.exists()


def test_each_demo_review_has_its_own_top_critic_status_and_verdict_source():
    generate(reviews=600, publications=20)
    reviews = list(Review.objects.select_related("critic", "publication"))
    for review in reviews:
        top_outlet = review.publication is not None and review.publication.is_top_publication
        assert review.is_top_critic == (review.critic.is_top_critic or top_outlet)
        if review.verdict:
            assert review.verdict_source in ("critic", "editor")
        else:
            assert review.verdict_source == ("rating" if review.counted_verdict else None)
    # Some critics count as top critics in one outlet and not in another.
    by_critic = {}
    for review in reviews:
        by_critic.setdefault(review.critic_id, set()).add(review.is_top_critic)
    assert any(flags == {True, False} for flags in by_critic.values())
    assert {r.verdict_source for r in reviews} >= {"rating", "critic", "editor"}
