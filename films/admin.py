from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from core.admin_concurrency import VersionedAdmin
from films.admin_display import (
    IMAGE_FORMFIELD_OVERRIDES,
    image_preview_html,
    thumbnail_html,
)
from films.models import Credit, Film, Person


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character_name", "job_title", "order"]


@admin.register(Film)
class FilmAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = [
        "poster_thumbnail",
        "title",
        "release_year",
        "release_date",
        "distributor",
        "tag_list",
    ]
    list_display_links = ["poster_thumbnail", "title"]
    list_filter = ["release_year", "country", "language", "tags"]
    search_fields = ["title", "original_title", "slug", "credits__person__name"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "release_date"
    inlines = [CreditInline]
    readonly_fields = ["poster_preview", "created_at", "updated_at"]
    formfield_overrides = IMAGE_FORMFIELD_OVERRIDES
    fieldsets = [
        (None, {"fields": ["title", "original_title", "slug", "tags"]}),
        (
            "Release",
            {"fields": ["release_year", "release_date", "wide_release_date", "distributor"]},
        ),
        ("Details", {"fields": ["runtime_minutes", "country", "language", "synopsis"]}),
        (
            "Poster",
            {
                "fields": ["poster_preview", "poster", "poster_alt"],
                "description": "JPEG, PNG or WebP, at most 10 MB and 40 megapixels. "
                "A poster needs its alt text.",
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="Poster")
    def poster_thumbnail(self, film):
        return thumbnail_html(film.poster, film.poster_alt or f"Poster for {film.title}")

    @admin.display(description="Current poster")
    def poster_preview(self, film):
        return image_preview_html(film.poster, film.poster_alt or f"Poster for {film.title}")

    @admin.display(description="Genres and keywords")
    def tag_list(self, film):
        return ", ".join(tag.name for tag in film.tags.all())


@admin.register(Person)
class PersonAdmin(VersionedAdmin, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "slug", "credit_count"]
    list_display_links = ["photo_thumbnail", "name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    formfield_overrides = IMAGE_FORMFIELD_OVERRIDES

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_credit_count=Count("credits"))

    @admin.display(description="Photo")
    def photo_thumbnail(self, person):
        return thumbnail_html(person.photo, person.photo_alt or person.name)

    @admin.display(description="Current photo")
    def photo_preview(self, person):
        return image_preview_html(person.photo, person.photo_alt or person.name)

    @admin.display(description="Credits", ordering="_credit_count")
    def credit_count(self, person):
        return person._credit_count


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["film", "person", "role", "character_name", "order"]
    list_filter = ["role"]
    list_select_related = ["film", "person"]
    search_fields = ["film__title", "person__name", "character_name"]
    autocomplete_fields = ["film", "person"]
