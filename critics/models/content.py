from decimal import Decimal
from typing import Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from critics.models.people import Critic, Publication
from critics.models.publishing import (
    Publishable,
    PublishableQuerySet,
    editorial_permissions,
    publishing_constraints,
)
from films.models import Film
from films.models.search import SearchVectorIndex, search_vector_field


class Verdict(models.TextChoices):
    POSITIVE = "positive", "Positive"
    MIXED = "mixed", "Mixed"
    NEGATIVE = "negative", "Negative"


class VerdictSource(models.TextChoices):
    """Where a counted verdict comes from; readers are told, review by review."""

    RATING = "rating", "From the critic's rating"
    CRITIC = "critic", "Chosen by the critic"
    EDITOR = "editor", "An editor's reading of the review"
    MODEL = "model", "Suggested by the text model, accepted by an editor"


class ReviewQuerySet(PublishableQuerySet["Review"]):
    def for_listing(self) -> Self:
        return self.select_related("film", "critic", "publication")


class Review(Publishable):
    Verdict = Verdict
    VerdictSource = VerdictSource

    # No single-column indexes on the foreign keys: the composite indexes in Meta start
    # with them, and every index on this table slows the importer.
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="reviews", db_index=False)
    critic = models.ForeignKey(
        Critic, on_delete=models.PROTECT, related_name="reviews", db_index=False
    )
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="Where the review appeared. Blank for independent or unknown outlets.",
    )
    is_unsigned = models.BooleanField(
        "unsigned",
        default=False,
        help_text="The review carries no byline (attributed to the publication's staff). "
        "Unsigned reviews may be several per film and publication.",
    )
    headline = models.CharField(max_length=255, blank=True)
    body = models.TextField(
        blank=True, help_text="The review's text; blank lines separate paragraphs."
    )
    pull_quote = models.CharField(
        max_length=500, blank=True, help_text="The sentence the critic or editor chose to quote."
    )
    original_url = models.URLField("original URL", max_length=500, blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="Date the review first appeared in its publication."
    )
    rating = models.CharField(
        max_length=50,
        blank=True,
        help_text="The critic's own rating exactly as published, e.g. 4/5, B+, 3.5 stars. "
        "Blank when the critic gave none.",
    )
    score = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="0–100, derived from the rating.",
    )
    # NULL means "no verdict" (unrated), distinct from any choice; the API shows it as null.
    verdict = models.CharField(  # noqa: DJ001
        max_length=10,
        choices=Verdict.choices,
        null=True,
        blank=True,
        help_text="Set by an editor when the critic gave no rating; otherwise derived from it.",
    )
    counted_verdict = models.CharField(  # noqa: DJ001
        "counts as",
        max_length=10,
        choices=Verdict.choices,
        null=True,
        blank=True,
        editable=False,
        help_text="The verdict this review counts as in the consensus: the editor's verdict "
        "if set, otherwise derived from the score. Empty means unrated.",
    )
    # NULL exactly when counted_verdict is NULL (unrated).
    verdict_source = models.CharField(  # noqa: DJ001
        "verdict source",
        max_length=10,
        choices=VerdictSource.choices,
        null=True,
        blank=True,
        help_text="Where the counted verdict comes from: the critic's rating, the critic's "
        "own choice, an editor's reading, or a model suggestion an editor accepted.",
    )
    is_top_critic = models.BooleanField(
        "by a top critic",
        default=False,
        help_text="Whether the critic counted as a top critic for this review (status can "
        "differ between outlets and years). New reviews start from the critic's status.",
    )
    quote = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        help_text="The pull quote, or else the review's most quotable sentence.",
    )
    analysis = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the review's text says about each aspect, and a suggested verdict.",
    )
    # NULL: not yet derived (rows written before it existed); recompute_consensus fills it.
    consensus_marks = models.TextField(  # noqa: DJ001
        null=True,
        blank=True,
        editable=False,
        help_text="The analysis boiled down to what the film's consensus adds up: one short "
        "token per aspect the review mentions.",
    )
    verdict_note = models.TextField(
        "editor's note on the verdict",
        blank=True,
        help_text="Why the editor chose this verdict (shown to editors, kept for the record).",
    )
    import_key = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text="Fingerprint of the imported CSV row, so importing a file twice adds nothing.",
    )
    tags = TaggableManager(blank=True)
    # Film title and critic name are searched through their own vectors (critics.search).
    search_vector = search_vector_field({"headline": "A", "pull_quote": "B", "body": "D"})

    objects = ReviewQuerySet.as_manager()
    # The text analysis is derived and bulky: recomputed on save, not worth a revision.
    history = HistoricalRecords(
        excluded_fields=["analysis", "consensus_marks", "search_vector", "share_secret"]
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [
            *editorial_permissions("review", "reviews"),
            ("set_editor_verdict", "Can set the editor's verdict, its note and top-critic status"),
            ("accept_suggested_verdicts", "Can accept the text model's suggested verdicts"),
            ("import_reviews", "Can import reviews from CSV files, for any critic"),
        ]
        indexes = [
            # One per public list (all, by film, critic, publication): published, newest
            # first, with the primary key as tiebreaker, so pages come from the index alone.
            models.Index(fields=["status", "publish_at", "id"], name="review_published_idx"),
            models.Index(fields=["film", "status", "publish_at", "id"], name="review_film_idx"),
            models.Index(fields=["critic", "status", "publish_at", "id"], name="review_critic_idx"),
            models.Index(
                fields=["publication", "status", "publish_at", "id"], name="review_publication_idx"
            ),
            SearchVectorIndex(name="review_search_gin"),
        ]
        constraints = [
            *publishing_constraints("review"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="review_score_between_0_and_100",
                violation_error_message="A score must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=Q(verdict__isnull=True) | Q(verdict__in=Verdict.values),
                name="review_verdict_valid",
            ),
            models.CheckConstraint(
                condition=Q(counted_verdict__isnull=True) | Q(counted_verdict__in=Verdict.values),
                name="review_counted_verdict_valid",
            ),
            models.CheckConstraint(
                condition=Q(verdict_source__isnull=True)
                | Q(verdict_source__in=VerdictSource.values),
                name="review_verdict_source_valid",
            ),
            # A constraint, not unique=True, which on PostgreSQL adds a second (LIKE) index.
            models.UniqueConstraint(fields=["import_key"], name="review_unique_import_key"),
            # NULL publications are not equal to each other in SQL, so the
            # "no publication" case needs its own constraint.
            models.UniqueConstraint(
                fields=["film", "critic", "publication"],
                condition=Q(publication__isnull=False, is_unsigned=False),
                name="review_unique_film_critic_publication",
                violation_error_message="This critic already has a review of this film "
                "in this publication.",
            ),
            models.UniqueConstraint(
                fields=["film", "critic"],
                condition=Q(publication__isnull=True, is_unsigned=False),
                name="review_unique_film_critic_without_publication",
                violation_error_message="This critic already has a review of this film "
                "with no publication.",
            ),
        ]

    def __str__(self):
        return self.headline or f"{self.critic} on {self.film.title}"

    def get_absolute_url(self) -> str:
        return reverse("critics:review", kwargs={"pk": self.pk})

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ArticleQuerySet(PublishableQuerySet["Article"]):
    def for_listing(self) -> Self:
        return self.select_related("author")


class ArticleKind(models.TextChoices):
    NEWS = "news", "News"
    FEATURE = "feature", "Feature"


class Article(Publishable):
    Kind = ArticleKind

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEWS)
    standfirst = models.TextField(blank=True, help_text="The short introduction under the title.")
    body = models.TextField(blank=True, help_text="Blank lines separate paragraphs.")
    author = models.ForeignKey(
        Critic, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    related_films = models.ManyToManyField(Film, blank=True, related_name="articles")
    original_url = models.URLField("original URL", max_length=500, blank=True)
    tags = TaggableManager(blank=True)
    search_vector = search_vector_field({"title": "A", "standfirst": "B", "body": "C"})

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "share_secret"])

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = editorial_permissions("article", "articles")
        indexes = [
            models.Index(fields=["status", "publish_at", "id"], name="article_published_idx"),
            SearchVectorIndex(name="article_search_gin"),
        ]
        constraints = [
            *publishing_constraints("article"),
            models.CheckConstraint(
                condition=Q(kind__in=ArticleKind.values), name="article_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("critics:article", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
