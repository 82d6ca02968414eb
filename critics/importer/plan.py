"""What an import would do, as checked by validate.py and written by apply.py."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from critics.importer.catalogue import CriticEntry, FilmEntry, PublicationEntry
from critics.importer.fields import ReviewRow

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
    # Settled once the whole file is read: the row's top_critic, else the critic's status.
    is_top_critic: bool = False


@dataclass(eq=False)
class PlannedUpdate:
    """A stored review the row describes, which the row counts differently."""

    row: ReviewRow
    key: str
    review_id: int
    film_id: int
    label: str  # "Ana Ruiz on 'Heat' (1995)", for the preview
    changes: dict  # {field name: (stored value, new value)}


@dataclass
class ImportPlan:
    rows: int = 0
    new: list[PlannedReview] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # lines
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line, same as line)
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def invalid_lines(self) -> list[int]:
        return sorted({line for line, _ in self.errors})

    @property
    def problems_by_line(self) -> dict[int, list[str]]:
        """Every problem of each invalid line, lines in file order."""
        found: dict[int, list[str]] = {}
        for line, problem in sorted(self.errors, key=lambda error: error[0]):
            found.setdefault(line, []).append(problem)
        return found

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
