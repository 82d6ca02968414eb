"""Site search across films, people, critics, reviews and articles, grouped by kind.

On PostgreSQL: full-text search, ranked, with `websearch` syntax ("quoted phrases",
-exclusions, or). Elsewhere (SQLite in development): every word must appear in one
of the fields, case-insensitively. Only published reviews and articles are searched.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet

from critics import queries
from critics.models import Critic
from films.models import Person

MAX_PER_KIND = 10
MAX_QUERY_LENGTH = 200
CONFIG = "english"


@dataclass
class SearchGroup:
    kind: str
    label: str
    results: list = field(default_factory=list)


# kind, heading, base queryset, weighted fields (A most important)
def _sources():
    return [
        (
            "films",
            "Films",
            queries.films_for_listing(),
            {"title": "A", "original_title": "A", "synopsis": "C"},
        ),
        ("people", "People", Person.objects.all(), {"name": "A", "bio": "C"}),
        ("critics", "Critics", Critic.objects.active(), {"name": "A", "bio": "C"}),
        (
            "reviews",
            "Reviews",
            queries.reviews_for_cards(),
            {
                "headline": "A",
                "film__title": "A",
                "critic__name": "B",
                "pull_quote": "B",
                "body": "D",
            },
        ),
        (
            "articles",
            "News and features",
            queries.articles_for_listing(),
            {"title": "A", "standfirst": "B", "body": "C"},
        ),
    ]


def _postgres_search(queryset: QuerySet, fields: dict[str, str], text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = reduce(
        lambda a, b: a + b,
        (SearchVector(name, weight=weight, config=CONFIG) for name, weight in fields.items()),
    )
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    return (
        queryset.annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(search_document=query)
        .order_by("-search_rank", "pk")
    )


def _simple_search(queryset: QuerySet, fields: dict[str, str], text: str) -> QuerySet:
    words = [word for word in text.replace('"', " ").split() if not word.startswith("-")]
    if not words:
        return queryset.none()
    conditions = [
        reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words
    ]
    return queryset.filter(reduce(and_, conditions))


def search(text: str) -> list[SearchGroup]:
    """The groups that have results, in a fixed order; at most MAX_PER_KIND in each."""
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    engine = _postgres_search if connection.vendor == "postgresql" else _simple_search
    groups = []
    for kind, label, queryset, fields in _sources():
        results = list(engine(queryset, fields, text)[:MAX_PER_KIND])
        if results:
            groups.append(SearchGroup(kind, label, results))
    return groups
