from django.core.management.base import BaseCommand
from django.db import transaction

from critics.consensus.ratings import RatingError
from critics.models import Review
from critics.services.consensus import analyse_review_text, recompute_film_consensus, score_review
from films.models import Film

BATCH = 2000


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
            "by default only reviews never analysed are.",
        )

    def handle(self, *args, reanalyse_text, **options):
        unreadable = 0
        reviews = Review.objects.select_related("publication").order_by("pk")
        fields = ["score", "counted_verdict", "quote", "analysis"]
        batch = []
        for review in reviews.iterator(chunk_size=BATCH):
            try:
                score_review(review)
            except RatingError as error:
                unreadable += 1
                review.score = None
                review.counted_verdict = review.verdict or None
                self.stderr.write(f"review {review.pk}: {error}; counted without a score")
            if reanalyse_text or not review.analysis:
                analyse_review_text(review)
            batch.append(review)
            if len(batch) >= BATCH:
                Review.objects.bulk_update(batch, fields)
                batch.clear()
        if batch:
            Review.objects.bulk_update(batch, fields)
        films = 0
        for film_id in Film.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                recompute_film_consensus(film_id)
            films += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {reviews.count()} reviews and {films} films' consensus"
                + (f"; {unreadable} unreadable ratings" if unreadable else "")
                + "."
            )
        )
