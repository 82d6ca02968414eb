"""Writing demo rows: bulk inserts, PostgreSQL COPY for reviews, and raw deletes.

Nothing here sends model signals, so generated (or removed) demo data leaves no
revision history: it is not an editor's work.
"""

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import chain
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import JSONField, Model, Q, QuerySet
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from critics.models import Article, Critic, FilmConsensus, Publication, PublishingStatus, Review
from demo.data.catalogue import DEMO_PREFIX
from demo.data.reviews import ReviewRow
from films.models import Credit, Film, Person

CATALOGUE_MODELS = (Film, Person, Publication, Critic)
# Review columns that are the same on every demo review (the rest come from ReviewRow).
REVIEW_CONSTANTS = {
    "is_unsigned": False,
    "original_url": "",
    "verdict_note": "",
    "editor_feedback": "",
    "import_key": None,
    "status": PublishingStatus.PUBLISHED.value,
}


def other_data() -> list[str]:
    """Names of the kinds of real (not demo) content already in the database."""
    found = [
        model._meta.verbose_name_plural
        for model in CATALOGUE_MODELS
        if model.objects.exclude(slug__startswith=DEMO_PREFIX).exists()
    ]
    if Article.objects.exists():
        found.append(Article._meta.verbose_name_plural)
    return [str(name) for name in found]


def delete_demo_data() -> None:
    """Remove an earlier demo build, leaving any other data alone."""
    demo = {"slug__startswith": DEMO_PREFIX}
    films = Film.objects.filter(**demo).values("pk")
    reviews = Review.objects.filter(Q(film__in=films) | Q(critic__slug__startswith=DEMO_PREFIX))
    _delete(
        FilmConsensus.objects.filter(film__in=films),
        _tagged(Review, reviews.values("pk")),
        reviews,
        _tagged(Film, films),
        Credit.objects.filter(film__in=films),
        Film.objects.filter(**demo),
        Person.objects.filter(**demo),
        Critic.publications.through.objects.filter(
            Q(critic__slug__startswith=DEMO_PREFIX) | Q(publication__slug__startswith=DEMO_PREFIX)
        ),
        Critic.objects.filter(**demo),
        Publication.objects.filter(**demo),
    )


def delete_all_content() -> None:
    """Remove every film, person, critic, publication, review and article (not users)."""
    _delete(
        FilmConsensus.objects.all(),
        _tagged(Review),
        Review.objects.all(),
        _tagged(Article),
        Article.related_films.through.objects.all(),
        Article.objects.all(),
        _tagged(Film),
        Credit.objects.all(),
        Film.objects.all(),
        Person.objects.all(),
        Critic.publications.through.objects.all(),
        Critic.objects.all(),
        Publication.objects.all(),
    )


def _tagged(model, object_ids=None):
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return items if object_ids is None else items.filter(object_id__in=object_ids)


def _delete(*querysets: QuerySet[Any]) -> None:
    # A raw DELETE sends no signals: no history rows, and no per-row work for large tables.
    for queryset in querysets:
        queryset._raw_delete(queryset.db)


def insert[M: Model](objects: list[M], batch_size: int) -> list[M]:
    if not objects:
        return objects
    return type(objects[0])._default_manager.bulk_create(objects, batch_size=batch_size)


def link_critics(
    critics: list[Critic],
    outlets: list[tuple[int, ...]],
    publications: list[Publication],
    batch_size: int,
) -> None:
    through = Critic.publications.through
    through.objects.bulk_create(
        (
            through(critic_id=critic.pk, publication_id=publications[index].pk)
            for critic, indexes in zip(critics, outlets, strict=True)
            for index in indexes
        ),
        batch_size=batch_size,
    )


def tag_films(films: list[Film], tag_names: list[tuple[str, ...]], batch_size: int) -> None:
    wanted = sorted({name for names in tag_names for name in names})
    tags = {
        name: Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        for name in wanted
    }
    film_type = ContentType.objects.get_for_model(Film)
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(tag=tags[name], content_type=film_type, object_id=film.pk)
            for film, names in zip(films, tag_names, strict=True)
            for name in names
        ),
        batch_size=batch_size,
    )


def insert_reviews(batches: Iterable[Sequence[ReviewRow]]) -> Iterator[int]:
    """Write the reviews batch by batch, yielding each batch's size as it is written."""
    if connection.vendor == "postgresql":
        yield from _copy_reviews(batches)
        return
    now = timezone.now()
    for batch in batches:
        Review.objects.bulk_create(
            [_review(row, now) for row in batch], batch_size=max(len(batch), 1)
        )
        yield len(batch)


def _review(row: ReviewRow, now: datetime) -> Review:
    return Review(
        film_id=row.film_id,
        critic_id=row.critic_id,
        publication_id=row.publication_id,
        headline=row.headline,
        body=row.body,
        pull_quote=row.pull_quote,
        published_on=row.published_on,
        rating=row.rating,
        score=row.score,
        verdict=row.verdict,
        counted_verdict=row.counted_verdict,
        verdict_source=row.verdict_source,
        is_top_critic=row.is_top_critic,
        publish_at=row.publish_at,
        created_at=now,
        updated_at=now,
        **REVIEW_CONSTANTS,
        **row.derived.values,
    )


def _copy_reviews(batches: Iterable[Sequence[ReviewRow]]) -> Iterator[int]:
    """COPY is several times faster than INSERT for a million rows on PostgreSQL."""
    from psycopg import sql

    now = timezone.now()
    fixed = {"created_at": now, "updated_at": now, **REVIEW_CONSTANTS}
    columns = {
        field.attname: field
        for field in Review._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    }
    batches = iter(batches)
    if (first := next(batches, None)) is None:
        return
    # The first row says which fields the text analysis sets.
    derived_names = tuple(first[0].derived.values)
    given = [*ReviewRow._fields[:-1], *derived_names, *fixed]
    # Columns added later that the generator does not know get their defaults.
    extra = {
        name: _db_value(field, field.get_default())
        for name, field in columns.items()
        if name not in given
    }
    names = [*given, *extra]
    # Every concrete field has a column (only fields with no column of their own have None).
    column_names = {name: column for name, field in columns.items() if (column := field.column)}
    constants = (*fixed.values(), *extra.values())
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(Review._meta.db_table),
        sql.SQL(", ").join([sql.Identifier(column_names[name]) for name in names]),
    )
    prepared: dict[int, tuple] = {}  # database values per distinct Derived
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for batch in chain([first], batches):
            for row in batch:
                derived = row.derived
                if (values := prepared.get(id(derived))) is None:
                    values = prepared[id(derived)] = tuple(
                        _db_value(columns[name], derived.values[name]) for name in derived_names
                    )
                copy.write_row((*row[:-1], *values, *constants))
            yield len(batch)


def _db_value(field, value):
    # JSON is serialised once per distinct value here, not once per row by the driver.
    if isinstance(field, JSONField):
        return None if value is None else json.dumps(value, cls=field.encoder)
    return field.get_db_prep_save(value, connection)
