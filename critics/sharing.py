"""Signed, expiring share links that show an unpublished review or article to anyone.

The token names the exact object and carries its own expiry, signed with the
SECRET_KEY (django.core.signing), so nothing is stored and a link cannot be
altered to open another item or to last longer.
"""

from datetime import timedelta

from django.core import signing
from django.utils import timezone

SALT = "critics.share-link"
DEFAULT_VALID_FOR = timedelta(days=7)
QUERY_PARAMETER = "share"


def make_share_token(obj, *, valid_for: timedelta = DEFAULT_VALID_FOR, now=None) -> str:
    expires = (now or timezone.now()) + valid_for
    payload = {"model": obj._meta.label_lower, "pk": obj.pk, "exp": int(expires.timestamp())}
    return signing.dumps(payload, salt=SALT, compress=True)


def share_token_allows(token: str | None, obj, *, now=None) -> bool:
    """True when the token was made for this very object and has not expired."""
    if not token:
        return False
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return False
    if not isinstance(payload, dict):
        return False
    current = (now or timezone.now()).timestamp()
    return (
        payload.get("model") == obj._meta.label_lower
        and payload.get("pk") == obj.pk
        and isinstance(payload.get("exp"), int)
        and current < payload["exp"]
    )


def share_path(obj, *, valid_for: timedelta = DEFAULT_VALID_FOR, now=None) -> str:
    token = make_share_token(obj, valid_for=valid_for, now=now)
    return f"{obj.get_absolute_url()}?{QUERY_PARAMETER}={token}"
