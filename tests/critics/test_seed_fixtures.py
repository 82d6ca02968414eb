"""The seed fixtures hold the five source documents faithfully, and only their facts."""

import re
from datetime import date
from pathlib import Path

import pytest

from critics.models import Article, Critic, Review
from films.models import Credit, Film

pytestmark = pytest.mark.django_db
SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "seed_documents"
PAGE_CHROME = [
    "Posted by",
    "Head to for all the latest",
    "Latest from our Creators",
    "Latest News",
    "La La Land is out now.",
]


def source_paragraphs(prefix: str) -> list[str]:
    (path,) = SOURCES.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def body_paragraphs(prefix: str) -> list[str]:
    return [p for p in source_paragraphs(prefix) if not any(p.startswith(c) for c in PAGE_CHROME)]


SEED_REVIEWS = {
    "000": "james-porter",
    "001": "unsigned-writer-director",
    "002": "unsigned-all-i-want",
    "004": "unsigned-cinemascope",
}


@pytest.mark.parametrize(("prefix", "critic_slug"), SEED_REVIEWS.items())
def test_each_seed_review_keeps_every_paragraph_verbatim_and_in_order(
    seed_data, prefix, critic_slug
):
    review = Review.objects.get(critic__slug=critic_slug)
    assert review.paragraphs == body_paragraphs(prefix)


@pytest.mark.parametrize("prefix", SEED_REVIEWS)
def test_seed_reviews_carry_no_page_chrome(seed_data, prefix):
    for review in Review.objects.all():
        for chrome in PAGE_CHROME:
            assert chrome not in review.body


def test_news_article_is_dated_and_keeps_its_text(seed_data):
    article = Article.objects.get()
    title, dateline, *paragraphs = source_paragraphs("003")
    assert article.title == title
    assert dateline == "November 23, 2016"
    assert article.publish_at.date() == date(2016, 11, 23)
    assert article.paragraphs == paragraphs[:-1]  # the last one is the "Latest News" chrome
    assert "Latest News" not in article.body
    assert list(article.related_films.values_list("slug", flat=True)) == ["la-la-land"]


def test_all_seed_content_is_public(seed_data):
    assert Review.objects.published().count() == 4
    assert Article.objects.published().count() == 1


def test_seed_reviews_have_no_rating_but_an_editorial_verdict_with_its_reason(seed_data):
    for review in Review.objects.all():
        assert review.rating == ""
        assert review.score is None
        assert review.verdict in Review.Verdict.values
        assert review.verdict_note.startswith("No rating in the source; verdict set by editorial")


def test_named_author_and_a_stand_in_for_each_unsigned_document(seed_data):
    porter = Critic.objects.get(slug="james-porter")
    assert porter.name == "James Porter"
    assert porter.social_handle == "@JamesPorter97"
    assert not porter.is_unattributed
    placeholders = Critic.objects.filter(is_unattributed=True)
    assert placeholders.count() == 4  # 001, 002, 004 and the news article 003
    # Named by the opening words of their document, which they quote exactly.
    for critic in placeholders:
        opening = critic.name.removeprefix("Unsigned (“").removesuffix("…”)")
        assert opening != critic.name
        assert any(
            path.read_text(encoding="utf-8").lstrip().startswith(opening)
            for path in SOURCES.glob("*.txt")
        )
        assert critic.bio == "The source does not name the author."
    assert set(
        Review.objects.filter(critic__in=placeholders).values_list("is_unsigned", flat=True)
    ) == {True}


def test_no_seed_review_has_a_date_its_source_does_not_give(seed_data):
    # The review documents carry no date; the day the fixtures were made is not one.
    assert set(Review.objects.values_list("published_on", flat=True)) == {None}


def test_film_facts_come_from_the_documents(seed_data):
    film = Film.objects.get(slug="la-la-land")
    assert (film.release_date, film.wide_release_date) == (date(2016, 12, 9), date(2016, 12, 16))
    assert film.distributor == "Lionsgate"
    assert set(film.tags.names()) >= {"musical", "romance"}
    credits = {(c.person.name, c.role, c.character_name) for c in film.credits.all()}
    assert {
        ("Damien Chazelle", Credit.Role.DIRECTOR, ""),
        ("Damien Chazelle", Credit.Role.WRITER, ""),
        ("Emma Stone", Credit.Role.CAST, "Mia"),
        ("Ryan Gosling", Credit.Role.CAST, "Sebastian"),
        ("John Legend", Credit.Role.CAST, "Keith"),
        ("Finn Wittrock", Credit.Role.CAST, "Greg"),
        ("Justin Hurwitz", Credit.Role.COMPOSER, ""),
        ("Benj Pasek", Credit.Role.LYRICIST, ""),
        ("Justin Paul", Credit.Role.LYRICIST, ""),
    } <= credits
    named_in_documents = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt"))
    for name, _role, _character in credits:
        assert name in named_in_documents, f"{name} is not named in any seed document"


def test_whiplash_is_a_catalogue_entry_without_reviews(seed_data):
    whiplash = Film.objects.get(slug="whiplash")
    assert whiplash.release_year == 2014
    assert not whiplash.reviews.exists()


def test_loading_seed_data_twice_changes_nothing(seed_data):
    from django.core.management import call_command

    review = Review.objects.get(critic__slug="james-porter")
    review.headline = "Edited by an editor"
    review.save()
    call_command("load_seed_data", verbosity=0)
    review.refresh_from_db()
    assert review.headline == "Edited by an editor"
    assert Review.objects.count() == 4
