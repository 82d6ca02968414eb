"""'Did you mean …?': the film title, person or critic name closest to a search that
found nothing, so "whiplsh" and "lalaland" lead to Whiplash and La La Land.

PostgreSQL compares trigrams (pg_trgm's `%` operator, served by the GIN trigram
indexes of films/migrations/0005_search_index.py) and takes the most similar name.
SQLite has no trigram index: Python's difflib compares the query with the names that
begin with the same letter, at most SUGGESTION_CANDIDATES of them, so a large catalogue
costs one bounded read. A typo in the first letter ("hwiplash") is not corrected there.
"""

import difflib
import re

from django.db import connection
from django.db.models import QuerySet

from critics.models import Critic
from films.models import Film, Person

# The most names difflib compares on SQLite (a few milliseconds for a query).
SUGGESTION_CANDIDATES = 5000
# How alike a name must be (difflib's ratio, 0 to 1): "whiplsh"/"whiplash" is 0.93,
# "lalaland"/"la la land" 0.89; unrelated names of the same letter fall well below.
SQLITE_CUTOFF = 0.75


def _critics() -> QuerySet[Critic]:
    return Critic.objects.active().filter(is_unattributed=False)


def did_you_mean(text: str) -> str | None:
    """The closest title or name to `text`, or None if none is close."""
    text = " ".join(re.findall(r"\w+", text))
    if not text:
        return None
    if connection.vendor == "postgresql":
        return _closest_by_trigrams(text)
    return _closest_by_difflib(text)


def _closest_by_trigrams(text: str) -> str | None:
    from django.contrib.postgres.search import TrigramSimilarity

    def named(queryset: QuerySet, field: str) -> QuerySet:
        similar: QuerySet = (
            queryset.filter(**{f"{field}__trigram_similar": text})
            .annotate(similarity=TrigramSimilarity(field, text))
            .values_list(field, "similarity")
            .order_by()
        )
        return similar

    names = named(Film.objects.all(), "title").union(
        named(Person.objects.all(), "name"), named(_critics(), "name")
    )
    best = list(names.order_by("-similarity", "title")[:1])
    return best[0][0] if best else None


def _closest_by_difflib(text: str) -> str | None:
    first = text[0]

    def named(queryset: QuerySet, field: str) -> QuerySet:
        starting = queryset.filter(**{f"{field}__istartswith": first})
        return starting.values_list(field, flat=True).order_by()

    names = (
        named(Film.objects.all(), "title")
        .union(named(Person.objects.all(), "name"), named(_critics(), "name"))
        .order_by()  # films' default order names a column the union has not
    )
    by_lower = {name.lower(): name for name in names[:SUGGESTION_CANDIDATES]}
    close = difflib.get_close_matches(text.lower(), by_lower, n=1, cutoff=SQLITE_CUTOFF)
    return by_lower[close[0]] if close else None
