from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.images import validate_image_upload
from films.images import person_photo_upload_to
from films.models.search import SearchVectorIndex, search_vector_field


class Publication(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    website = models.URLField(blank=True)
    is_top_publication = models.BooleanField(
        "top publication", default=False, help_text="A widely read, established outlet."
    )
    rating_scale = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="If this publication rates with bare numbers (e.g. '3'), the top of its scale "
        "(e.g. 4 or 5). Leave blank when ratings always show their scale.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_scale__isnull=True) | Q(rating_scale__gt=0),
                name="publication_rating_scale_positive",
                violation_error_message="A rating scale must be above zero.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("critics:publication", kwargs={"slug": self.slug})


class CriticQuerySet(models.QuerySet["Critic"]):
    def active(self) -> Self:
        return self.filter(active=True)


class Critic(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="critic",
        help_text="The login this critic uses to write in the admin, if any.",
    )
    bio = models.TextField(blank=True)
    photo = models.ImageField(
        upload_to=person_photo_upload_to,
        blank=True,
        validators=[validate_image_upload],
        help_text="JPEG, PNG or WebP, at most 10 MB.",
    )
    photo_alt = models.CharField(max_length=255, blank=True)
    website = models.URLField(blank=True)
    social_handle = models.CharField(
        max_length=100, blank=True, help_text="e.g. @JamesPorter97 (X/Twitter, Bluesky, …)."
    )
    publications = models.ManyToManyField(Publication, blank=True, related_name="critics")
    is_top_critic = models.BooleanField("top critic", default=False)
    active = models.BooleanField(default=True, help_text="Inactive critics keep their reviews.")
    is_unattributed = models.BooleanField(
        "unattributed placeholder",
        default=False,
        help_text="A placeholder for writing whose author is not named in the source. "
        "Shown to readers as unattributed, never as a person.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = search_vector_field({"name": "A", "bio": "C"})

    objects = CriticQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), SearchVectorIndex(name="critic_search_gin")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("critics:critic", kwargs={"slug": self.slug})
