"""Read-only endpoints. Each one picks a query from `queries` and a schema; nothing else.

A scheduled review that has just gone live is already counted in the figures:
critics/middleware.py rebuilds due consensus before any view runs.
"""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from api.consensus import ConsensusOut, consensus_out, reviews_to_fetch
from api.errors import ERRORS, NOT_FOUND
from api.pagination import paginated
from api.schemas import CriticOut, CriticSummary, FilmDetail, FilmSummary, ReviewOut, Slug
from critics import queries
from critics.models import Critic, Review
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


def _film_or_404(film: Film | None, slug: str) -> Film:
    if film is None:
        raise HttpError(404, f"No film with the slug '{slug}'.")
    return film


@router.get("/films/", response={200: list[FilmSummary], **ERRORS}, tags=["films"])
@paginated
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


@router.get("/films/{slug}/", response={200: FilmDetail, **NOT_FOUND}, tags=["films"])
def film_detail(request: HttpRequest, slug: Slug) -> Film:
    """A film's catalogue facts, credits in billing order, and headline consensus figures."""
    return _film_or_404(queries.film_for_page(slug), slug)


@router.get("/films/{slug}/reviews/", response={200: list[ReviewOut], **NOT_FOUND}, tags=["films"])
@paginated
def film_reviews(request: HttpRequest, slug: Slug) -> QuerySet[Review]:
    """The film's published reviews, newest first."""
    return queries.reviews_for_film_page(_film_or_404(queries.film_by_slug(slug), slug))


@router.get("/films/{slug}/consensus/", response={200: ConsensusOut, **NOT_FOUND}, tags=["films"])
def film_consensus(request: HttpRequest, slug: Slug) -> ConsensusOut:
    """The critics' consensus on a film, with the quotes and figures that explain it.

    Percentages and averages are null while the consensus is provisional (too few
    rated reviews). A film nobody has reviewed yet shows zero figures.
    """
    film = _film_or_404(queries.film_with_consensus(slug), slug)
    consensus = queries.consensus_of(film)
    reviews = queries.published_reviews_by_id(reviews_to_fetch(consensus))
    return consensus_out(film, consensus, reviews, request)


@router.get("/critics/", response={200: list[CriticSummary], **ERRORS}, tags=["critics"])
@paginated
def list_critics(request: HttpRequest) -> QuerySet[Critic]:
    """Every active critic, by name, with their outlets and published review count.

    Placeholders for unsigned reviews are not people and are not listed.
    """
    return queries.critics_for_listing().filter(is_unattributed=False)


@router.get("/critics/{slug}/", response={200: CriticOut, **NOT_FOUND}, tags=["critics"])
def critic_detail(request: HttpRequest, slug: Slug) -> CriticOut:
    """A critic, their publications, and how often their verdicts match the consensus."""
    critic = queries.critic_for_page(slug)
    # An unsigned source's placeholder is not a person: no page, no API answer.
    if critic is None or critic.is_unattributed:
        raise HttpError(404, f"No critic with the slug '{slug}'.")
    return CriticOut.from_record(critic, queries.critic_record(critic), request)
