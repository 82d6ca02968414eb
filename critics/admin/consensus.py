"""The consensus in the admin: figures on the film page, and the editor's statement."""

from django.contrib import admin, messages
from django.db.models import F
from django.utils.translation import ngettext

from critics.models import FilmConsensus
from critics.services.consensus import recompute_film_consensus
from films.admin import FilmAdmin
from films.models import Film

FIGURES = [
    "review_count",
    "positive_count",
    "mixed_count",
    "negative_count",
    "unrated_count",
    "percent_positive",
    "average_score",
    "provisional",
    "label",
    "agreement",
    "top_critic_review_count",
    "top_critic_percent_positive",
    "top_critic_average_score",
    "generated_statement",
    "computed_at",
]


def accept_generated_statements(queryset) -> int:
    """Make the generated statement the editor's own text; return how many changed."""
    return queryset.exclude(generated_statement="").update(
        editor_statement=F("generated_statement")
    )


class ConsensusInline(admin.StackedInline):
    model = FilmConsensus
    can_delete = False
    max_num = 1
    fields = ["editor_statement", *FIGURES]
    readonly_fields = FIGURES
    verbose_name = "Critics' consensus (rebuilt automatically from published reviews)"
    verbose_name_plural = verbose_name


@admin.register(FilmConsensus)
class FilmConsensusAdmin(admin.ModelAdmin):
    list_display = [
        "film",
        "percent_positive",
        "average_score",
        "label",
        "review_count",
        "provisional",
        "statement_source",
    ]
    list_filter = ["provisional", "label"]
    list_select_related = ["film"]
    search_fields = ["film__title"]
    fields = ["film", "editor_statement", *FIGURES]
    readonly_fields = ["film", *FIGURES]
    actions = ["use_generated_statement", "recompute"]

    def has_add_permission(self, request):
        return False  # rows are made by the consensus service, one per film

    @admin.display(description="Statement")
    def statement_source(self, consensus):
        return consensus.statement_source

    @admin.action(description="Use the generated statement as the editor's statement")
    def use_generated_statement(self, request, queryset):
        changed = accept_generated_statements(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d film now shows its generated statement as the editor's.",
                "%(count)d films now show their generated statement as the editor's.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description="Recompute the consensus now")
    def recompute(self, request, queryset):
        film_ids = list(queryset.values_list("film_id", flat=True))
        for film_id in film_ids:
            recompute_film_consensus(film_id)
        self.message_user(request, f"Recomputed {len(film_ids)} films.", messages.SUCCESS)


# critics builds on films: it adds the consensus to the catalogue's film page rather
# than the catalogue knowing about reviews.
admin.site.unregister(Film)


@admin.register(Film)
class FilmWithConsensusAdmin(FilmAdmin):
    actions = ["use_generated_statement"]

    def get_inlines(self, request, obj):
        # A film being added has no reviews yet, so no consensus to show.
        return [*FilmAdmin.inlines, ConsensusInline] if obj else FilmAdmin.inlines

    @admin.action(description="Use the generated consensus statement as the editor's statement")
    def use_generated_statement(self, request, queryset):
        changed = accept_generated_statements(FilmConsensus.objects.filter(film__in=queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d film now shows its generated statement as the editor's.",
                "%(count)d films now show their generated statement as the editor's.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )
