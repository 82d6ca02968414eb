from django.contrib import admin
from django.db.models import Count

from core.admin_concurrency import VersionedAdmin
from critics import permissions
from critics.models import Critic, Publication
from films.admin_display import (
    IMAGE_FORMFIELD_OVERRIDES,
    image_preview_html,
    thumbnail_html,
)


def with_review_count(queryset, user):
    """Each row's number of reviews, counting only those this user may know of."""
    known = permissions.reviews_known_to(user, prefix="reviews__")
    return queryset.annotate(_review_count=Count("reviews", filter=known))


@admin.register(Publication)
class PublicationAdmin(VersionedAdmin, admin.ModelAdmin):
    list_display = ["name", "website", "is_top_publication", "rating_scale", "review_count"]
    list_filter = ["is_top_publication"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return with_review_count(super().get_queryset(request), request.user)

    @admin.display(description="Reviews", ordering="_review_count")
    def review_count(self, publication):
        return publication._review_count


@admin.register(Critic)
class CriticAdmin(VersionedAdmin, admin.ModelAdmin):
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
    readonly_fields = ["photo_preview"]
    formfield_overrides = IMAGE_FORMFIELD_OVERRIDES

    def get_queryset(self, request):
        return with_review_count(super().get_queryset(request), request.user)

    @admin.display(description="Photo")
    def photo_thumbnail(self, critic):
        return thumbnail_html(critic.photo, critic.photo_alt or critic.name)

    @admin.display(description="Current photo")
    def photo_preview(self, critic):
        return image_preview_html(critic.photo, critic.photo_alt or critic.name)

    @admin.display(description="Reviews", ordering="_review_count")
    def review_count(self, critic):
        return critic._review_count
