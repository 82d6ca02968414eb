"""Checking a whole file before anything is written: the import plan.

Every row is checked and matched against the catalogue first; the plan says what an
import would change (the dry run and the admin's preview show it) and apply.py writes
it. Each invalid line gets every problem found on it, in one pass. A row that describes
a review already in the catalogue (the same row imported before, or the same data
entered in the admin) is "unchanged", or an "update" when only how it counts differs
(matching.py): imports never add a second copy of a review.
"""

from functools import lru_cache

from consensus.ratings import RatingError, parse_rating
from critics.importer.analysis import PARALLEL_FROM, TextWorkers
from critics.importer.catalogue import Catalogue, CatalogueError
from critics.importer.csv_format import read_csv
from critics.importer.fields import ReviewRow, parse_record
from critics.importer.matching import drop_known
from critics.importer.plan import (
    ImportPlan,
    PlannedReview,
    PlannedUpdate,
    Progress,
    no_progress,
)

# Rows handed to the analysis workers at a time while the file is checked.
AHEAD_BATCH = 500

__all__ = ["ImportPlan", "PlannedReview", "PlannedUpdate", "Progress", "build_plan", "no_progress"]


def build_plan(
    data: bytes,
    *,
    create_films: bool = False,
    progress: Progress = no_progress,
    analysis: TextWorkers | None = None,
) -> ImportPlan:
    """Read and check the file; raises CsvFileError when it cannot be read at all.

    With ``analysis`` (worker processes the import will use), a large file's rows that
    are certain to become new reviews are analysed while the rest is checked.
    """
    contents = read_csv(data)
    if analysis is not None and not (analysis.parallel and len(contents.records) >= PARALLEL_FROM):
        analysis = None
    plan = ImportPlan(rows=len(contents.records))
    if contents.ignored_columns:
        names = ", ".join(f"'{name}'" for name in contents.ignored_columns)
        plan.warnings.append(f"line 1: not part of the format, ignored: {names}")

    catalogue = Catalogue.load()
    first_line_of: dict[str, int] = {}
    planned = []
    for record in progress(contents.records, "Checking rows", len(contents.records)):
        row, problems = parse_record(record)
        if row is not None:
            # Run the catalogue's checks even on a row already found wanting: the
            # editor fixes every problem of a line at once.
            resolved = _resolve(row, catalogue, create_films, problems)
        if problems:
            plan.errors.extend((record.line, problem) for problem in problems)
            continue
        key = row.fingerprint()
        if key in first_line_of:
            plan.duplicates.append((row.line, first_line_of[key]))
            continue
        first_line_of[key] = row.line
        planned.append(PlannedReview(row, key, *resolved))
        if analysis is not None and len(planned) % AHEAD_BATCH == 0:
            analysis.analyse_ahead(planned[-AHEAD_BATCH:])
    if analysis is not None:
        analysis.analyse_ahead(planned[len(planned) - len(planned) % AHEAD_BATCH :])

    planned = drop_known(planned, plan)
    planned = _drop_signed_conflicts(planned, plan)
    plan.new = _settle_top_critics(planned)
    plan.errors.sort(key=lambda error: error[0])
    plan.warnings.extend(
        f"line {line}: the same review as line {first}; skipped" for line, first in plan.duplicates
    )
    return plan


def _resolve(row: ReviewRow, catalogue: Catalogue, create_films: bool, problems: list[str]):
    """(film, critic, publication) of the row; what cannot be found is added to problems."""
    publication = catalogue.publication(row.publication)
    if row.rating:
        problem = _rating_problem(row.rating, publication.rating_scale if publication else None)
        if problem:
            problems.append(problem)
    film = critic = None
    if row.film:
        try:
            film = catalogue.film(row.film, row.year, create=create_films)
        except CatalogueError as error:
            problems.append(str(error))
    if row.critic or publication:
        try:
            critic = catalogue.critic(row.critic, publication)
        except CatalogueError as error:
            problems.append(str(error))
    return film, critic, publication


@lru_cache(maxsize=4096)
def _rating_problem(rating: str, scale: int | None) -> str | None:
    # Ratings repeat ("3/4", "B+"): a file of 20,000 rows holds a few hundred.
    try:
        parse_rating(rating, scale=scale)
    except RatingError as error:
        return f"rating {error}"
    return None


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


def _settle_top_critics(planned: list[PlannedReview]) -> list[PlannedReview]:
    """Each review's top-critic status: its row's top_critic, else the critic's status.

    The status belongs to the review (a critic can be a top critic at one outlet or in
    one year and not another), so rows may differ and no critic's own flag changes. A
    critic the import creates takes the status of their latest row that gives one, as
    the default for reviews written later.
    """
    latest: dict[int, tuple] = {}
    for item in planned:
        if item.critic.pk is None and item.row.top_critic is not None:
            when = (item.row.date is not None, item.row.date, item.row.line)
            if id(item.critic) not in latest or when > latest[id(item.critic)][0]:
                latest[id(item.critic)] = (when, item.row.top_critic)
    for item in planned:
        if id(item.critic) in latest:
            item.critic.is_top_critic = latest[id(item.critic)][1]
    for item in planned:
        top = item.row.top_critic
        item.is_top_critic = item.critic.is_top_critic if top is None else top
    return planned
