"""Read-only endpoints. Each one picks a query from `queries` and a schema; nothing else.

A scheduled review that has just gone live is already counted in the figures:
critics/middleware.py rebuilds due consensus before any view runs.
"""

from typing import Annotated

from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from api import queries
from api.consensus import ConsensusOut, consensus_out, reviews_to_fetch
from api.queries import FilmOrdering
from api.schemas import CriticOut, FilmDetail, FilmSummary, NotFound, ReviewOut
from critics.queries import consensus_of
from critics.selectors import critic_record
from films.models import Film

router = Router()

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
    request,
    ordering: Query[FilmOrdering] = "title",
):
    """Every film in the catalogue with its headline consensus figures.

    `ordering`: `title` (default), or best first by `-percent_positive` or
    `-average_score` (films whose figures are provisional come last), or newest
    first by `-release_year` (then by release date within a year, as the films page's
    "Newest"; films with no year last). `page_size` above 100 is treated as 100.
    """
    return queries.films_for_listing(ordering)


@router.get("/films/{slug}/", response={200: FilmDetail, 404: NotFound}, tags=["films"])
def film_detail(request, slug: Slug):
    """A film's catalogue facts, credits in billing order, and headline consensus figures."""
    return _film_or_404(queries.film_for_detail(slug), slug)


@router.get(
    "/films/{slug}/reviews/", response={200: list[ReviewOut], 404: NotFound}, tags=["films"]
)
@paginate(Pagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def film_reviews(request, slug: Slug):
    """The film's published reviews, newest first."""
    return queries.reviews_for_listing(_film_or_404(queries.film_by_slug(slug), slug))


@router.get("/films/{slug}/consensus/", response={200: ConsensusOut, 404: NotFound}, tags=["films"])
def film_consensus(request, slug: Slug):
    """The critics' consensus on a film, with the quotes and figures that explain it.

    Percentages and averages are null while the consensus is provisional (too few
    rated reviews). A film nobody has reviewed yet shows zero figures.
    """
    film = _film_or_404(queries.film_with_consensus(slug), slug)
    consensus = consensus_of(film)
    reviews = queries.published_reviews_by_id(reviews_to_fetch(consensus))
    return consensus_out(film, consensus, reviews)


@router.get("/critics/{slug}/", response={200: CriticOut, 404: NotFound}, tags=["critics"])
def critic_detail(request, slug: Slug):
    """A critic, their publications, and how often their verdicts match the consensus."""
    critic = queries.critic_for_detail(slug)
    # An unsigned source's placeholder is not a person: no page, no API answer.
    if critic is None or critic.is_unattributed:
        raise HttpError(404, f"No critic with the slug '{slug}'.")
    return CriticOut.from_record(critic, critic_record(critic))
