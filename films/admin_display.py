"""Admin helpers shared by the catalogue and the critics' admin."""

from django.db import models
from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail

from core.images import CheckedImageFormField

THUMBNAIL_SIZE = "48x48"
PREVIEW_SIZE = "240x360"

# Every uploaded image in the admin is checked (format, size, pixels) with clear errors.
IMAGE_FORMFIELD_OVERRIDES = {models.ImageField: {"form_class": CheckedImageFormField}}


def thumbnail_html(image, alt: str = "", *, size: str = THUMBNAIL_SIZE, crop: str = "center"):
    """A small thumbnail (generated and cached by sorl-thumbnail), never the full upload."""
    if not image or not getattr(image, "_committed", True):
        return "—"  # nothing, or an upload the form refused (not stored, so no thumbnail)
    try:
        options = {"crop": crop} if crop else {}
        thumb = get_thumbnail(image, size, quality=80, **options)
    except (OSError, ValueError):
        # A missing or unreadable file must not break the whole page.
        return "(image unavailable)"
    if thumb.size is None:
        # sorl logs the failure and hands back an empty thumbnail instead of raising.
        return "(image unavailable)"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        thumb.url,
        thumb.width,
        thumb.height,
        alt,
    )


def image_preview_html(image, alt: str = ""):
    """A larger, uncropped thumbnail for change forms."""
    return thumbnail_html(image, alt, size=PREVIEW_SIZE, crop="")
