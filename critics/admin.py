from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import ngettext

from critics.models import Article, Critic, Publication, Review
from critics.services.publishing import publish, withdraw
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


@admin.register(Review)
class ReviewAdmin(PublishingActionsMixin, admin.ModelAdmin):
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
    readonly_fields = ["score", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["film", "critic", "publication", "headline", "tags"]}),
        ("Text", {"fields": ["body", "pull_quote", "original_url", "published_on"]}),
        ("Rating", {"fields": ["rating", "score", "verdict", "verdict_note"]}),
        ("Publishing", {"fields": ["status", "publish_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")


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
