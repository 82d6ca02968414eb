from django.contrib import admin, messages

from critics import permissions
from critics.admin.forms import ArticleForm, ReviewForm, rating_summary
from critics.admin.imports import ReviewImportExportMixin
from critics.admin.suggestions import SuggestedVerdictsAdmin, SuggestionFilter
from critics.admin.workflow import EditorialAdmin
from critics.models import Article, Review
from critics.services.reviews import delete_reviews, save_review

__all__ = ["ArticleAdmin", "ReviewAdmin", "ReviewForm"]

PUBLISHING_FIELDS = ["status", "publish_at", "created_at", "updated_at"]


def feedback_fieldset(description):
    return ("Editor's feedback", {"fields": ["editor_feedback"], "description": description})


def with_feedback(fieldsets, obj, *, sends_back: bool):
    """Critics see an editor's note first; whoever sends work back (permission to publish)
    keeps the field with the others."""
    if sends_back:
        note = "Say what to change, then “Save and send back”: the critic sees it on this form."
        return [*fieldsets, feedback_fieldset(note)]
    if obj is not None and obj.editor_feedback:
        note = "The editor's note from when this was sent back to you."
        return [feedback_fieldset(note), *fieldsets]
    return fieldsets


class TopCriticListFilter(admin.BooleanFieldListFilter):
    """Filters on the review's own top-critic status (its field name reads oddly as a title)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "top critic (for this review)"


@admin.register(Review)
class ReviewAdmin(ReviewImportExportMixin, SuggestedVerdictsAdmin, EditorialAdmin):
    form = ReviewForm
    actions = [*EditorialAdmin.actions, "accept_suggested_verdicts"]
    list_display = [
        "__str__",
        "film",
        "critic",
        "publication",
        "rating",
        "score",
        "counts_as",
        "suggestion",
        "status",
        "publish_at",
    ]
    list_filter = [
        "status",
        "verdict",
        "verdict_source",
        SuggestionFilter,
        ("is_top_critic", TopCriticListFilter),
        "publish_at",
        ("film", admin.RelatedOnlyFieldListFilter),
        ("critic", admin.RelatedOnlyFieldListFilter),
        ("publication", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["film", "critic", "publication"]
    search_fields = ["headline", "film__title", "critic__name", "publication__name", "body"]
    autocomplete_fields = ["film", "critic", "publication"]
    date_hierarchy = "publish_at"
    readonly_fields = [
        "score",
        "counted_verdict",
        "verdict_source",
        "suggested_verdict",
        "quote",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "film",
                    "critic",
                    "publication",
                    "is_unsigned",
                    "is_top_critic",
                    "headline",
                    "tags",
                ]
            },
        ),
        ("Text", {"fields": ["body", "pull_quote", "quote", "original_url", "published_on"]}),
        (
            "Rating and verdict",
            {
                "fields": [
                    "rating",
                    "score",
                    "verdict",
                    "suggested_verdict",
                    "counted_verdict",
                    "verdict_source",
                    "verdict_note",
                ],
                "description": "Type the rating exactly as published; the score is derived "
                "from it on save. Set a verdict only when the critic gave no rating (or to "
                "override it). Readers are told where each verdict comes from: the critic's "
                "rating, the critic's own verdict, an editor's reading, or the text model's "
                "suggestion accepted by an editor.",
            },
        ),
        (
            "Publishing",
            {
                "fields": PUBLISHING_FIELDS,
                "description": "Use the buttons below the form to submit, publish, send back "
                "or withdraw. A publication time in the future schedules the review.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_fieldsets(self, request, obj=None):
        fieldsets = with_feedback(
            super().get_fieldsets(request, obj), obj, sends_back=self.may_publish(request)
        )
        if permissions.can_write_verdict_note(request.user):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "verdict_note"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.has_perm(permissions.SET_EDITOR_VERDICT):
            fields = [*fields, "is_top_critic"]  # editors decide who counts as a top critic
        return [*fields, *self.editors_verdict_fields(request, obj)]

    def editors_verdict_fields(self, request, obj) -> list[str]:
        """The verdict fields this user may not set on this review (none for editors)."""
        if request.user.has_perm(permissions.SET_EDITOR_VERDICT):
            return []
        # Judge by the review as stored: a restore shows an old revision as `obj`.
        stored = Review.objects.only("verdict_source").filter(pk=obj.pk).first() if obj else None
        if stored is None or permissions.can_set_verdict(request.user, stored):
            return ["verdict_note"]
        return ["verdict", "verdict_note"]

    def save_model(self, request, obj, form, change):
        if change:
            # Fields left out of the form are never posted, but restoring an old revision
            # saves all of that revision: the editors' verdict fields keep today's values.
            kept = self.editors_verdict_fields(request, obj)
            if "verdict" in kept:
                kept.append("verdict_source")
            if kept:
                stored = Review.objects.filter(pk=obj.pk).values(*kept).get()
                for name, value in stored.items():
                    setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def save_item(self, request, obj, form, change):
        previous_film = form.initial.get("film") if change else None
        save_review(review=obj, previous_film_id=previous_film)
        self.message_user(request, rating_summary(obj), messages.INFO)

    def delete_model(self, request, obj):
        delete_reviews(queryset=Review.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        delete_reviews(queryset=queryset)


@admin.register(Article)
class ArticleAdmin(EditorialAdmin):
    form = ArticleForm
    list_display = ["title", "kind", "author", "status", "publish_at"]
    list_filter = ["status", "kind", "publish_at", ("author", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["author"]
    search_fields = ["title", "standfirst", "body", "author__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "related_films"]
    date_hierarchy = "publish_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "author", "related_films", "tags"]}),
        ("Text", {"fields": ["standfirst", "body", "original_url"]}),
        ("Publishing", {"fields": PUBLISHING_FIELDS}),
    ]

    def get_fieldsets(self, request, obj=None):
        return with_feedback(
            super().get_fieldsets(request, obj), obj, sends_back=self.may_publish(request)
        )
