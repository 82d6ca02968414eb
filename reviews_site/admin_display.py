"""Admin helpers shared by the catalogue and the critics' admin."""

from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail

THUMBNAIL_SIZE = "48x48"


def thumbnail_html(image, alt: str = ""):
    """A small cropped thumbnail for admin lists, never the full upload."""
    if not image:
        return "—"
    try:
        thumb = get_thumbnail(image, THUMBNAIL_SIZE, crop="center", quality=80)
    except (OSError, ValueError):
        # A missing or unreadable file must not break the whole list page.
        return "(image unavailable)"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        thumb.url,
        thumb.width,
        thumb.height,
        alt,
    )
