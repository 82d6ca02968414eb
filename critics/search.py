"""Site search across films, people, critics, reviews and articles, grouped by kind.

On PostgreSQL: full-text search, ranked, with `websearch` syntax ("quoted phrases",
-exclusions, or), over each model's stored `search_vector` (a generated column with a
GIN index, films.models.search). A review is found by its own text, or because it is
about a film or by a critic found above; the newest RANKED_REVIEWS matching reviews are
ranked. Elsewhere (SQLite in development): every word
must appear in one of the fields, case-insensitively. Only published reviews and
articles are searched.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Case, Expression, F, Model, Q, QuerySet, Value, When

from critics import queries
from critics.models import Critic
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


# kind, heading, base queryset, the fields the SQLite fallback matches
type Source = tuple[str, str, QuerySet[Model], tuple[str, ...]]


def _sources() -> list[Source]:
    return [
        (
            "films",
            "Films",
            queries.films_for_listing(),
            ("title", "original_title", "synopsis"),
        ),
        ("people", "People", Person.objects.defer("search_vector"), ("name", "bio")),
        (
            "critics",
            "Critics",
            # Placeholders for unsigned reviews are not people.
            Critic.objects.active().filter(is_unattributed=False).defer("search_vector"),
            ("name", "bio"),
        ),
        (
            "reviews",
            "Reviews",
            queries.reviews_for_cards(),
            ("headline", "film__title", "critic__name", "pull_quote", "body"),
        ),
        (
            "articles",
            "News and features",
            queries.articles_for_listing(),
            ("title", "standfirst", "body"),
        ),
    ]


def _postgres_search(
    queryset: QuerySet[Model], text: str, found: dict[str, list[Model]]
) -> QuerySet[Model]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(text, search_type="websearch", config=CONFIG)
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


def _simple_search(
    queryset: QuerySet[Model], fields: tuple[str, ...], text: str
) -> QuerySet[Model]:
    words = [word for word in text.replace('"', " ").split() if not word.startswith("-")]
    if not words:
        return queryset.none()
    conditions = [
        reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words
    ]
    return queryset.filter(reduce(and_, conditions))


def search(text: str) -> list[SearchGroup]:
    """The groups that have results, in a fixed order; at most MAX_PER_KIND in each."""
    # PostgreSQL text cannot hold NUL: a query with one would be a server error.
    text = (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    postgres = connection.vendor == "postgresql"
    groups: list[SearchGroup] = []
    found: dict[str, list[Model]] = {}
    for kind, label, queryset, fields in _sources():
        if postgres:
            matches = _postgres_search(queryset, text, found)
        else:
            matches = _simple_search(queryset, fields, text)
        found[kind] = results = list(matches[:MAX_PER_KIND])
        if results:
            groups.append(SearchGroup(kind, label, results))
    return groups
