"""Signed, expiring share links that show an unpublished review or article to anyone.

The token names the exact object and carries its own expiry, signed with the
SECRET_KEY (django.core.signing) and the item's own share secret, so a link cannot be
altered to open another item or to last longer. Changing the secret ends every link
made before: revoking does it, and so does withdrawing the item
(critics.services.workflow), so a link never shows work that was taken down.

Links show drafts, submitted work and scheduled items. A withdrawn item is refused
even with a valid link; a published one is public anyway.
"""

import secrets
from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

from critics.models import PublishingStatus
from critics.permissions import Work

SALT = "critics.share-link"
DEFAULT_VALID_FOR = timedelta(days=7)
QUERY_PARAMETER = "share"


def can_be_shared(obj: Work) -> bool:
    """Is this item one a share link is for (not yet live, and never taken down)?"""
    return obj.status != PublishingStatus.WITHDRAWN and not obj.is_public


def _signing_salt(secret: str) -> str:
    # The secret is part of the signature, never of the token: links do not carry it.
    return f"{SALT}:{secret}"


def _current_secret(obj: Work) -> str:
    """The item's stored share secret, made on first use; also set on ``obj``.

    Read back from the database, so two editors making links at once get one secret
    and neither link is ended by the other."""
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    rows.filter(share_secret="").update(share_secret=secrets.token_urlsafe(32))
    secret: str = rows.values_list("share_secret", flat=True).get()
    obj.share_secret = secret
    return secret


def make_share_token(
    obj: Work, *, valid_for: timedelta = DEFAULT_VALID_FOR, now: datetime | None = None
) -> str:
    expires = (now or timezone.now()) + valid_for
    payload = {"model": obj._meta.label_lower, "pk": obj.pk, "exp": int(expires.timestamp())}
    return signing.dumps(payload, salt=_signing_salt(_current_secret(obj)), compress=True)


def share_token_allows(token: str | None, obj: Work, *, now: datetime | None = None) -> bool:
    """True when the token was made for this very object with its current share secret,
    has not expired, and the object is one links may show."""
    if not token or not obj.share_secret or not can_be_shared(obj):
        return False
    try:
        payload = signing.loads(token, salt=_signing_salt(obj.share_secret))
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


def share_path(
    obj: Work, *, valid_for: timedelta = DEFAULT_VALID_FOR, now: datetime | None = None
) -> str:
    token = make_share_token(obj, valid_for=valid_for, now=now)
    return f"{obj.get_absolute_url()}?{QUERY_PARAMETER}={token}"


def revoke_share_links(obj: Work) -> None:
    """End every share link made for this item so far; the next link gets a new secret."""
    type(obj)._base_manager.filter(pk=obj.pk).update(share_secret="")
    obj.share_secret = ""
