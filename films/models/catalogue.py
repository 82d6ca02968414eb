from datetime import date
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from core.images import validate_image_upload
from films.images import person_photo_upload_to, poster_upload_to
from films.models.search import SearchVectorIndex, search_vector_field

IMAGE_HELP = "JPEG, PNG or WebP, at most 10 MB."

# "Newest first", on the films list and in the API alike: by release year, the year
# readers see beside every title, then by date within a year. Many films know only
# their year (imports bring no date); they come after the dated films of the same
# year, not after every dated film. Films with no year come last. COALESCE
# (not NULLS LAST, which SQLite indexes lack) lets one index serve it on both databases.
NEWEST_FIRST = (
    Coalesce("release_year", Value(0)).desc(),
    Coalesce("release_date", Value(date.min)).desc(),
)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CreditQuerySet(models.QuerySet["Credit"]):
    def in_billing_order(self) -> Self:
        """Directors, writers, cast (by billing), composer, lyricists, others."""
        # Credit.Role lists the roles in billing order.
        role_rank = models.Case(
            *[
                models.When(role=role, then=models.Value(rank))
                for rank, role in enumerate(Credit.Role.values)
            ],
            default=models.Value(len(Credit.Role.values)),
        )
        return (
            self.select_related("person")
            .alias(role_rank=role_rank)
            .order_by("role_rank", "order", "person__name")
        )


class FilmQuerySet(models.QuerySet["Film"]):
    def with_credits(self) -> Self:
        """Credits (with their people, in billing order) and tags in two extra queries."""
        return self.prefetch_related(
            models.Prefetch("credits", queryset=Credit.objects.in_billing_order()), "tags"
        )


class Film(Timestamped):
    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255, unique=True, help_text="Used in the film's web address."
    )
    original_title = models.CharField(
        max_length=255, blank=True, help_text="Title in the original language, if different."
    )
    release_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of first release; tells remakes apart."
    )
    release_date = models.DateField(
        null=True, blank=True, help_text="First theatrical release (limited release if any)."
    )
    wide_release_date = models.DateField(
        null=True, blank=True, help_text="Date the release expanded to more theatres, if known."
    )
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    synopsis = models.TextField(blank=True)
    poster = models.ImageField(
        upload_to=poster_upload_to,
        blank=True,
        validators=[validate_image_upload],
        help_text=IMAGE_HELP,
    )
    poster_alt = models.CharField(
        "poster alt text",
        max_length=255,
        blank=True,
        help_text="Describes the poster for readers who cannot see it. Required with a poster.",
    )
    distributor = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=100, blank=True)
    people: "models.ManyToManyField[Person, Credit]" = models.ManyToManyField(
        "Person", through="Credit", related_name="films"
    )
    tags = TaggableManager(
        blank=True,
        verbose_name="genres and keywords",
        help_text="Comma-separated genres and keywords.",
    )

    search_vector = search_vector_field({"title": "A", "original_title": "A", "synopsis": "C"})

    objects = FilmQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["title", "release_year"]
        indexes = [
            models.Index(fields=["release_year"]),
            models.Index(fields=["title", "release_year", "id"], name="film_title_order_idx"),
            models.Index(*NEWEST_FIRST, F("title"), F("id"), name="film_newest_order_idx"),
            SearchVectorIndex(name="film_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(release_year__isnull=True)
                | Q(release_year__gte=1870, release_year__lte=2200),
                name="film_release_year_plausible",
                violation_error_message="Release year must be between 1870 and 2200.",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="film_runtime_positive",
                violation_error_message="Runtime must be more than zero minutes.",
            ),
            models.CheckConstraint(
                condition=Q(wide_release_date__isnull=True)
                | Q(release_date__isnull=True)
                | Q(wide_release_date__gte=models.F("release_date")),
                name="film_wide_release_after_first_release",
                violation_error_message="The wider release cannot come before the first release.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.release_year})" if self.release_year else self.title

    def save(self, *args, **kwargs):
        if self.release_date and not self.release_year:
            self.release_year = self.release_date.year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("films:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.poster and not self.poster_alt.strip():
            raise ValidationError(
                {
                    "poster_alt": "Describe the poster for readers who cannot see it: "
                    "a poster needs its alt text."
                }
            )


class Person(Timestamped):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    photo = models.ImageField(
        upload_to=person_photo_upload_to,
        blank=True,
        validators=[validate_image_upload],
        help_text=IMAGE_HELP,
    )
    photo_alt = models.CharField(max_length=255, blank=True)
    bio = models.TextField(blank=True)
    search_vector = search_vector_field({"name": "A", "bio": "C"})

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name"]), SearchVectorIndex(name="person_search_gin")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("films:person", kwargs={"slug": self.slug})


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CAST = "cast", "Cast"
        COMPOSER = "composer", "Composer"
        LYRICIST = "lyricist", "Lyricist"
        OTHER = "other", "Other"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role.choices)
    character_name = models.CharField(
        max_length=255, blank=True, help_text="For cast: the character played, if known."
    )
    job_title = models.CharField(
        max_length=255, blank=True, help_text="For 'other': what they did, e.g. Cinematographer."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Billing order; lower first.")

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["film", "role", "order", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character_name"],
                name="credit_unique_per_film_person_role",
                violation_error_message="This person already has this credit on this film.",
            )
        ]

    def __str__(self):
        label = self.get_role_display()
        if self.character_name:
            label = f"{label} ({self.character_name})"
        return f"{self.person} – {label}"
