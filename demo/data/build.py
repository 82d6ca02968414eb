"""Building a whole demo catalogue: the phases, in order, each timed."""

import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import batched

from django.db import connection, transaction
from tqdm import tqdm

from critics.models import Critic, Publication
from critics.services.consensus import recompute_every_film_consensus
from demo.data import catalogue, plan, writer
from demo.data.reviews import ReviewMaker
from demo.data.text import body_pool
from films.models import Film


@dataclass(frozen=True)
class Sizes:
    films: int
    critics: int
    reviews: int
    publications: int
    texts_per_lean: int = 1000

    @property
    def people(self) -> int:
        return max(12, 2 * self.films)


@dataclass
class BuildReport:
    sizes: Sizes
    distinct_texts: int = 0
    phases: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - started


def build_demo_data(
    sizes: Sizes, *, seed: int, batch_size: int, replace: str, show_progress: bool = False
) -> BuildReport:
    """Replace earlier demo data ("demo") or all content ("all"), then build a new catalogue.

    ``replace`` says what goes first: "demo" removes only an earlier demo build,
    "all" every film, critic, publication, review and article. Then the consensus of
    every film is rebuilt with the consensus service.
    """
    report = BuildReport(sizes)
    started = time.perf_counter()

    def rng(part: str) -> random.Random:
        # One stream per part: changing one part's draws leaves the others unchanged.
        return random.Random(f"{seed}:{part}")

    def bar(description: str, total: int, unit: str) -> tqdm:
        return tqdm(
            total=total,
            desc=description,
            unit=unit,
            unit_scale=True,
            file=sys.stderr,
            disable=not show_progress,
            leave=False,
        )

    with report.phase("plan"):
        counts = plan.film_review_counts(
            rng("plan"), films=sizes.films, critics=sizes.critics, reviews=sizes.reviews
        )
    with transaction.atomic():
        with report.phase("remove earlier data"):
            if replace == "all":
                writer.delete_all_content()
            else:
                writer.delete_demo_data()
        with report.phase("catalogue"):
            films, critics, outlets, publications = _catalogue(sizes, rng, batch_size)
        with report.phase("reviews"):
            maker = ReviewMaker(
                rng=rng("reviews"),
                pool=body_pool(rng("texts"), sizes.texts_per_lean),
                critics=critics,
                outlets=outlets,
                publications=publications,
            )
            rows = (
                row
                for film, count in zip(films, counts, strict=True)
                for row in maker.for_film(film, count)
            )
            with bar("Reviews", sizes.reviews, "reviews") as progress:
                for written in writer.insert_reviews(batched(rows, batch_size)):
                    progress.update(written)
        report.phases["text analysis (within reviews)"] = maker.analysis_seconds
        report.distinct_texts = maker.distinct_texts
        before_commit = time.perf_counter()
    # Foreign keys are checked at commit on PostgreSQL.
    report.phases["commit"] = time.perf_counter() - before_commit
    if connection.vendor == "postgresql":
        with report.phase("analyze"), connection.cursor() as cursor:
            # Fresh statistics, so the consensus queries plan for a million rows.
            cursor.execute("ANALYZE")
    with report.phase("consensus"):
        recompute_every_film_consensus()
    report.total_seconds = time.perf_counter() - started
    return report


def _catalogue(
    sizes: Sizes, rng: Callable[[str], random.Random], batch_size: int
) -> tuple[list[Film], list[Critic], list[tuple[int, ...]], list[Publication]]:
    publications = writer.insert(
        catalogue.publications(rng("publications"), sizes.publications), batch_size
    )
    critics = writer.insert(catalogue.critics(rng("critics"), sizes.critics), batch_size)
    outlets = catalogue.critic_outlets(rng("outlets"), sizes.critics, sizes.publications)
    writer.link_critics(critics, outlets, publications, batch_size)
    people = writer.insert(catalogue.people(rng("people"), sizes.people), batch_size)
    films = writer.insert(catalogue.films(rng("films"), sizes.films), batch_size)
    writer.insert(catalogue.credits(rng("credits"), films, people), batch_size)
    writer.tag_films(films, catalogue.film_tags(rng("tags"), sizes.films), batch_size)
    return films, critics, outlets, publications
