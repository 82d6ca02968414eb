"""Search across films, people, critics, reviews and news, as the site's search page does."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from api.directory import PersonSummary
from api.errors import ERRORS
from api.news import ArticleSummary
from api.schemas import CriticRef, FilmSummary, ReviewOut
from critics.search import MAX_PER_KIND, MAX_QUERY_LENGTH, search

router = Router()


class SearchResults(Schema):
    query: str
    films: list[FilmSummary]
    people: list[PersonSummary]
    critics: list[CriticRef]
    reviews: list[ReviewOut]
    news: list[ArticleSummary]


@router.get(
    "/search/",
    response={200: SearchResults, **ERRORS},
    tags=["search"],
    description=f"The best matches of each kind, at most {MAX_PER_KIND} of each; only "
    "published reviews and news. A review is found by its own words, or because its film "
    "or critic matched.",
)
def search_everything(
    request: HttpRequest,
    q: str = Query(
        ...,
        max_length=MAX_QUERY_LENGTH,
        description=f"Words to find, at most {MAX_QUERY_LENGTH} characters (longer is a 422). "
        'On PostgreSQL, "quoted phrases", -exclusions and `or` work as in a web search engine.',
    ),
) -> dict:
    found = {group.kind: group.results for group in search(q)}
    return {
        "query": q.strip(),
        "films": found.get("films", []),
        "people": found.get("people", []),
        "critics": found.get("critics", []),
        "reviews": found.get("reviews", []),
        "news": found.get("articles", []),
    }
