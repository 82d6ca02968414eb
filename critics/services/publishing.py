"""Publishing and withdrawing reviews and articles: the one home of that side effect."""

from django.db import transaction
from django.utils import timezone

from critics.models import PublishingStatus


def publish(*, queryset, now=None) -> int:
    """Publish every selected item that is not already published; return how many changed.

    Items with a future publish_at stay scheduled for it; items without one go live now.
    """
    now = now or timezone.now()
    changed = 0
    with transaction.atomic():
        for item in queryset.select_for_update().exclude(status=PublishingStatus.PUBLISHED):
            item.status = PublishingStatus.PUBLISHED
            if item.publish_at is None:
                item.publish_at = now
            item.save(update_fields=["status", "publish_at", "updated_at"])
            changed += 1
    return changed


def withdraw(*, queryset) -> int:
    """Take published items off the site (they stay in the admin); return how many changed."""
    changed = 0
    with transaction.atomic():
        for item in queryset.select_for_update().filter(status=PublishingStatus.PUBLISHED):
            item.status = PublishingStatus.WITHDRAWN
            item.save(update_fields=["status", "updated_at"])
            changed += 1
    return changed
