"""The database refuses data that would corrupt the catalogue or the consensus."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from critics.models import PublishingStatus, Review
from films.models import Credit, Film
from tests import factories

pytestmark = pytest.mark.django_db


def assert_refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_film_slugs_are_unique():
    factories.film(slug="la-la-land")
    assert_refused_by_database(lambda: factories.film(slug="la-la-land"))


def test_critic_person_and_publication_slugs_are_unique():
    factories.critic(slug="jane")
    factories.person(slug="jane")
    factories.publication(slug="jane")
    assert_refused_by_database(lambda: factories.critic(slug="jane"))
    assert_refused_by_database(lambda: factories.person(slug="jane"))
    assert_refused_by_database(lambda: factories.publication(slug="jane"))


@pytest.mark.parametrize("score", [Decimal("-0.1"), Decimal("100.1")])
def test_score_outside_0_to_100_is_refused(score):
    assert_refused_by_database(lambda: factories.review(score=score, derive=False))


@pytest.mark.parametrize("score", [Decimal("0"), Decimal("100"), Decimal("87.5"), None])
def test_score_within_range_or_absent_is_kept(score):
    review = factories.review(score=score, derive=False)
    review.refresh_from_db()
    assert review.score == score


def test_one_review_per_film_critic_and_publication():
    film, critic, paper = factories.film(), factories.critic(), factories.publication()
    factories.review(film=film, critic=critic, publication=paper)
    assert_refused_by_database(
        lambda: factories.review(film=film, critic=critic, publication=paper)
    )
    # The same critic may review the same film for another outlet.
    factories.review(film=film, critic=critic, publication=factories.publication())


def test_one_review_per_film_and_critic_without_publication():
    film, critic = factories.film(), factories.critic()
    factories.review(film=film, critic=critic, publication=None)
    assert_refused_by_database(lambda: factories.review(film=film, critic=critic, publication=None))


def test_unknown_verdict_is_refused():
    assert_refused_by_database(lambda: factories.review(verdict="brilliant", derive=False))


def test_published_review_needs_a_publication_time():
    assert_refused_by_database(
        lambda: factories.review(status=PublishingStatus.PUBLISHED, publish_at=None)
    )


def test_model_validation_explains_duplicate_review_to_an_editor():
    film, critic, paper = factories.film(), factories.critic(), factories.publication()
    factories.review(film=film, critic=critic, publication=paper)
    duplicate = Review(film=film, critic=critic, publication=paper, status="draft")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has a review of this film in this publication" in str(error.value)


def test_implausible_release_year_and_runtime_are_refused():
    assert_refused_by_database(lambda: factories.film(release_year=1200))
    assert_refused_by_database(lambda: factories.film(runtime_minutes=0))


def test_release_year_follows_release_date():
    from datetime import date

    film = factories.film(release_year=None, release_date=date(2016, 12, 9))
    assert Film.objects.get(pk=film.pk).release_year == 2016


def test_same_person_cannot_hold_the_same_credit_twice():
    credit = factories.credit(role=Credit.Role.DIRECTOR)
    assert_refused_by_database(
        lambda: factories.credit(film=credit.film, person=credit.person, role=Credit.Role.DIRECTOR)
    )
    # ... but may both write and direct.
    factories.credit(film=credit.film, person=credit.person, role=Credit.Role.WRITER)


def test_films_cannot_be_deleted_while_reviews_point_at_them():
    from django.db.models import ProtectedError

    review = factories.review()
    with pytest.raises(ProtectedError):
        review.film.delete()


def test_review_paragraphs_split_on_blank_lines():
    review = factories.review(body="First.\n\nSecond line\ncontinues.\n\n\n  Third.  ")
    assert review.paragraphs == ["First.", "Second line\ncontinues.", "Third."]


def test_review_without_headline_reads_as_critic_on_film():
    review = factories.review(
        headline="", critic=factories.critic(name="Ana Ruiz"), film=factories.film(title="Heat")
    )
    assert str(review) == "Ana Ruiz on Heat"


def test_unsigned_reviews_may_be_several_per_film_and_publication():
    film, staff, paper = (
        factories.film(),
        factories.critic(is_unattributed=True),
        factories.publication(),
    )
    factories.review(film=film, critic=staff, publication=paper, is_unsigned=True)
    factories.review(film=film, critic=staff, publication=paper, is_unsigned=True)
    assert Review.objects.filter(film=film, publication=paper).count() == 2


def test_import_fingerprints_are_unique():
    factories.review(import_key="a" * 64)
    assert_refused_by_database(lambda: factories.review(import_key="a" * 64))
