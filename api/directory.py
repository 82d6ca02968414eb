"""Publications and people (the catalogue's cast and crew): lists and one at a time."""

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from api.errors import ERRORS, NOT_FOUND
from api.pagination import paginated
from api.schemas import CriticRef, Slug, absolute_url, url_of
from critics import queries
from critics.models import Publication
from films.models import Credit, Person

router = Router()


class PublicationSummary(Schema):
    name: str
    slug: str
    url: str
    website: str
    is_top_publication: bool
    review_count: int = Field(description="Published reviews that ran in it.")

    @staticmethod
    def resolve_url(publication: Publication, context: dict[str, Any]) -> str:
        return url_of(publication, context)


class PublicationDetail(PublicationSummary):
    critics: list[CriticRef] = Field(description="The critics who write for it, by name.")
    reviews_url: str = Field(description="Its published reviews: /api/reviews/ filtered to it.")

    @staticmethod
    def resolve_critics(publication: Publication) -> list:
        return list(publication.critics.all())

    @staticmethod
    def resolve_reviews_url(publication: Publication, context: dict[str, Any]) -> str:
        query = urlencode({"publication": publication.slug})
        return absolute_url(context["request"], f"{reverse('api:list_reviews')}?{query}")


class PersonSummary(Schema):
    name: str
    slug: str
    url: str

    @staticmethod
    def resolve_url(person: Person, context: dict[str, Any]) -> str:
        return url_of(person, context)


class PersonCredit(Schema):
    film: str
    film_slug: str
    film_url: str
    release_year: int | None
    role: Credit.Role
    character_name: str
    job_title: str

    @staticmethod
    def resolve_film(credit: Credit) -> str:
        return credit.film.title

    @staticmethod
    def resolve_film_slug(credit: Credit) -> str:
        return credit.film.slug

    @staticmethod
    def resolve_film_url(credit: Credit, context: dict[str, Any]) -> str:
        return url_of(credit.film, context)

    @staticmethod
    def resolve_release_year(credit: Credit) -> int | None:
        return credit.film.release_year


class PersonDetail(PersonSummary):
    bio: str
    credits: list[PersonCredit] = Field(description="Newest film first; films with no year last.")

    @staticmethod
    def resolve_credits(person: Person) -> list[Credit]:
        return list(person.credits.all())


@router.get(
    "/publications/", response={200: list[PublicationSummary], **ERRORS}, tags=["publications"]
)
@paginated
def list_publications(request: HttpRequest) -> QuerySet[Publication]:
    """Every publication, by name, with how many published reviews ran in it."""
    return queries.publications_for_listing()


@router.get(
    "/publications/{slug}/", response={200: PublicationDetail, **NOT_FOUND}, tags=["publications"]
)
def publication_detail(request: HttpRequest, slug: Slug) -> Publication:
    """A publication, its critics, and where to read its published reviews."""
    publication = queries.publication_with_critics(slug)
    if publication is None:
        raise HttpError(404, f"No publication with the slug '{slug}'.")
    return publication


@router.get("/people/", response={200: list[PersonSummary], **ERRORS}, tags=["people"])
@paginated
def list_people(request: HttpRequest) -> QuerySet[Person]:
    """The catalogue's cast and crew, by name."""
    return queries.people_for_listing()


@router.get("/people/{slug}/", response={200: PersonDetail, **NOT_FOUND}, tags=["people"])
def person_detail(request: HttpRequest, slug: Slug) -> Person:
    """A person and their credits: the films, and what they did on each."""
    person = queries.person_for_page(slug)
    if person is None:
        raise HttpError(404, f"No person with the slug '{slug}'.")
    return person
