"""Sign-in pauses per (username, address) pair and per account, on django-axes' records.

Axes has one failure limit for every lockout parameter it counts. We want two: a low
one for one username from one address (typos, a single guesser) and a higher one for
the account across every address, so an attacker rotating addresses gets a bounded
number of guesses per cool-off (OWASP ASVS 2.2.1) without a stranger being able to
lock an editor out for long from anywhere with a handful of tries. The account count
reads axes' own AccessAttempt rows, so `axes_reset` / `axes_reset_username` lift both.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from core.ratelimit import client_ip


class SignInRequest(HttpRequest):
    """A sign-in request as axes hands it on: with the attributes axes and this module set
    on it (for the type checker; axes sets them on the plain request)."""

    axes_locked_out: bool
    axes_credentials: dict[str, object] | None
    axes_ip_address: str | None
    sign_in_paused_for_account: bool


def sign_in_client_address(request: HttpRequest) -> str | None:
    """The address axes keys a pair on: the client's, with IPv6 widened to its /64.

    One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses
    would hand an attacker billions of fresh (username, address) pairs.
    """
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)


def account_failures(request: HttpRequest, credentials: dict[str, object] | None = None) -> int:
    """Failed sign-ins for this username from every address within the cool-off."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=get_cool_off_threshold(request)
    )
    total: int | None = recent.aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def account_is_paused(request: HttpRequest, credentials: dict[str, object] | None = None) -> bool:
    return account_failures(request, credentials) >= settings.SIGN_IN_FAILURES_PER_ACCOUNT


class PairAndAccountHandler(AxesDatabaseHandler):
    """Axes' database handler, plus a pause once the whole account reaches its limit."""

    def is_locked(
        self, request: SignInRequest, credentials: dict[str, object] | None = None
    ) -> bool:
        if super().is_locked(request, credentials):
            return True
        if account_is_paused(request, credentials):
            # Read by templates/admin/locked_out.html to say why.
            request.sign_in_paused_for_account = True
            return True
        return False

    def user_login_failed(
        self,
        sender: object,
        credentials: dict[str, object],
        request: SignInRequest | None = None,
        **kwargs: object,
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if account_is_paused(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.sign_in_paused_for_account = True
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
