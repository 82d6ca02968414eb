"""Films whose stored consensus is missing or out of date, and their repair.

Every path that changes reviews rebuilds the consensus through services.consensus: the
importer inside its own transaction, the admin, the workflow and the API on commit. A
process killed between such a commit and its on-commit rebuild, or a write that went
around the services (a shell, a restore, SQL), can still leave a film whose stored
figures disagree with its reviews. Nothing notices by itself; this finds them.

It reads every review's film, status and change time, so it belongs in a command or a
scheduled check, not in /healthz, which load balancers call every few seconds.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.utils import timezone

from critics.models import FilmConsensus, Review
from critics.services.consensus import recompute_films_consensus


@dataclass(frozen=True)
class StaleConsensus:
    missing: list[int]  # films with published reviews and no consensus row
    out_of_date: list[int]  # films whose row no longer matches their reviews

    @property
    def film_ids(self) -> list[int]:
        return sorted({*self.missing, *self.out_of_date})

    def __len__(self) -> int:
        return len(self.film_ids)


def find_stale_consensus(*, now: datetime | None = None) -> StaleConsensus:
    """Films whose consensus a reader would see wrong, in two queries.

    Out of date: a row that counts another number of published reviews than there
    are (one added, deleted or withdrawn), one computed before the latest change to a
    published review of the film (its rating, verdict or text), or one whose scheduled
    review has gone live since.
    """
    now = now or timezone.now()
    # Drafts and reviews in the workflow change without a rebuild: only published ones count.
    published = {
        film_id: (count, changed)
        for film_id, count, changed in Review.objects.published(at=now)
        .values_list("film_id")
        .annotate(count=Count("pk"), changed=Max("updated_at"))
        .order_by()
    }
    rows = FilmConsensus.objects.values_list(
        "film_id", "review_count", "computed_at", "next_change_at"
    )
    stored, out_of_date = set(), []
    for film_id, review_count, computed_at, next_change_at in rows.iterator(chunk_size=5000):
        stored.add(film_id)
        count, changed = published.get(film_id, (0, None))
        if (
            review_count != count
            or (changed is not None and (computed_at is None or changed > computed_at))
            or (next_change_at is not None and next_change_at <= now)
        ):
            out_of_date.append(film_id)
    missing = sorted(set(published) - stored)
    return StaleConsensus(missing=missing, out_of_date=sorted(out_of_date))


def repair_stale_consensus() -> int:
    """Rebuild the consensus of every film find_stale_consensus names; returns the count."""
    return recompute_films_consensus(find_stale_consensus().film_ids)
