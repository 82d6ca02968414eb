import gc
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.fields.json import KT

from consensus.aggregate import ANALYSIS_VERSION
from consensus.classifier import default_model
from consensus.marks import compact_marks
from consensus.ratings import RatingError
from critics.models import Review
from critics.services.consensus import (
    analyse_reviews_text,
    rating_outcome,
    recompute_every_film_consensus,
    verdict_source_of,
)
from critics.services.consensus_health import repair_stale_consensus
from critics.services.parallel_consensus import recompute_every_film_consensus_in_processes

READ_BATCH = 5000
WRITE_BATCH = 1000

# A rating's reading: score, counted verdict, verdict source, why it is unreadable (or "").
type Outcome = tuple[Decimal | None, str | None, str | None, str]


class Command(BaseCommand):
    help = (
        "Rebuild every review's score, counted verdict and verdict source from its stored "
        "rating and verdict, then every film's consensus. Use after loaddata or any write "
        "that bypassed the services."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reanalyse-text",
            action="store_true",
            help="Also re-run the text analysis (quotes, aspects, suggestions) of every review; "
            "by default only reviews never analysed, analysed by an older version or another "
            "verdict model, or now counted with another verdict, are.",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Only rebuild the consensus of films whose consensus is missing or out of "
            "date (see check_consensus); no review is rescored.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="rebuild the films' consensus in this many processes (PostgreSQL only; "
            "one per CPU is about right)",
        )

    def handle(self, *args, **options):
        # The rebuild makes millions of small tuples that die young; collecting them
        # at Python's default rate cost about a fifth of the command's CPU time.
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, 20, 100)
        try:
            self._rebuild(**options)
        finally:
            gc.set_threshold(*thresholds)

    def _rebuild(self, *, reanalyse_text, verbosity, jobs, stale, **options):
        if stale:
            if reanalyse_text or jobs > 1:
                raise CommandError("--stale rebuilds only films' consensus, in one process.")
            films = repair_stale_consensus()
            self.stdout.write(self.style.SUCCESS(f"Rebuilt the consensus of {films} films."))
            return
        if jobs > 1 and connection.vendor != "postgresql":
            raise CommandError("--jobs needs PostgreSQL: SQLite takes one writer at a time.")
        started = time.perf_counter()
        unreadable, to_analyse, to_mark = self._rescore()
        if reanalyse_text:
            to_analyse = list(Review.objects.order_by("pk").values_list("pk", flat=True))
        analysed = self._reanalyse(to_analyse)
        marked = self._fill_marks(sorted(set(to_mark) - set(to_analyse)))
        reviews_done = time.perf_counter()
        if jobs > 1:
            films = recompute_every_film_consensus_in_processes(jobs=jobs)
        else:
            films = recompute_every_film_consensus()
        if verbosity > 1:
            self.stdout.write(
                f"Reviews {reviews_done - started:.1f} s, "
                f"films {time.perf_counter() - reviews_done:.1f} s."
            )
        summary = (
            f"Rebuilt the consensus of {films} films; {self.rescored} reviews rescored, "
            f"{analysed} reviews' text analysed"
        )
        if marked:
            summary += f", {marked} reviews' aspect marks derived from their analysis"
        if unreadable:
            summary += f"; {unreadable} unreadable ratings (see above)"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def _rescore(self):
        """Rescore every review (only small columns are read); write only what changed.

        The verdict's source follows the same rule as score_review: a rating that now
        reads differently can make a review rated, unrated or rating-sourced.
        """
        self.rescored = unreadable = 0
        # (rating, scale, verdict, source) -> (score, counted verdict, source, problem)
        outcomes: dict[tuple[Any, ...], Outcome] = {}
        changed: list[Review] = []
        to_analyse: list[int] = []
        to_mark: list[int] = []
        # PostgreSQL hands the key over as text, SQLite as a number.
        current = {ANALYSIS_VERSION, str(ANALYSIS_VERSION)}
        model_version = default_model().version
        rows = Review.objects.order_by("pk").values_list(
            "pk",
            "rating",
            "publication__rating_scale",
            "verdict",
            "verdict_source",
            "score",
            "counted_verdict",
            KT("analysis__version"),  # text: no JSON decoding per row
            KT("analysis__suggestion__model"),
            ExpressionWrapper(Q(consensus_marks__isnull=True), output_field=BooleanField()),
        )
        fields = ["score", "counted_verdict", "verdict_source"]
        for row in rows.iterator(chunk_size=READ_BATCH):
            pk, rating, scale, verdict, source, score, counted, version, model, no_marks = row
            # Ratings repeat ("3/4", "B+"): read each distinct one once.
            key = (rating, scale, verdict, source)
            if (outcome := outcomes.get(key)) is None:
                outcome = outcomes[key] = self._outcome(rating, scale, verdict, source)
            if outcome[3]:
                unreadable += 1
                self.stderr.write(f"review {pk}: {outcome[3]}; counted without a score")
            if (score, counted, source) != outcome[:3]:
                changed.append(
                    Review(
                        pk=pk,
                        score=outcome[0],
                        counted_verdict=outcome[1],
                        verdict_source=outcome[2],
                    )
                )
                if len(changed) >= WRITE_BATCH:
                    self._write(changed, fields)
            # Analysed by an older version or another model, or now counted another way
            # (what may be quoted for which side follows the counted verdict).
            if (
                version not in current
                or (model is not None and model != model_version)
                or outcome[1] != counted
            ):
                to_analyse.append(pk)
            elif no_marks:
                to_mark.append(pk)
        self._write(changed, fields)
        return unreadable, to_analyse, to_mark

    @staticmethod
    def _outcome(
        rating: str, scale: int | None, verdict: str | None, source: str | None
    ) -> "Outcome":
        """(score, counted verdict, verdict source, why the rating is unreadable or "")."""
        counted: str | None
        try:
            score, counted = rating_outcome(rating, scale, verdict)
            problem = ""
        except RatingError as error:
            score, counted, problem = None, verdict or None, str(error)
        source = verdict_source_of(verdict=verdict, source=source, counted_verdict=counted)
        return score, counted, source, problem

    def _write(self, reviews: list[Review], fields: list[str]) -> None:
        if reviews:
            Review.objects.bulk_update(reviews, fields)
            if "score" in fields:
                self.rescored += len(reviews)
            reviews.clear()

    def _reanalyse(self, pks: list[int]) -> int:
        for start in range(0, len(pks), WRITE_BATCH):
            reviews = list(Review.objects.filter(pk__in=pks[start : start + WRITE_BATCH]))
            analyse_reviews_text(reviews)
            self._write(reviews, ["quote", "analysis", "consensus_marks"])
        return len(pks)

    def _fill_marks(self, pks: list[int]) -> int:
        """Reviews stored before consensus_marks existed: derive it, no text analysis."""
        for start in range(0, len(pks), WRITE_BATCH):
            stored = Review.objects.filter(pk__in=pks[start : start + WRITE_BATCH])
            self._write(
                [
                    Review(pk=pk, consensus_marks=compact_marks(marks))
                    for pk, marks in stored.values_list("pk", "analysis__marks")
                ],
                ["consensus_marks"],
            )
        return len(pks)
