from django.core.management.base import BaseCommand
from django.db import transaction

from critics.consensus.aggregate import ANALYSIS_VERSION
from critics.consensus.ratings import RatingError
from critics.models import Review
from critics.services.consensus import analyse_review_text, recompute_film_consensus, score_review
from films.models import Film

READ_BATCH = 2000
WRITE_BATCH = 500


class Command(BaseCommand):
    help = (
        "Rebuild every review's score and counted verdict from its stored rating and verdict, "
        "then every film's consensus. Use after loaddata or any write that bypassed the services."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reanalyse-text",
            action="store_true",
            help="Also re-run the text analysis (quotes, aspects, suggestions) of every review; "
            "by default only reviews never analysed, or analysed by an older version, are.",
        )

    def handle(self, *args, reanalyse_text, **options):
        unreadable = rescored = analysed = 0
        scores_changed, texts_changed = [], []
        reviews = Review.objects.select_related("publication").order_by("pk")
        for review in reviews.iterator(chunk_size=READ_BATCH):
            before = (review.score, review.counted_verdict)
            try:
                score_review(review)
            except RatingError as error:
                unreadable += 1
                review.score = None
                review.counted_verdict = review.verdict or None
                self.stderr.write(f"review {review.pk}: {error}; counted without a score")
            if (review.score, review.counted_verdict) != before:
                scores_changed.append(review)
            if reanalyse_text or (review.analysis or {}).get("version") != ANALYSIS_VERSION:
                analyse_review_text(review)
                texts_changed.append(review)
            # Write only what changed: rewriting every row's JSON is most of the cost.
            if len(scores_changed) >= WRITE_BATCH:
                rescored += self._write(scores_changed, ["score", "counted_verdict"])
            if len(texts_changed) >= WRITE_BATCH:
                analysed += self._write(texts_changed, ["quote", "analysis"])
        rescored += self._write(scores_changed, ["score", "counted_verdict"])
        analysed += self._write(texts_changed, ["quote", "analysis"])

        films = 0
        for film_id in Film.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                recompute_film_consensus(film_id)
            films += 1
        summary = (
            f"Rebuilt the consensus of {films} films; {rescored} reviews rescored, "
            f"{analysed} reviews' text analysed"
        )
        if unreadable:
            summary += f"; {unreadable} unreadable ratings (see above)"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    @staticmethod
    def _write(reviews, fields) -> int:
        count = len(reviews)
        if count:
            Review.objects.bulk_update(reviews, fields)
            reviews.clear()
        return count
