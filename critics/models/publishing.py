"""The publishing workflow shared by reviews and articles.

Publication is a query, not a job: an item is public when its status is
"published" and its publish_at time has come, so scheduling needs no cron.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrPromise


class PublishingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Generic in the model, so Review.objects.published() is known to hold reviews.
class PublishableQuerySet[M: models.Model](models.QuerySet[M]):
    def published(self, *, at: datetime | None = None) -> Self:
        """What readers may see: published, and not scheduled for later."""
        return self.filter(status=PublishingStatus.PUBLISHED, publish_at__lte=at or timezone.now())

    def scheduled(self, *, at: datetime | None = None) -> Self:
        return self.filter(status=PublishingStatus.PUBLISHED, publish_at__gt=at or timezone.now())


class Publishable(models.Model):
    status = models.CharField(
        max_length=20,
        choices=PublishingStatus.choices,
        default=PublishingStatus.DRAFT,
    )
    # Indexed with status in each model's Meta: every list asks for published, newest first.
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes live. A time in the future schedules it; "
        "publishing without a time publishes now.",
    )
    editor_feedback = models.TextField(
        "editor's feedback",
        blank=True,
        help_text="The editor's note to the critic when sending work back; the critic sees it "
        "on the form.",
    )
    # Every share link is signed with it (critics.sharing): changing it ends them all.
    # Blank until the first link, and again once links are revoked or the item withdrawn.
    # Kept out of the revision history, so restoring an old version cannot revive a link.
    share_secret = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Read by django-simple-history on the next save: who made the change and why.
    # Declared for the type checker only (no value, so no field and no attribute).
    _history_user: "AbstractBaseUser | AnonymousUser | None"
    _change_reason: str

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return (
            self.status == PublishingStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


def publishing_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(status__in=PublishingStatus.values),
            name=f"{prefix}_status_valid",
        ),
        models.CheckConstraint(
            condition=~Q(status=PublishingStatus.PUBLISHED) | Q(publish_at__isnull=False),
            name=f"{prefix}_published_has_publish_at",
            violation_error_message="A published item needs a publication time.",
        ),
    ]


def editorial_permissions(name: str, plural: str) -> "list[tuple[str, str | StrPromise]]":
    """The roles' permissions on one kind of work, e.g. "publish_review" (Meta.permissions).

    critics.permissions asks them with `user.has_perm`; critics.roles grants them."""
    return [
        (f"publish_{name}", f"Can publish, schedule, send back, withdraw and re-open {plural}"),
        (f"view_any_{name}", f"Can see every critic's {plural}, drafts included"),
        (f"change_any_{name}", f"Can change any {name}: anyone's, in any status"),
        (f"share_{name}", f"Can make and revoke share links to unpublished {plural}"),
    ]
