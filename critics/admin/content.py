from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import ngettext

from critics.admin.imports import ReviewImportExportMixin
from critics.consensus.ratings import RatingError, parse_rating
from critics.models import Article, Critic, Publication, Review
from critics.services.publishing import publish, withdraw
from critics.services.reviews import delete_reviews, save_review
from reviews_site.admin_display import thumbnail_html


class PublishingActionsMixin:
    actions = ["publish_selected", "withdraw_selected"]

    @admin.action(description="Publish selected %(verbose_name_plural)s")
    def publish_selected(self, request, queryset):
        changed = publish(queryset=queryset)
        self.message_user(
            request,
            ngettext("%(count)d item was published.", "%(count)d items were published.", changed)
            % {"count": changed},
            messages.SUCCESS if changed else messages.WARNING,
        )

    @admin.action(description="Withdraw selected %(verbose_name_plural)s")
    def withdraw_selected(self, request, queryset):
        changed = withdraw(queryset=queryset)
        self.message_user(
            request,
            ngettext("%(count)d item was withdrawn.", "%(count)d items were withdrawn.", changed)
            % {"count": changed},
            messages.SUCCESS if changed else messages.WARNING,
        )


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "is_top_publication", "rating_scale", "review_count"]
    list_filter = ["is_top_publication"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_review_count=Count("reviews"))

    @admin.display(description="Reviews", ordering="_review_count")
    def review_count(self, publication):
        return publication._review_count


@admin.register(Critic)
class CriticAdmin(admin.ModelAdmin):
    list_display = [
        "photo_thumbnail",
        "name",
        "is_top_critic",
        "active",
        "is_unattributed",
        "user",
        "review_count",
    ]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["is_top_critic", "active", "is_unattributed", "publications"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "social_handle"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "publications"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_review_count=Count("reviews"))

    @admin.display(description="Photo")
    def photo_thumbnail(self, critic):
        return thumbnail_html(critic.photo, critic.photo_alt or critic.name)

    @admin.display(description="Reviews", ordering="_review_count")
    def review_count(self, critic):
        return critic._review_count


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = [
            "film",
            "critic",
            "publication",
            "is_unsigned",
            "headline",
            "tags",
            "body",
            "pull_quote",
            "original_url",
            "published_on",
            "rating",
            "verdict",
            "verdict_note",
            "status",
            "publish_at",
        ]

    def clean(self):
        cleaned = super().clean()
        publication = cleaned.get("publication")
        try:
            parse_rating(
                cleaned.get("rating", ""),
                scale=publication.rating_scale if publication else None,
            )
        except RatingError as error:
            # The rating stays as typed; the editor fixes it or sets the publication's scale.
            self.add_error("rating", str(error))
        return cleaned


@admin.register(Review)
class ReviewAdmin(ReviewImportExportMixin, PublishingActionsMixin, admin.ModelAdmin):
    form = ReviewForm
    list_display = [
        "__str__",
        "film",
        "critic",
        "publication",
        "rating",
        "score",
        "verdict",
        "status",
        "publish_at",
    ]
    list_filter = [
        "status",
        "verdict",
        "critic__is_top_critic",
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
        "suggested_verdict",
        "quote",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["film", "critic", "publication", "is_unsigned", "headline", "tags"]}),
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
                    "verdict_note",
                ],
                "description": "Type the rating exactly as published; the score is derived "
                "from it on save. Set a verdict only when the critic gave no rating (or to "
                "override it).",
            },
        ),
        ("Publishing", {"fields": ["status", "publish_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="Suggested verdict")
    def suggested_verdict(self, review):
        suggestion = (review.analysis or {}).get("suggestion")
        if not suggestion:
            return "— (no text to judge yet)"
        return (
            f"{suggestion['verdict']} (confidence {suggestion['confidence']:.2f}), "
            "from the wording of the text; a hint only, never stored as the verdict"
        )

    def save_model(self, request, obj, form, change):
        previous_film = form.initial.get("film") if change else None
        save_review(review=obj, previous_film_id=previous_film)

    def delete_model(self, request, obj):
        delete_reviews(queryset=Review.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        delete_reviews(queryset=queryset)


@admin.register(Article)
class ArticleAdmin(PublishingActionsMixin, admin.ModelAdmin):
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
        ("Publishing", {"fields": ["status", "publish_at", "created_at", "updated_at"]}),
    ]
