"""Site search across films, people, critics, reviews and articles, grouped by kind.

On PostgreSQL: full-text search, ranked, with `websearch` syntax ("quoted phrases",
-exclusions, or), over each model's stored `search_vector` (a generated column with a
GIN index, films.models.search). A review is found by its own text, or because it is
about a film or by a critic found above; the newest RANKED_REVIEWS matching reviews are
ranked. On SQLite (development): the same, over FTS5 word indexes
(critics/search_words.py). Only published reviews and articles are searched.

When nothing is found, `did_you_mean` offers the closest film title, person or critic
name (critics/search_suggestions.py): "whiplsh" leads to Whiplash.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Expression, F, Model, Q, QuerySet, Value, When

from critics import queries
from critics.models import Critic
from critics.search_words import match_expression, split_prefix, word_search
from films.models import Person
from films.models.search import CONFIG

MAX_PER_KIND = 10
MAX_QUERY_LENGTH = 200
# Reviews: only the newest matches are ranked. A common word matches most of a
# million reviews, and ranking them all takes seconds.
RANKED_REVIEWS = 300


@dataclass
class SearchGroup:
    kind: str
    label: str
    results: list[Model] = field(default_factory=list)


# kind, heading, base queryset
type Source = tuple[str, str, QuerySet[Model]]


def _sources() -> list[Source]:
    return [
        (
            "films",
            "Films",
            queries.films_for_listing(),
        ),
        ("people", "People", Person.objects.defer("search_vector")),
        (
            "critics",
            "Critics",
            # Placeholders for unsigned reviews are not people.
            Critic.objects.active().filter(is_unattributed=False).defer("search_vector"),
        ),
        (
            "reviews",
            "Reviews",
            queries.reviews_for_cards(),
        ),
        (
            "articles",
            "News and features",
            queries.articles_for_listing(),
        ),
    ]


def _postgres_search(
    queryset: QuerySet[Model], text: str, found: dict[str, list[Model]]
) -> QuerySet[Model]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    rest, prefix = split_prefix(text)
    query = SearchQuery(rest, search_type="websearch", config=CONFIG)
    if prefix:
        # "whipl" finds Whiplash. An empty side of & drops out ("the" is a stop word).
        query &= SearchQuery(f"'{prefix}':*", search_type="raw", config=CONFIG)
    matches = Q(search_vector=query)
    rank: Expression = SearchRank(F("search_vector"), query)
    if queryset.model._meta.label == "critics.Review":
        # Title and byline live in the film's and the critic's own vectors.
        film_ids = [film.pk for film in found.get("films", [])]
        critic_ids = [critic.pk for critic in found.get("critics", [])]
        matches |= Q(film_id__in=film_ids) | Q(critic_id__in=critic_ids)
        rank = (
            rank
            + Case(When(film_id__in=film_ids, then=Value(1.0)), default=Value(0.0))
            + Case(When(critic_id__in=critic_ids, then=Value(0.4)), default=Value(0.0))
        )
        newest = queryset.filter(matches).order_by("-publish_at", "-pk").values("pk")
        matches = Q(pk__in=newest[:RANKED_REVIEWS])
    # The stubs cannot type annotate() on a queryset of any model: say what it gives back.
    ranked: QuerySet[Model] = queryset.filter(matches).annotate(search_rank=rank)
    return ranked.order_by(F("search_rank").desc(), "pk")


def search(text: str) -> list[SearchGroup]:
    """The groups that have results, in a fixed order; at most MAX_PER_KIND in each."""
    text = clean_query(text)
    postgres = connection.vendor == "postgresql"
    expression = None if postgres else match_expression(text)
    if not text or not (postgres or expression):
        return []
    groups: list[SearchGroup] = []
    found: dict[str, list[Model]] = {}
    for kind, label, queryset in _sources():
        if expression is None:
            results = list(_postgres_search(queryset, text, found)[:MAX_PER_KIND])
        else:
            results = word_search(
                queryset, expression, found, newest=RANKED_REVIEWS, limit=MAX_PER_KIND
            )
        found[kind] = results
        if results:
            groups.append(SearchGroup(kind, label, results))
    return groups


def clean_query(text: str) -> str:
    """What is searched for: at most MAX_QUERY_LENGTH characters, trimmed."""
    # PostgreSQL text cannot hold NUL: a query with one would be a server error.
    return (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH].strip()
