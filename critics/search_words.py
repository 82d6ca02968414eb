"""Site search on SQLite: whole words through FTS5 indexes (core/sqlite_fts.py).

"ash" does not find Whiplash (it is not a word of it); the last word is also a prefix,
so "whipl" does, as a reader typing a title expects. "Quoted phrases" and -exclusions
work as PostgreSQL's websearch syntax has them; "or" is an ordinary word here.
"""

import re

from django.db import connections
from django.db.models import Case, Expression, Model, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from core.sqlite_fts import FullTextIndex
from films.models.search import FILM_WORDS, PERSON_WORDS

CRITIC_WORDS = FullTextIndex("critics_critic", ("name", "bio"), (10, 2))
# Drafts are indexed too: the search filters by Review.objects.published().
REVIEW_WORDS = FullTextIndex("critics_review", ("headline", "pull_quote", "body"), (10, 5, 1))
ARTICLE_WORDS = FullTextIndex("critics_article", ("title", "standfirst", "body"), (10, 5, 2))
WORD_INDEXES = {
    "films.Film": FILM_WORDS,
    "films.Person": PERSON_WORDS,
    "critics.Critic": CRITIC_WORDS,
    "critics.Review": REVIEW_WORDS,
    "critics.Article": ARTICLE_WORDS,
}

# A last word shorter than this is matched whole: "la" as a prefix would match most text.
MIN_PREFIX = 3
_TERMS = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


def match_expression(text: str) -> str | None:
    """The FTS5 query for what a reader typed, or None if it has no word to look for.

    Every term is quoted and holds only word characters, so nothing a reader types
    is read as FTS5 syntax.
    """
    wanted: list[str] = []
    unwanted: list[str] = []
    last_is_word = False
    for match in _TERMS.finditer(text):
        excluded, phrase, word = match.groups()
        words = re.findall(r"\w+", phrase if phrase is not None else word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if excluded:
            unwanted.append(term)
        else:
            wanted.append(term)
            last_is_word = phrase is None and len(words[-1]) >= MIN_PREFIX
    if not wanted:
        return None
    if last_is_word:
        wanted[-1] += "*"
    expression = "(" + " AND ".join(wanted) + ")"
    if unwanted:
        expression += " NOT (" + " OR ".join(unwanted) + ")"
    return expression


def split_prefix(text: str) -> tuple[str, str | None]:
    """(the text without its last word, that word) when the last word should also match
    as a prefix, else (text, None): PostgreSQL's websearch syntax has no prefixes, so
    critics/search.py adds the last word as a `'word':*` query of its own."""
    terms = list(_TERMS.finditer(text))
    last = terms[-1] if terms else None
    if last is None or last.group(1) or last.group(2) is not None:
        return text, None
    words = re.findall(r"\w+", last.group(3))
    if not words or len(words[-1]) < MIN_PREFIX:
        return text, None
    return text[: last.start()] + " " + " ".join(words[:-1]), words[-1]


def word_search(
    queryset: QuerySet[Model],
    expression: str,
    found: dict[str, list[Model]],
    *,
    newest: int,
    limit: int,
) -> list[Model]:
    """The best `limit` rows of `queryset` whose words match, best first (two queries).

    Reviews: as on PostgreSQL (critics/search.py), a review is also found by its film's
    title or its critic's name, and only the `newest` matches are ranked.
    """
    index = WORD_INDEXES[queryset.model._meta.label]
    ids_sql, ids_params = index.ids_sql(), [expression]
    bonus: Expression = Value(0.0)
    if queryset.model._meta.label == "critics.Review":
        film_ids = [film.pk for film in found.get("films", [])]
        critic_ids = [critic.pk for critic in found.get("critics", [])]
        # One list of ids rather than an OR, which SQLite answers by reading every
        # published review in date order; each part here is an indexed look-up.
        for column, values in (("film_id", film_ids), ("critic_id", critic_ids)):
            if values:
                placeholders = ", ".join(["%s"] * len(values))
                ids_sql += (
                    f" UNION ALL SELECT id FROM {index.table} WHERE {column} IN ({placeholders})"
                )
                ids_params += values
        bonus = Case(When(film_id__in=film_ids, then=Value(20.0)), default=Value(0.0)) + Case(
            When(critic_id__in=critic_ids, then=Value(8.0)), default=Value(0.0)
        )
    matches = Q(pk__in=RawSQL(ids_sql, ids_params))
    candidates = (
        queryset.filter(matches).annotate(search_bonus=bonus).values_list("pk", "search_bonus")
    )
    if queryset.model._meta.label == "critics.Review":
        candidates = candidates.order_by("-publish_at", "-pk")[:newest]
    else:
        candidates = candidates.order_by()
    sql, params = candidates.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(index.ranked_sql(sql), [*params, expression, limit])
        ids = [row[0] for row in cursor.fetchall()]
    by_pk = queryset.in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]
