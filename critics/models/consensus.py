"""One stored row per film with its consensus figures, rebuilt by services.consensus."""

from decimal import Decimal
from typing import Literal

from django.db import models
from django.db.models import Q

from critics.models.content import Review, Verdict
from films.models import Film


class FilmConsensus(models.Model):
    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, primary_key=True, related_name="consensus"
    )
    review_count = models.PositiveIntegerField(default=0)
    positive_count = models.PositiveIntegerField(default=0)
    mixed_count = models.PositiveIntegerField(default=0)
    negative_count = models.PositiveIntegerField(default=0)
    unrated_count = models.PositiveIntegerField(default=0)
    # Raw figures, kept even while provisional; pages and the API hide them then.
    percent_positive = models.PositiveSmallIntegerField(null=True, blank=True)
    average_score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    provisional = models.BooleanField(default=True)
    label = models.CharField(max_length=40, default="Not enough reviews")
    label_basis = models.CharField(max_length=20, blank=True)
    agreement = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    majority_verdict = models.CharField(  # noqa: DJ001
        max_length=10, choices=Verdict.choices, null=True, blank=True
    )
    scored_count = models.PositiveIntegerField(
        default=0, help_text="Reviews with a score (a rating); the average comes from these."
    )
    score_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="Band of the average score, only once enough reviews have a score.",
    )
    # {"rating": n, "critic": n, "editor": n, "model": n} over the counted verdicts.
    verdict_sources = models.JSONField(default=dict, blank=True)
    top_critic_review_count = models.PositiveIntegerField(default=0)
    top_critic_percent_positive = models.PositiveSmallIntegerField(null=True, blank=True)
    top_critic_average_score = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    top_critic_provisional = models.BooleanField(default=True)
    score_histogram = models.JSONField(default=list, blank=True)
    aspects = models.JSONField(default=list, blank=True)
    quote_review_ids = models.JSONField(default=list, blank=True)
    dissent_review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_statement = models.TextField(blank=True)
    statement_citations = models.JSONField(default=list, blank=True)
    editor_statement = models.TextField(
        "editor's statement",
        blank=True,
        help_text="If set, readers see this instead of the generated statement.",
    )
    computed_at = models.DateTimeField(null=True, blank=True)
    next_change_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When a scheduled review of this film goes live and the figures must be rebuilt.",
    )

    class Meta:
        verbose_name = "film consensus"
        verbose_name_plural = "film consensus"
        indexes = [
            models.Index(fields=["-average_score"]),
            models.Index(fields=["-percent_positive"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_positive__isnull=True) | Q(percent_positive__lte=100),
                name="consensus_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(average_score__isnull=True)
                | Q(average_score__gte=0, average_score__lte=100),
                name="consensus_average_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=Q(agreement__isnull=True) | Q(agreement__gte=0, agreement__lte=1),
                name="consensus_agreement_between_0_and_1",
            ),
        ]

    def __str__(self):
        return f"Consensus on {self.film}"

    @property
    def statement(self) -> str:
        return self.editor_statement or self.generated_statement

    @property
    def statement_source(self) -> Literal["editor", "generated"]:
        return "editor" if self.editor_statement else "generated"

    @property
    def rated_count(self) -> int:
        return self.positive_count + self.mixed_count + self.negative_count

    @property
    def public_percent_positive(self) -> int | None:
        return None if self.provisional else self.percent_positive

    @property
    def public_average_score(self) -> Decimal | None:
        return None if self.provisional else self.average_score

    @property
    def public_top_critic_percent_positive(self) -> int | None:
        return None if self.top_critic_provisional else self.top_critic_percent_positive

    @property
    def public_top_critic_average_score(self) -> Decimal | None:
        return None if self.top_critic_provisional else self.top_critic_average_score
