"""Uploaded images (posters, photos) must be real, modest JPEG, PNG, WebP or GIF files.

Checked before anything decodes the pixels: the file size first, then the format and
dimensions from the header alone, so a "decompression bomb" (a small file that
expands to billions of pixels) is refused without ever being expanded. An animated GIF
keeps its animation; pages show thumbnails of its first frame. What passes is stored
re-encoded, under its real format's extension (stored_image, below).

An upload is stored re-encoded by Pillow, named after the format Pillow found in it,
never after the name it came with. Re-encoding, rather than cutting the file at the
format's end marker, is what removes everything that is not the picture: data appended
after it (a PDF behind a PNG), data hidden inside it (JPEG comments and APPn segments,
PNG text chunks, GIF comment and application blocks) and the EXIF block with a camera's
GPS position. Only pixels, colour profile, transparency and animation timing survive.
"""

import io
import warnings
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin, UnidentifiedImageError

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


def validate_image_upload(file: File | None) -> None:
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


def _check_first_frame_decodes(file: File, position: int) -> None:
    # Decode what thumbnails will read. A JPEG decodes at 1/8 scale (draft), reading
    # every byte cheaply; a GIF's first frame is decoded whole (its size was checked).
    file.seek(position)
    with Image.open(file) as image:
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()


def _check_format_and_size(image_format: str | None, width: int, height: int) -> None:
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted: upload a %(accepted)s file.",
            code="image_format",
            params={"format": image_format or "This kind of", "accepted": ACCEPTED},
        )
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
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
    re-encoded and named after its real format (stored_image)."""

    def __init__(self, *args, **kwargs):
        kwargs["help_text"] = HELP_TEXT
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        validate_image_upload(data)
        checked = super().to_python(data)
        return stored_image(checked) if checked is not None else None


# The formats validate_image_upload accepts, and how each is stored and served.
STORED_AS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
# Every frame of an animation is decoded to re-encode it: bound the work and memory as
# MAX_PIXELS bounds one frame (e.g. 100 frames of 1000 × 1000).
MAX_ANIMATION_PIXELS = 100_000_000
WEBP_QUALITY = 90


def stored_image(upload: File) -> UploadedFile:
    """The checked upload (validate_image_upload) re-encoded, named with its real format's
    extension and carrying its content type (object storage serves it with that)."""
    upload.seek(0)
    head = upload.read(64 * 1024)  # enough for a WebP's chunk headers before its pixels
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        if image_format not in STORED_AS:
            raise ValueError(f"{image_format} reached storage unchecked")  # a programming error
        extension, content_type = STORED_AS[image_format]
        frames = getattr(image, "n_frames", 1)
        buffer = io.BytesIO()
        options = _webp_options(head) if image_format == "WEBP" else {}
        if frames > 1:
            _save_animation(image, buffer, frames, options)
        else:
            _save_still(image, buffer, options)
    upload.seek(0)
    buffer.seek(0)
    stem = PurePath(upload.name or "image").stem or "image"
    return UploadedFile(
        file=buffer,
        name=f"{stem}.{extension}",
        content_type=content_type,
        size=buffer.getbuffer().nbytes,
    )


def _save_still(image: Image.Image, buffer: io.BytesIO, options: dict[str, Any]) -> None:
    image_format = image.format
    # Pillow copies a JPEG's or GIF's comment unless told not to.
    options = {**options, "comment": b""}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if image_format == "JPEG" and isinstance(image, JpegImagePlugin.JpegImageFile):
        # The upload's own quantisation tables and chroma subsampling: what Pillow's
        # quality="keep" does, and that also works on the rotated copy made below.
        options["qtables"] = image.quantization
        options["subsampling"] = JpegImagePlugin.get_sampling(image)
        options["progressive"] = "progressive" in image.info
    # A phone's portrait is stored sideways with an EXIF "rotate me": the EXIF is not
    # kept, so the rotation goes into the pixels.
    upright = ImageOps.exif_transpose(image)
    upright.save(buffer, image_format, **options)


def _webp_options(head: bytes) -> dict[str, Any]:
    """A lossless WebP stays lossless; a lossy one is re-encoded at a high quality."""
    position = 12  # after "RIFF", the size and "WEBP"
    while position + 8 <= len(head):
        kind = head[position : position + 4]
        if kind in (b"VP8 ", b"VP8L"):
            return {"lossless": True} if kind == b"VP8L" else {"quality": WEBP_QUALITY}
        if kind == b"ANMF":  # the first frame: its own chunks follow a 16-byte header
            position += 8 + 16
            continue
        size = int.from_bytes(head[position + 4 : position + 8], "little")
        position += 8 + size + (size & 1)
    return {"quality": WEBP_QUALITY}


def _save_animation(
    image: Image.Image, buffer: io.BytesIO, frames: int, options: dict[str, Any]
) -> None:
    width, height = image.size
    if frames * width * height > MAX_ANIMATION_PIXELS:
        raise ValidationError(
            "This animation is too long to store (%(frames)d frames of %(width)d × "
            "%(height)d pixels): at most %(limit)d megapixels in all. Shorten it, or "
            "upload a still image.",
            code="animation_too_long",
            params={
                "frames": frames,
                "width": width,
                "height": height,
                "limit": MAX_ANIMATION_PIXELS // 1_000_000,
            },
        )
    durations = []
    for frame in ImageSequence.Iterator(image):
        frame.load()  # WebP reads a frame's duration only when it decodes it
        durations.append(frame.info.get("duration", 100))
    image.seek(0)
    options = {**options, "save_all": True, "duration": durations, "comment": b""}
    if "loop" in image.info:
        options["loop"] = image.info["loop"]
    image.save(buffer, image.format, **options)
