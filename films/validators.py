"""Uploaded images (posters, photos) must be real, modest JPEG, PNG, WebP or GIF files.

Checked before anything decodes the pixels: the file size first, then the format and
dimensions from the header alone, so a "decompression bomb" (a small file that
expands to billions of pixels) is refused without ever being expanded. An animated GIF
keeps its animation; pages show thumbnails of its first frame. What passes is stored
re-encoded, under its real format's extension (films.images).
"""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from films.images import stored_image

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 40 megapixels (e.g. 8000 × 5000) is far beyond any poster or portrait we show,
# and well below Pillow's own decompression-bomb threshold (~89 megapixels).
MAX_PIXELS = 40_000_000
ACCEPTED = "JPEG, PNG, WebP or GIF"
HELP_TEXT = f"{ACCEPTED} (the first frame of an animation is shown), at most 10 MB."
# Formats whose verify() checks little or nothing of the image data: a file cut short
# passes it and fails only later, when a thumbnail is made.
_DECODED_TO_CHECK = {"JPEG", "GIF"}


def validate_image_upload(file) -> None:
    """Raise ValidationError with a message an editor can act on."""
    if file is None or getattr(file, "_committed", False):
        return  # nothing uploaded, or a stored file that passed these checks on upload
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s. "
            "Save it smaller or at a lower quality and upload it again.",
            code="image_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1× and 2× its own limit; treat that as a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:  # reads the header only
                image_format, (width, height) = image.format, image.size
                _check_format_and_size(image_format, width, height)
                image.verify()  # structure and checksums, still without decoding pixels
            if image_format in _DECODED_TO_CHECK:
                _check_first_frame_decodes(file, position or 0)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not an image we can read (%(accepted)s). "
            "It may be damaged or another kind of file with an image's name.",
            code="not_an_image",
            params={"accepted": ACCEPTED},
        ) from error
    finally:
        if position is not None:
            file.seek(position)


def _check_first_frame_decodes(file, position: int) -> None:
    # Decode what thumbnails will read. A JPEG decodes at 1/8 scale (draft), reading
    # every byte cheaply; a GIF's first frame is decoded whole (its size was checked).
    file.seek(position)
    with Image.open(file) as image:
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()


def _check_format_and_size(image_format, width, height) -> None:
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted: upload a %(accepted)s file.",
            code="image_format",
            params={"format": image_format or "This kind of", "accepted": ACCEPTED},
        )
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width=None, height=None) -> ValidationError:
    size = f" ({width} × {height} pixels)" if width else ""
    return ValidationError(
        "This image is far too large%(size)s: at most %(limit)d megapixels are accepted. "
        "Resize it and upload it again.",
        code="image_too_many_pixels",
        params={"size": size, "limit": MAX_PIXELS // 1_000_000},
    )


class CheckedImageFormField(forms.ImageField):
    """The admin's image field: our clear checks run before Django's generic one, its
    help text says what they accept, and what it hands on to be stored is the image
    re-encoded and named after its real format (films.images.stored_image)."""

    def __init__(self, *args, **kwargs):
        kwargs["help_text"] = HELP_TEXT
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        validate_image_upload(data)
        checked = super().to_python(data)
        return stored_image(checked) if checked is not None else None
