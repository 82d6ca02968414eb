"""Publishing and withdrawing reviews and articles: the one home of that side effect."""

from django.db import transaction
from django.utils import timezone

from critics.models import PublishingStatus, Review
from critics.services.consensus import refresh_consensus_on_commit


def _locked(queryset):
    # The admin's queryset joins nullable relations (select_related), and PostgreSQL
    # refuses FOR UPDATE on the nullable side of an outer join: lock the items only.
    return queryset.select_related(None).select_for_update(of=("self",))


def publish(*, queryset, now=None) -> int:
    """Publish every selected item that is not already published; return how many changed.

    Items with a future publish_at stay scheduled for it; items without one go live now.
    """
    now = now or timezone.now()
    changed = 0
    touched_films = set()
    with transaction.atomic():
        for item in _locked(queryset).exclude(status=PublishingStatus.PUBLISHED):
            item.status = PublishingStatus.PUBLISHED
            if item.publish_at is None:
                item.publish_at = now
            item.save(update_fields=["status", "publish_at", "updated_at"])
            changed += 1
            touched_films.add(getattr(item, "film_id", None))
        _refresh_if_reviews(queryset, touched_films)
    return changed


def withdraw(*, queryset) -> int:
    """Take published items off the site (they stay in the admin); return how many changed."""
    changed = 0
    touched_films = set()
    with transaction.atomic():
        for item in _locked(queryset).filter(status=PublishingStatus.PUBLISHED):
            item.status = PublishingStatus.WITHDRAWN
            item.save(update_fields=["status", "updated_at"])
            changed += 1
            touched_films.add(getattr(item, "film_id", None))
        _refresh_if_reviews(queryset, touched_films)
    return changed


def _refresh_if_reviews(queryset, film_ids) -> None:
    # A review going live or coming down changes its film's consensus; articles do not.
    if queryset.model is Review:
        refresh_consensus_on_commit(film_ids)
