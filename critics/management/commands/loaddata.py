"""Django's loaddata, finished: the reviews a fixture loads count at once.

A fixture holds what was stored, and not always what is derived from it (the seed
fixtures give ratings and verdicts, not scores, quotes or consensus). So after loading,
this derives each loaded review's score, counted verdict and its source, and (when
missing or made by an older version) its text analysis, as a save in the admin does,
then rebuilds the consensus of every film whose reviews were loaded or moved away.
All inside loaddata's own transaction: the command ends with everything consistent,
or nothing loaded.

Why a command and not post_save signals (which loaddata sends with raw=True): a signal
would rebuild a film once per review loaded, hidden from anyone reading the loading
code, and the rule here (STYLE.md) is one visible service call per side effect. The
override is Django's documented way to extend a built-in command; it only adds to it.
"""

from django.core.management.base import OutputWrapper
from django.core.management.commands import loaddata
from django.db import DEFAULT_DB_ALIAS
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.fields.json import KT

from consensus.aggregate import ANALYSIS_VERSION
from consensus.ratings import RatingError
from critics.models import Publication, Review
from critics.services.consensus import (
    analyse_reviews_text,
    recompute_films_consensus,
    score_review,
)

BATCH = 1000
_DERIVED = ("score", "counted_verdict", "verdict_source")
_TEXT = ("quote", "analysis", "consensus_marks")
# PostgreSQL hands the analysis version over as text, SQLite as a number.
_CURRENT = {ANALYSIS_VERSION, str(ANALYSIS_VERSION)}


class Command(loaddata.Command):
    help = (
        loaddata.Command.help
        + " Reviews loaded get their score, verdict source and text analysis, and the "
        "consensus of their films is rebuilt, before the command ends."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--skip-consensus",
            action="store_true",
            help="load only: leave scores and consensus to a later recompute_consensus "
            "(say, restoring a whole backup, which rebuilds everything afterwards)",
        )

    def handle(self, *fixture_labels, skip_consensus=False, **options):
        # The services write to the default database; elsewhere, recompute_consensus there.
        self.finish = not skip_consensus and options["database"] == DEFAULT_DB_ALIAS
        super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels):
        self.loaded_reviews: set[int] = set()
        self.loaded_publications: set[int] = set()
        self.films_left: set[int] = set()
        # Only a database that already has reviews can have one moved to another film.
        self.reviews_before = self.finish and Review.objects.exists()
        super().loaddata(fixture_labels)
        if self.finish:
            self.finish_reviews()

    def save_obj(self, obj):
        instance = obj.object
        if isinstance(instance, Review) and self.reviews_before:
            self.films_left.update(
                Review.objects.filter(pk=instance.pk).values_list("film_id", flat=True)
            )
        saved = super().save_obj(obj)
        if saved and isinstance(instance, Review):
            self.loaded_reviews.add(instance.pk)
        elif saved and isinstance(instance, Publication):
            self.loaded_publications.add(instance.pk)  # its scale reads bare-number ratings
        return saved

    def finish_reviews(self) -> None:
        if self.loaded_publications:
            self.loaded_reviews.update(
                Review.objects.filter(publication_id__in=self.loaded_publications).values_list(
                    "pk", flat=True
                )
            )
        if not self.loaded_reviews and not self.films_left:
            return
        pks = sorted(self.loaded_reviews)
        film_ids = set(self.films_left)
        derived = 0
        for start in range(0, len(pks), BATCH):
            changed, to_analyse = self._rescore(pks[start : start + BATCH], film_ids)
            Review.objects.bulk_update(changed, _DERIVED)
            analysed = list(Review.objects.filter(pk__in=to_analyse))
            analyse_reviews_text(analysed)
            Review.objects.bulk_update(analysed, _TEXT)
            derived += len(changed) + len(analysed)
        films = recompute_films_consensus(film_ids)
        if self.verbosity >= 1:
            self.stdout.write(
                f"Checked the {len(pks)} review(s) loaded ({derived} derived again) and rebuilt "
                f"the consensus of {films} film(s)."
            )

    def _rescore(self, pks: list[int], film_ids: set[int]) -> tuple[list[Review], list[int]]:
        """Reviews whose score, counted verdict or source change; ids to analyse again.

        Only small columns are read: a fixture from a backup has everything derived
        already, and its text analyses are large.
        """
        rows = Review.objects.filter(pk__in=pks).values_list(
            "pk",
            "film_id",
            "publication_id",
            "publication__rating_scale",
            "rating",
            "verdict",
            "verdict_source",
            "score",
            "counted_verdict",
            KT("analysis__version"),
            ExpressionWrapper(Q(consensus_marks__isnull=True), output_field=BooleanField()),
        )
        changed, to_analyse = [], []
        for pk, film_id, pub_id, scale, rating, verdict, source, *stored, version, no_marks in rows:
            film_ids.add(film_id)
            review = Review(pk=pk, rating=rating, verdict=verdict, verdict_source=source)
            if pub_id is not None:
                review.publication = Publication(pk=pub_id, rating_scale=scale)
            _score(review, self.stderr)
            if [review.score, review.counted_verdict, review.verdict_source] != [
                stored[0],
                stored[1],
                source,
            ]:
                changed.append(review)
            if version not in _CURRENT or no_marks or review.counted_verdict != stored[1]:
                to_analyse.append(pk)  # the quote and aspects read the counted verdict
        return changed, to_analyse


def _score(review: Review, stderr: OutputWrapper) -> None:
    """score_review, and for a rating it cannot read, the review counted without a score
    (as recompute_consensus does) rather than the whole fixture refused."""
    try:
        score_review(review)
    except RatingError as error:
        stderr.write(f"review {review.pk}: rating {error}; counted without a score")
        rating, review.rating = review.rating, ""
        score_review(review)
        review.rating = rating
