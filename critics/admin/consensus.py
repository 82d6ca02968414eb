"""The consensus in the admin: figures on the film page, and the editor's statement."""

from django.contrib import admin, messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils.translation import ngettext

from consensus.verdicts import describe_verdict_sources
from core.content_version import content_changed
from critics.models import FilmConsensus, Review
from critics.permissions import CHANGE_CONSENSUS, work_visible_to
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
    "scored_count",
    "score_label",
    "provisional",
    "label",
    "verdict_source_summary",
    "agreement",
    "top_critic_review_count",
    "top_critic_percent_positive",
    "top_critic_average_score",
    "generated_statement",
    "computed_at",
]


USE_GENERATED = "_use_generated_statement"


class VerdictSourcesMixin:
    @admin.display(description="Where the verdicts come from")
    def verdict_source_summary(self, consensus):
        return describe_verdict_sources(
            consensus.verdict_sources or {},
            rated=consensus.rated_count,
            scored=consensus.scored_count,
        )


def accept_generated_statements(queryset) -> int:
    """Make the generated statement the editor's own text; return how many changed."""
    count = queryset.exclude(generated_statement="").update(
        editor_statement=F("generated_statement")
    )
    content_changed()  # update() sends no signal for the page cache to hear
    return count


def accepted_message(count: int) -> str:
    return ngettext(
        "%(count)d film now shows its generated statement as the editor's.",
        "%(count)d films now show their generated statement as the editor's.",
        count,
    ) % {"count": count}


class ConsensusInline(VerdictSourcesMixin, admin.StackedInline):
    model = FilmConsensus
    can_delete = False
    max_num = 1
    fields = ["editor_statement", *FIGURES]
    readonly_fields = FIGURES
    verbose_name = "Critics' consensus (rebuilt automatically from published reviews)"
    verbose_name_plural = verbose_name


@admin.register(FilmConsensus)
class FilmConsensusAdmin(VerdictSourcesMixin, admin.ModelAdmin):
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

    def has_add_permission(self, request, *args):
        return False  # rows are made by the consensus service, one per film

    @admin.display(description="Statement")
    def statement_source(self, consensus):
        return consensus.statement_source

    @admin.action(
        description="Use the generated statement as the editor's statement",
        permissions=["change"],
    )
    def use_generated_statement(self, request, queryset):
        changed = accept_generated_statements(queryset)
        self.message_user(request, accepted_message(changed), messages.SUCCESS)

    @admin.action(description="Recompute the consensus now", permissions=["change"])
    def recompute(self, request, queryset):
        film_ids = list(queryset.values_list("film_id", flat=True))
        for film_id in film_ids:
            recompute_film_consensus(film_id)
        self.message_user(request, f"Recomputed {len(film_ids)} films.", messages.SUCCESS)


class FilmReviewsInline(admin.TabularInline):
    """The film's reviews, read-only; each links to its own page."""

    model = Review
    fields = ["critic", "publication", "rating", "score", "counted_verdict", "status", "publish_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "Reviews of this film"

    def get_queryset(self, request):
        reviews = super().get_queryset(request).select_related("critic", "publication")
        return work_visible_to(request.user, reviews)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# critics builds on films: it adds the consensus to the catalogue's film page rather
# than the catalogue knowing about reviews.
admin.site.unregister(Film)


@admin.register(Film)
class FilmWithConsensusAdmin(FilmAdmin):
    """A film's facts follow the films app's permissions (add, change, delete film); its
    consensus statement, the critics app's (change film consensus)."""

    actions = ["use_generated_statement"]

    def has_consensus_permission(self, request):
        return request.user.has_perm(CHANGE_CONSENSUS)

    def get_inlines(self, request, obj):
        # A film being added has no reviews yet, so no consensus to show.
        if obj is None:
            return FilmAdmin.inlines
        return [*FilmAdmin.inlines, ConsensusInline, FilmReviewsInline]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        consensus = FilmConsensus.objects.filter(film=obj).first() if obj else None
        context["generated_statement"] = (
            consensus.generated_statement
            if consensus
            and consensus.generated_statement
            and consensus.generated_statement != consensus.editor_statement
            and self.has_consensus_permission(request)
            else ""
        )
        context["use_generated_field"] = USE_GENERATED
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inline: the one-click button wins over the statement field's text.
        if USE_GENERATED in request.POST and change and self.has_consensus_permission(request):
            changed = accept_generated_statements(FilmConsensus.objects.filter(film=form.instance))
            self.message_user(request, accepted_message(changed), messages.SUCCESS)

    def response_change(self, request, obj):
        if USE_GENERATED in request.POST:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(
        description="Use the generated consensus statement as the editor's statement",
        permissions=["consensus"],
    )
    def use_generated_statement(self, request, queryset):
        changed = accept_generated_statements(FilmConsensus.objects.filter(film__in=queryset))
        self.message_user(request, accepted_message(changed), messages.SUCCESS)
