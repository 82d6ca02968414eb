"""Small factories: each makes one valid object, with overrides for what a test cares about."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from critics.models import Article, Critic, Publication, PublishingStatus, Review
from critics.services.reviews import save_review
from films.models import Credit, Film, Person

_seq = itertools.count(1)


def film(**fields) -> Film:
    n = next(_seq)
    fields.setdefault("title", f"Film {n}")
    fields.setdefault("slug", f"film-{n}")
    fields.setdefault("release_year", 2020)
    return Film.objects.create(**fields)


def person(**fields) -> Person:
    n = next(_seq)
    fields.setdefault("name", f"Person {n}")
    fields.setdefault("slug", f"person-{n}")
    return Person.objects.create(**fields)


def credit(**fields) -> Credit:
    fields.setdefault("film", fields.get("film") or film())
    fields.setdefault("person", fields.get("person") or person())
    fields.setdefault("role", Credit.Role.CAST)
    return Credit.objects.create(**fields)


def publication(**fields) -> Publication:
    n = next(_seq)
    fields.setdefault("name", f"Publication {n}")
    fields.setdefault("slug", f"publication-{n}")
    return Publication.objects.create(**fields)


def critic(**fields) -> Critic:
    n = next(_seq)
    fields.setdefault("name", f"Critic {n}")
    fields.setdefault("slug", f"critic-{n}")
    return Critic.objects.create(**fields)


def published_at_past():
    return timezone.now() - timedelta(days=1)


def review(*, derive=True, **fields) -> Review:
    """derive=False stores the fields exactly as given (for tests of the database's own rules)."""
    if "film" not in fields:
        fields["film"] = film()
    if "critic" not in fields:
        fields["critic"] = critic()
    fields.setdefault("body", "A fine film.\n\nIt sings.")
    # As in the admin: a new review starts from its critic's current top-critic status.
    fields.setdefault("is_top_critic", fields["critic"].is_top_critic)
    fields.setdefault("status", PublishingStatus.PUBLISHED)
    if fields["status"] == PublishingStatus.PUBLISHED:
        fields.setdefault("publish_at", published_at_past())
    review = Review(**fields)
    if not derive:
        review.save()
        return review
    # Through the service the admin and the importer use: score, counted verdict and
    # its source, and the text analysis the consensus reads. The film's consensus is
    # left to each test (recompute_film_consensus or a command). A test that gives
    # its own analysis (a suggestion of a chosen confidence) keeps it.
    save_review(review=review, refresh=False)
    if "analysis" in fields:
        # Written past the model (no second revision in its history).
        review.analysis = fields["analysis"]
        Review.objects.filter(pk=review.pk).update(analysis=review.analysis)
    return review


def article(**fields) -> Article:
    n = next(_seq)
    fields.setdefault("title", f"News {n}")
    fields.setdefault("slug", f"news-{n}")
    fields.setdefault("body", "Something happened.")
    fields.setdefault("status", PublishingStatus.PUBLISHED)
    if fields["status"] == PublishingStatus.PUBLISHED:
        fields.setdefault("publish_at", published_at_past())
    return Article.objects.create(**fields)


def editor(username="editor"):
    return get_user_model().objects.create_superuser(
        username=username, email=f"{username}@example.com", password="a-long-test-password"
    )
