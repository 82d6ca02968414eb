"""Where uploaded catalogue images go, and in what form they are stored.

An upload is stored re-encoded by Pillow, named after the format Pillow found in it,
never after the name it came with. Re-encoding, rather than cutting the file at the
format's end marker, is what removes everything that is not the picture: data appended
after it (a PDF behind a PNG), data hidden inside it (JPEG comments and APPn segments,
PNG text chunks, GIF comment and application blocks) and the EXIF block with a camera's
GPS position. Only pixels, colour profile, transparency and animation timing survive.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

# The formats films.validators accepts, and how each is stored and served.
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


def _upload_path(folder: str, instance, filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    safe = slugify(stem or ext)[:80] or "image"
    return f"{folder}/{safe}.{ext.lower()}" if dot else f"{folder}/{safe}"


def poster_upload_to(instance, filename):
    return _upload_path("posters", instance, filename)


def person_photo_upload_to(instance, filename):
    return _upload_path("people", instance, filename)


def stored_image(upload) -> UploadedFile:
    """The checked upload (films.validators) re-encoded, named with its real format's
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


def _save_still(image, buffer, options: dict) -> None:
    image_format = image.format
    # Pillow copies a JPEG's or GIF's comment unless told not to.
    options = {**options, "comment": b""}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if image_format == "JPEG":
        # The upload's own quantisation tables and chroma subsampling: what Pillow's
        # quality="keep" does, and that also works on the rotated copy made below.
        options["qtables"] = image.quantization
        options["subsampling"] = JpegImagePlugin.get_sampling(image)
        options["progressive"] = "progressive" in image.info
    # A phone's portrait is stored sideways with an EXIF "rotate me": the EXIF is not
    # kept, so the rotation goes into the pixels.
    upright = ImageOps.exif_transpose(image)
    upright.save(buffer, image_format, **options)


def _webp_options(head: bytes) -> dict:
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


def _save_animation(image, buffer, frames: int, options: dict) -> None:
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
