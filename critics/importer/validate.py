"""Checking a whole file before anything is written: the import plan.

Every row is checked and matched against the catalogue first; the plan says what an
import would change (the dry run and the admin's preview show it) and apply.py writes
it. A row that describes a review already in the catalogue (the same row imported
before, or the same data entered in the admin) is "unchanged": imports never add a
second copy and never edit existing reviews.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from critics.consensus.ratings import RatingError, parse_rating
from critics.importer.catalogue import (
    Catalogue,
    CatalogueError,
    CriticEntry,
    FilmEntry,
    PublicationEntry,
)
from critics.importer.csv_format import read_csv
from critics.importer.fields import ReviewRow, parse_record
from critics.models import Review

QUERY_CHUNK = 500

Progress = Callable[[Iterable, str, int], Iterable]


def no_progress(items: Iterable, description: str, total: int) -> Iterable:
    return items


@dataclass(eq=False)
class PlannedReview:
    row: ReviewRow
    key: str
    film: FilmEntry
    critic: CriticEntry
    publication: PublicationEntry | None


@dataclass
class ImportPlan:
    rows: int = 0
    new: list[PlannedReview] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # lines
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line, same as line)
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    top_critic_changes: dict[int, tuple[CriticEntry, bool]] = field(default_factory=dict)

    @property
    def invalid_lines(self) -> list[int]:
        return sorted({line for line, _ in self.errors})

    @property
    def new_films(self) -> list[FilmEntry]:
        return _unique(p.film for p in self.new if p.film.pk is None)

    @property
    def new_critics(self) -> list[CriticEntry]:
        return _unique(p.critic for p in self.new if p.critic.pk is None)

    @property
    def new_publications(self) -> list[PublicationEntry]:
        return _unique(p.publication for p in self.new if p.publication and not p.publication.pk)


def _unique(entries: Iterable) -> list:
    return list({id(entry): entry for entry in entries}.values())


def build_plan(
    data: bytes, *, create_films: bool = False, progress: Progress = no_progress
) -> ImportPlan:
    """Read and check the file; raises CsvFileError when it cannot be read at all."""
    contents = read_csv(data)
    plan = ImportPlan(rows=len(contents.records))
    if contents.ignored_columns:
        names = ", ".join(f"'{name}'" for name in contents.ignored_columns)
        plan.warnings.append(f"line 1: not part of the format, ignored: {names}")

    catalogue = Catalogue.load()
    first_line_of: dict[str, int] = {}
    planned = []
    for record in progress(contents.records, "Checking rows", len(contents.records)):
        row, problems = parse_record(record)
        if problems:
            plan.errors.extend((record.line, problem) for problem in problems)
            continue
        key = row.fingerprint()
        if key in first_line_of:
            plan.duplicates.append((row.line, first_line_of[key]))
            continue
        first_line_of[key] = row.line
        resolved, problems = _resolve(row, key, catalogue, create_films)
        plan.errors.extend((row.line, problem) for problem in problems)
        if resolved:
            planned.append(resolved)

    planned = _drop_known(planned, plan)
    planned = _drop_signed_conflicts(planned, plan)
    plan.new = _settle_top_critics(planned, plan)
    plan.errors.sort(key=lambda error: error[0])
    plan.warnings.extend(
        f"line {line}: the same review as line {first}; skipped" for line, first in plan.duplicates
    )
    return plan


def _resolve(row: ReviewRow, key: str, catalogue: Catalogue, create_films: bool):
    problems = []
    publication = catalogue.publication(row.publication)
    try:
        parse_rating(row.rating, scale=publication.rating_scale if publication else None)
    except RatingError as error:
        problems.append(f"rating {error}")
    film = critic = None
    try:
        film = catalogue.film(row.film, row.year, create=create_films)
    except CatalogueError as error:
        problems.append(str(error))
    try:
        critic = catalogue.critic(row.critic, publication)
    except CatalogueError as error:
        problems.append(str(error))
    if problems:
        return None, problems
    return PlannedReview(row, key, film, critic, publication), []


def _chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _drop_known(planned: list[PlannedReview], plan: ImportPlan) -> list[PlannedReview]:
    """Set aside rows already in the catalogue: imported before, or the same data."""
    known_keys = set()
    for keys in _chunks([p.key for p in planned]):
        known_keys.update(
            Review.objects.filter(import_key__in=keys).values_list("import_key", flat=True)
        )
    remaining = []
    for item in planned:
        if item.key in known_keys:
            plan.unchanged.append(item.row.line)
        else:
            remaining.append(item)

    stored = _stored_reviews([p for p in remaining if p.film.pk])
    new = []
    for item in remaining:
        differences = _compare_with_stored(item, stored)
        if differences is None:
            new.append(item)
        elif differences:
            plan.errors.append((item.row.line, _already_reviewed(item, differences)))
        else:
            plan.unchanged.append(item.row.line)
    return new


def _compare_with_stored(item: PlannedReview, stored: dict) -> list[str] | None:
    """None: no stored review is this one; else the columns in which it differs."""
    publication_id = item.publication.pk if item.publication else None
    if not item.film.pk or (item.publication and not publication_id):
        return None
    if item.row.is_unsigned:
        # Unsigned reviews are only told apart by their content.
        found = (item.film.pk, publication_id, _content(item.row)) in stored["unsigned"]
        return [] if found else None
    existing = stored["signed"].get((item.film.pk, item.critic.pk, publication_id))
    if existing is None:
        return None
    return [
        name
        for name, mine, theirs in zip(_CONTENT, _content(item.row), existing, strict=True)
        if mine != theirs
    ]


_CONTENT = ("date", "rating", "verdict", "headline", "url", "text")


def _content(row: ReviewRow) -> tuple:
    return (row.date, row.rating, row.verdict, row.headline, row.url, row.text)


def _stored_reviews(planned: list[PlannedReview]) -> dict:
    """Stored reviews of the rows' films that a row could describe, by identity."""
    signed, unsigned = {}, set()
    film_ids = sorted({p.film.pk for p in planned})
    for films in _chunks(film_ids):
        rows = Review.objects.filter(film_id__in=films).values_list(
            "film_id",
            "critic_id",
            "publication_id",
            "is_unsigned",
            "published_on",
            "publish_at",
            "rating",
            "verdict",
            "headline",
            "original_url",
            "body",
        )
        for film_id, critic_id, pub_id, is_unsigned, *content in rows.iterator():
            content = _stored_content(*content)
            if is_unsigned:
                unsigned.add((film_id, pub_id, content))
            else:
                signed[(film_id, critic_id, pub_id)] = content
    return {"signed": signed, "unsigned": unsigned}


def _stored_content(published_on, publish_at, rating, verdict, headline, url, body) -> tuple:
    # Reviews entered without a first-appearance date export their publication date.
    if published_on is None and publish_at is not None:
        published_on = timezone.localdate(publish_at)
    return (
        published_on,
        rating.strip(),
        verdict or None,
        headline.strip(),
        url.strip(),
        body.strip(),
    )


def _already_reviewed(item: PlannedReview, differences: list[str]) -> str:
    where = f" in {item.publication.name}" if item.publication else " with no publication"
    return (
        f"{item.critic.name} already has a review of {item.row.film_label}{where} in the "
        f"catalogue, with a different {', '.join(differences)}; edit that review in the admin "
        "or remove this row"
    )


def _drop_signed_conflicts(planned: list[PlannedReview], plan: ImportPlan) -> list:
    """A named critic reviews a film once per publication; a second row is an error."""
    first_line: dict[tuple, int] = {}
    kept = []
    for item in planned:
        if not item.row.is_unsigned:
            identity = (id(item.film), id(item.critic), id(item.publication))
            if identity in first_line:
                where = f" in {item.publication.name}" if item.publication else ""
                plan.errors.append(
                    (
                        item.row.line,
                        f"{item.critic.name} already reviews {item.row.film_label}{where} "
                        f"on line {first_line[identity]}, differently; keep one of the two",
                    )
                )
                continue
            first_line[identity] = item.row.line
        kept.append(item)
    return kept


def _settle_top_critics(planned: list[PlannedReview], plan: ImportPlan) -> list:
    """The file's top_critic sets the critic's flag; rows must agree about each critic."""
    said: dict[int, tuple[bool, int]] = {}
    kept = []
    for item in planned:
        top = item.row.top_critic
        if top is not None:
            earlier = said.setdefault(id(item.critic), (top, item.row.line))
            if earlier[0] != top:
                plan.errors.append(
                    (
                        item.row.line,
                        f"top_critic is {_yes_no(top)} for {item.critic.name}, but line "
                        f"{earlier[1]} says {_yes_no(earlier[0])}",
                    )
                )
                continue
        kept.append(item)
    for item in kept:
        if id(item.critic) in said:
            top = said[id(item.critic)][0]
            if item.critic.pk is None:
                item.critic.is_top_critic = top
            elif item.critic.is_top_critic != top:
                plan.top_critic_changes[item.critic.pk] = (item.critic, top)
    return kept


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
