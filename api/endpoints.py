"""Read-only endpoints. Each one picks a query from `queries` and a schema; nothing else.

A scheduled review that has just gone live is already counted in the figures:
critics/middleware.py rebuilds due consensus before any view runs.
"""

from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from api.consensus import ConsensusOut, consensus_out, reviews_to_fetch
from api.schemas import CriticOut, FilmDetail, FilmSummary, NotFound, ReviewOut
from critics import queries
from critics.models import Review
from films.models import Film

router = Router()

FilmOrdering = Literal["title", "-percent_positive", "-average_score", "-release_year"]
# The API's orderings are the read layer's sorts: "newest" means what the films page means.
FILM_SORT_OF_ORDERING: dict[str, queries.FilmSort] = {
    "title": "title",
    "-percent_positive": "percent_positive",
    "-average_score": "average_score",
    "-release_year": "newest",
}

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real page, and small enough that the page's OFFSET fits PostgreSQL's
# bigint: a larger page number would be a server error, not an empty page.
MAX_PAGE = 1_000_000

# Slugs are ASCII words and hyphens; anything else (a NUL byte would be a server error
# on PostgreSQL) is refused with a 422 before any query.
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=255)]


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


def _film_or_404(film: Film | None, slug: str) -> Film:
    if film is None:
        raise HttpError(404, f"No film with the slug '{slug}'.")
    return film


@router.get("/films/", response=list[FilmSummary], tags=["films"])
@paginate(Pagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_films(
    request: HttpRequest,
    ordering: Query[FilmOrdering] = "title",
) -> QuerySet[Film]:
    """Every film in the catalogue with its headline consensus figures.

    `ordering`: `title` (default), or best first by `-percent_positive` or
    `-average_score` (films whose figures are provisional come last), or newest
    first by `-release_year` (then by release date within a year, as the films page's
    "Newest"; films with no year last). `page_size` above 100 is treated as 100.
    """
    return queries.films_for_listing(sort=FILM_SORT_OF_ORDERING[ordering])


@router.get("/films/{slug}/", response={200: FilmDetail, 404: NotFound}, tags=["films"])
def film_detail(request: HttpRequest, slug: Slug) -> Film:
    """A film's catalogue facts, credits in billing order, and headline consensus figures."""
    return _film_or_404(queries.film_for_page(slug), slug)


@router.get(
    "/films/{slug}/reviews/", response={200: list[ReviewOut], 404: NotFound}, tags=["films"]
)
@paginate(Pagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def film_reviews(request: HttpRequest, slug: Slug) -> QuerySet[Review]:
    """The film's published reviews, newest first."""
    return queries.reviews_for_film_page(_film_or_404(queries.film_by_slug(slug), slug))


@router.get("/films/{slug}/consensus/", response={200: ConsensusOut, 404: NotFound}, tags=["films"])
def film_consensus(request: HttpRequest, slug: Slug) -> ConsensusOut:
    """The critics' consensus on a film, with the quotes and figures that explain it.

    Percentages and averages are null while the consensus is provisional (too few
    rated reviews). A film nobody has reviewed yet shows zero figures.
    """
    film = _film_or_404(queries.film_with_consensus(slug), slug)
    consensus = queries.consensus_of(film)
    reviews = queries.published_reviews_by_id(reviews_to_fetch(consensus))
    return consensus_out(film, consensus, reviews)


@router.get("/critics/{slug}/", response={200: CriticOut, 404: NotFound}, tags=["critics"])
def critic_detail(request: HttpRequest, slug: Slug) -> CriticOut:
    """A critic, their publications, and how often their verdicts match the consensus."""
    critic = queries.critic_for_page(slug)
    # An unsigned source's placeholder is not a person: no page, no API answer.
    if critic is None or critic.is_unattributed:
        raise HttpError(404, f"No critic with the slug '{slug}'.")
    return CriticOut.from_record(critic, queries.critic_record(critic))
