"""Uploaded CSV files waiting between the import's check and its confirmation.

They go through Django's storage API, to the "imports" storage (settings.STORAGES): a
private folder, or a private prefix of the media bucket. Not the app server's own temp
folder: behind a load balancer the confirmation may reach another server than the upload.

A staged file is named by its uploader's id and a random key; only the key travels in
the preview's (signed) form, and the file is looked up under the id of whoever
confirms, so another editor's request cannot even name it. Confirming or cancelling
deletes it; each new upload deletes files left for longer than STALE_AFTER.
"""

import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

STORAGE = "imports"
# Far past the preview's own life (an hour): a margin for clocks that differ between
# app servers and the storage, and files a crashed request left behind go all the same.
STALE_AFTER = timedelta(days=1)


class StagedFileMissing(Exception):
    """The staged file is gone: confirmed or cancelled already, or swept as stale."""


def _storage():
    return storages[STORAGE]


def _name(key: str, user_id: int) -> str:
    return f"{user_id}-{key}.csv"


def stage(data: bytes, *, user_id: int) -> str:
    """Keep an upload for this user until confirmed; returns its key (random, unguessable)."""
    remove_stale()
    key = secrets.token_urlsafe(24)
    _storage().save(_name(key, user_id), ContentFile(data))
    return key


def read(key: str, *, user_id: int) -> bytes:
    """The staged file's bytes, if this user staged it and it is still there."""
    try:
        with _storage().open(_name(key, user_id), "rb") as staged:
            return staged.read()
    except FileNotFoundError as error:
        raise StagedFileMissing(key) from error


def discard(key: str, *, user_id: int) -> None:
    _storage().delete(_name(key, user_id))


def remove_stale(*, now=None) -> int:
    """Delete staged files older than STALE_AFTER; returns how many."""
    storage, cutoff = _storage(), (now or timezone.now()) - STALE_AFTER
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:  # nothing staged yet: the folder is made by the first save
        return 0
    removed = 0
    for name in names:
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                removed += 1
        except FileNotFoundError:  # another server swept or confirmed it meanwhile
            continue
    return removed
