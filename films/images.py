"""Where uploaded catalogue images go: a folder per kind, a slug of the uploaded name.

What is stored there is checked and re-encoded first (core/images.py).
"""

from django.db.models import Model
from django.utils.text import slugify


def _upload_path(folder: str, instance: Model, filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    safe = slugify(stem or ext)[:80] or "image"
    return f"{folder}/{safe}.{ext.lower()}" if dot else f"{folder}/{safe}"


def poster_upload_to(instance: Model, filename: str) -> str:
    return _upload_path("posters", instance, filename)


def person_photo_upload_to(instance: Model, filename: str) -> str:
    return _upload_path("people", instance, filename)
