"""Writing an import plan: everything in one transaction, the consensus of each film included.

Each imported review carries the same derived fields as one saved in the admin
(score, counted verdict and its source, quote and text analysis, from the same service
functions, see analysis.py). With worker processes the analysis of later batches runs
while earlier ones are written. Updates (a stored review the file counts differently,
matching.py) go through the same functions, with a revision naming the importing user.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from critics.importer import history
from critics.importer.analysis import TextWorkers, analysed_batches
from critics.importer.plan import ImportPlan, PlannedReview, PlannedUpdate, Progress, no_progress
from critics.models import Critic, Publication, PublishingStatus, Review
from critics.services import consensus
from critics.services.consensus import analyse_review_text, score_review
from films.models import Film

WRITE_BATCH = 500
CONSENSUS_BATCH = 500
IMPORT_REASON = "CSV import"
UPDATE_REASON = "CSV import: changed how the review counts"


class ImportConflict(RuntimeError):
    """The catalogue changed between checking and writing; nothing was written."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    films_created: int = 0
    critics_created: int = 0
    publications_created: int = 0
    film_ids: set[int] = field(default_factory=set)  # whose consensus is recomputed


def apply_plan(
    plan: ImportPlan,
    *,
    user=None,
    workers: int = 1,
    progress: Progress = no_progress,
    analysis: TextWorkers | None = None,
) -> ImportResult:
    """Write the plan's new reviews (and the films, critics and publications they need)
    and its updates of stored reviews.

    Call only with a plan that has no errors, or when skipping the invalid rows.
    The films' consensus is recomputed once each, in the same transaction. The
    revision history records the new films and reviews as created by ``user``, and the
    updated reviews as changed by them. With ``workers`` > 1 a large file's text
    analysis runs in that many processes, alongside the writing; ``analysis``: the
    processes build_plan already handed rows to, used instead.
    """
    if not plan.new and not plan.updates:
        return ImportResult()
    # Reviews whose source gives no date go live now, all at the same moment.
    now = timezone.now()
    instances = _Instances(plan, now)
    result = ImportResult(
        films_created=len(instances.films),
        critics_created=len(instances.critics),
        publications_created=len(instances.publications),
    )
    analysed = analysed_batches(
        plan.new,
        build=instances.review,
        batch_size=WRITE_BATCH,
        workers=workers,
        progress=progress,
        ahead=analysis,
    )
    try:
        with analysed as batches, transaction.atomic():
            Publication.objects.bulk_create(instances.publications)
            Critic.objects.bulk_create(instances.critics)
            for start in range(0, len(instances.films), WRITE_BATCH):
                history.insert_with_history(
                    Film,
                    instances.films[start : start + WRITE_BATCH],
                    key="slug",
                    user=user,
                    reason=IMPORT_REASON,
                )
            _link_critics_to_publications(plan, instances)
            for batch in batches:
                history.insert_with_history(
                    Review, batch, key="import_key", user=user, reason=IMPORT_REASON
                )
                result.created += len(batch)
                result.film_ids.update(review.film_id for review in batch)
            result.updated = _update(plan.updates, user, now)
            result.film_ids |= {update.film_id for update in plan.updates}
            # Inside the transaction, not on commit: a process killed (or a request timed
            # out) between the commit and a later recompute left published reviews with
            # no consensus, and nothing noticed. Now both land together or neither does.
            _recompute_consensus(sorted(result.film_ids), progress)
    except IntegrityError as error:
        raise ImportConflict(
            "the catalogue changed while the file was being imported (another import or an "
            f"edit at the same moment?): {error}. Nothing was imported; import the file again."
        ) from error
    return result


def _recompute_consensus(film_ids: list[int], progress: Progress) -> None:
    """Each film once, after the reviews are written and before the import commits, as
    the whole-catalogue rebuild does: a batch of films at a time, their reviews read in
    one query."""
    batches = range(0, len(film_ids), CONSENSUS_BATCH)
    for start in progress(batches, "Recomputing consensus", len(batches)):
        consensus.recompute_films_consensus(film_ids[start : start + CONSENSUS_BATCH])


_UPDATED_FIELDS = (
    "verdict",
    "verdict_source",
    "is_top_critic",
    "score",
    "counted_verdict",
    "quote",
    "analysis",
    "consensus_marks",
    "import_key",
    "updated_at",
)


def _update(updates: list[PlannedUpdate], user, now) -> int:
    """Apply the changes, re-deriving what follows from them as a save in the admin does."""
    if not updates:
        return 0
    stored = Review.objects.select_related("publication").in_bulk(
        [update.review_id for update in updates]
    )
    reviews = []
    for update in updates:
        review = stored.get(update.review_id)
        if review is None:
            raise ImportConflict(
                f"line {update.row.line}: {update.label} was deleted while the file was being "
                "imported. Nothing was imported; import the file again."
            )
        counted_before = review.counted_verdict
        for name, (_, value) in update.changes.items():
            setattr(review, name, value)
        score_review(review)
        if review.counted_verdict != counted_before:
            analyse_review_text(review)  # the quote and aspects read the counted verdict
        review.import_key, review.updated_at = update.key, now
        reviews.append(review)
    bulk_update_with_history(
        reviews,
        Review,
        list(_UPDATED_FIELDS),
        batch_size=WRITE_BATCH,
        default_user=user,
        default_change_reason=UPDATE_REASON,
    )
    return len(reviews)


class _Instances:
    """Model instances for the plan, new ones unsaved (bulk_create gives them their keys)."""

    def __init__(self, plan: ImportPlan, now):
        self.now = now
        self.films = [
            Film(title=entry.title, slug=entry.slug, release_year=entry.year)
            for entry in plan.new_films
        ]
        self.critics = [
            Critic(
                name=entry.name,
                slug=entry.slug,
                is_unattributed=entry.is_unattributed,
                is_top_critic=entry.is_top_critic,
            )
            for entry in plan.new_critics
        ]
        self.publications = [
            Publication(name=entry.name, slug=entry.slug) for entry in plan.new_publications
        ]
        self._new = {
            id(entry): instance
            for entries, instances in (
                (plan.new_films, self.films),
                (plan.new_critics, self.critics),
                (plan.new_publications, self.publications),
            )
            for entry, instance in zip(entries, instances, strict=True)
        }
        self._publications = {}
        self._midnights = {}

    def review(self, item: PlannedReview) -> Review:
        row = item.row
        return Review(
            is_unsigned=row.is_unsigned,
            is_top_critic=item.is_top_critic,
            headline=row.headline,
            body=row.text,
            original_url=row.url,
            published_on=row.date,
            rating=row.rating,
            verdict=row.verdict,
            # score_review keeps a verdict's source and derives a rating's.
            verdict_source=row.verdict_source,
            status=PublishingStatus.PUBLISHED,
            publish_at=self._midnight(row.date) if row.date else self.now,
            import_key=item.key,
            **self._links(item),
        )

    def _links(self, item: PlannedReview) -> dict:
        """The review's film, critic and publication as constructor arguments (assigned
        after construction, each costs as much again): stored ones by key, new ones as
        instances, whose new keys the review takes when it is saved."""
        film, critic = item.film, item.critic
        return {
            **({"film_id": film.pk} if film.pk else {"film": self._new[id(film)]}),
            **({"critic_id": critic.pk} if critic.pk else {"critic": self._new[id(critic)]}),
            "publication": self._publication(item.publication) if item.publication else None,
        }

    def _midnight(self, day: datetime.date) -> datetime.datetime:
        # Many reviews share a date: one aware datetime each, made once.
        if day not in self._midnights:
            self._midnights[day] = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time())
            )
        return self._midnights[day]

    def pk(self, entry) -> int:
        return entry.pk or self._new[id(entry)].pk

    def _publication(self, entry) -> Publication:
        if not entry.pk:
            return self._new[id(entry)]
        if entry.pk not in self._publications:
            # Only what score_review reads: the scale for bare-number ratings.
            self._publications[entry.pk] = Publication(
                pk=entry.pk, name=entry.name, rating_scale=entry.rating_scale
            )
        return self._publications[entry.pk]


def _link_critics_to_publications(plan: ImportPlan, instances: _Instances) -> None:
    """Record that each critic writes for the publications their rows name."""
    pairs = {
        (instances.pk(item.critic), instances.pk(item.publication))
        for item in plan.new
        if item.publication and item.publication.pk not in item.critic.publication_pks
    }
    through = Critic.publications.through
    through.objects.bulk_create(
        [through(critic_id=critic, publication_id=publication) for critic, publication in pairs],
        ignore_conflicts=True,
        batch_size=WRITE_BATCH,
    )
