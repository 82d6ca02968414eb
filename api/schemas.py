"""What the API returns for films, reviews and critics. Scores are JSON numbers, not strings."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Schema

from critics.models import Critic, Review, Verdict, VerdictSource
from critics.queries import CriticRecord, consensus_of
from films.models import Credit, Film

# Slugs are ASCII words and hyphens; anything else (a NUL byte would be a server error
# on PostgreSQL) is refused with a 422 before any query.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=255)]


def as_number(value: Decimal | None) -> float | None:
    """A stored decimal (a score, a rate) as the JSON number the schemas declare."""
    return None if value is None else float(value)


def as_verdict(value: str | None) -> Verdict | None:
    """A stored verdict ("positive", ...) as the enum the schemas declare; None stays None."""
    return None if value is None else Verdict(value)


def absolute_url(request: HttpRequest, path: str) -> str:
    """A page's address as clients need it: whole, with scheme and host."""
    return request.build_absolute_uri(path)


def url_of(item: Any, context: dict[str, Any]) -> str:
    """A resolver's absolute address of ``item``'s public page (ninja passes the request)."""
    return absolute_url(context["request"], item.get_absolute_url())


class FilmSummary(Schema):
    """A film and its consensus at a glance; percent and average are null while provisional.

    The label bands percent positive; the average comes from scored_count reviews.
    """

    slug: str
    title: str
    release_year: int | None
    url: str
    review_count: int
    percent_positive: int | None
    average_score: float | None
    scored_count: int
    label: str
    provisional: bool

    @staticmethod
    def resolve_url(film: Film, context: dict[str, Any]) -> str:
        return url_of(film, context)

    @staticmethod
    def resolve_review_count(film: Film) -> int:
        return consensus_of(film).review_count

    @staticmethod
    def resolve_percent_positive(film: Film) -> int | None:
        return consensus_of(film).public_percent_positive

    @staticmethod
    def resolve_average_score(film: Film) -> Decimal | None:
        return consensus_of(film).public_average_score

    @staticmethod
    def resolve_scored_count(film: Film) -> int:
        return consensus_of(film).scored_count

    @staticmethod
    def resolve_label(film: Film) -> str:
        return consensus_of(film).label

    @staticmethod
    def resolve_provisional(film: Film) -> bool:
        return consensus_of(film).provisional


class CreditOut(Schema):
    person: str
    person_slug: str
    role: Credit.Role
    character_name: str
    job_title: str

    @staticmethod
    def resolve_person(credit: Credit) -> str:
        return credit.person.name

    @staticmethod
    def resolve_person_slug(credit: Credit) -> str:
        return credit.person.slug


class FilmDetail(FilmSummary):
    release_date: date | None
    wide_release_date: date | None
    runtime_minutes: int | None
    synopsis: str
    distributor: str
    country: str
    language: str
    tags: list[str]
    credits: list[CreditOut]

    @staticmethod
    def resolve_tags(film: Film) -> list[str]:
        return sorted(tag.name for tag in film.tags.all())

    @staticmethod
    def resolve_credits(film: Film) -> list[Credit]:
        return list(film.credits.all())


class ReviewOut(Schema):
    id: int
    film: str
    film_slug: str
    critic: str
    critic_slug: str
    publication: str | None
    url: str
    original_url: str
    rating: str
    score: float | None
    verdict: Verdict | None
    verdict_source: VerdictSource | None = Field(
        description="Where the verdict comes from: `rating` (read off the critic's own "
        "rating), `critic` (chosen by the critic), `editor` (an editor's reading of a review "
        "the critic did not rate, or set over the rating) or `model` (the text model's "
        "suggestion, accepted by an editor). Null exactly when the verdict is null (unrated)."
    )
    published_date: date | None = Field(
        description="The day the review appeared in its publication, when its source gives "
        "one; null when it does not (never the day it went live on this site)."
    )
    headline: str
    quote: str
    is_top_critic: bool = Field(
        description="Whether the critic counted as a top critic for this review; the status "
        "belongs to the review, as it can differ between outlets and years."
    )

    @staticmethod
    def resolve_film(review: Review) -> str:
        return review.film.title

    @staticmethod
    def resolve_film_slug(review: Review) -> str:
        return review.film.slug

    @staticmethod
    def resolve_critic(review: Review) -> str:
        return review.critic.name

    @staticmethod
    def resolve_critic_slug(review: Review) -> str:
        return review.critic.slug

    @staticmethod
    def resolve_publication(review: Review) -> str | None:
        return review.publication.name if review.publication else None

    @staticmethod
    def resolve_url(review: Review, context: dict[str, Any]) -> str:
        return url_of(review, context)

    @staticmethod
    def resolve_verdict(review: Review) -> str | None:
        return review.counted_verdict

    @staticmethod
    def resolve_published_date(review: Review) -> date | None:
        # Only the date the source gives: null rather than the day it went live here.
        return review.published_on

    @staticmethod
    def resolve_is_top_critic(review: Review) -> bool:
        # The review's own flag: a critic's status can differ between outlets and years.
        return review.is_top_critic


class CriticAgreementOut(Schema):
    films_compared: int
    matches: int
    rate: float | None


class CriticOut(Schema):
    name: str
    slug: str
    url: str
    bio: str
    website: str
    social_handle: str
    is_top_critic: bool
    is_unattributed: bool
    publications: list[str]
    review_count: int
    agreement: CriticAgreementOut
    average_score: float | None

    @classmethod
    def from_record(cls, critic: Critic, record: CriticRecord, request: HttpRequest) -> "CriticOut":
        return cls(
            name=critic.name,
            slug=critic.slug,
            url=absolute_url(request, critic.get_absolute_url()),
            bio=critic.bio,
            website=critic.website,
            social_handle=critic.social_handle,
            is_top_critic=critic.is_top_critic,
            is_unattributed=critic.is_unattributed,
            publications=[publication.name for publication in critic.publications.all()],
            review_count=record.review_count,
            agreement=CriticAgreementOut(
                films_compared=record.films_compared,
                matches=record.matches,
                rate=as_number(record.agreement_rate),
            ),
            average_score=as_number(record.average_score),
        )


class CriticRef(Schema):
    """A critic named in another answer: enough to link to them."""

    name: str
    slug: str
    url: str
    is_top_critic: bool

    @staticmethod
    def resolve_url(critic: Critic, context: dict[str, Any]) -> str:
        return url_of(critic, context)


class CriticSummary(CriticRef):
    publications: list[str]
    review_count: int = Field(description="Their published reviews.")

    @staticmethod
    def resolve_publications(critic: Critic) -> list[str]:
        return [publication.name for publication in critic.publications.all()]
