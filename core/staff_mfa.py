"""Two-step sign-in for staff: an authenticator app's code (TOTP, django-otp) after the password.

Staff who have set up an app must give its current code with their password; a wrong
code counts as a failed sign-in for django-axes, and django-otp slows repeated wrong
codes and never accepts the same code twice. With settings.REQUIRE_STAFF_MFA on, staff
without an app are sent to set one up and reach nothing else in the admin until they do.
"""

from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

# What the admin gate asks of a signed-in staff member before showing a page.
ENROL = "enrol"
SIGN_IN_WITH_CODE = "sign-in-with-code"

DEVICE_NAME = "Authenticator app"


def code_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        **kwargs,
    )


def normalised_code(value: str | None) -> str:
    return "".join((value or "").split())


def has_authenticator(user: User | AnonymousUser) -> bool:
    return next(iter(devices_for_user(user)), None) is not None


def step_needed(user: User | AnonymousUser) -> str | None:
    """What a signed-in staff member must do before using the admin, or None."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    if user.is_verified():  # type: ignore[attr-defined]  # added by django-otp's middleware
        return None
    if has_authenticator(user):
        # A session from before the app was set up (or set up for them by an admin).
        return SIGN_IN_WITH_CODE
    return ENROL if settings.REQUIRE_STAFF_MFA else None


def check_code(user: User, code: str) -> Device | None:
    """The user's confirmed device that accepts this code, or None (codes are single-use)."""
    for device in list(devices_for_user(user)):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def is_slowed_down(user: User) -> bool:
    """django-otp's back-off after wrong codes: 1, 2, 4, 8… seconds before the next try."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's sign-in form with the authenticator code for accounts that have an app."""

    otp_token = code_field(
        label="Authenticator code",
        required=False,
        help_text="Only if your account has an authenticator app: the 6-digit code it shows.",
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": "This account uses an authenticator app: enter the code it shows now.",
        "code_invalid": "That authenticator code is wrong or already used. "
        "Enter the code your app shows now.",
        "code_slowed": "Too many wrong codes in a row: wait a few seconds, then enter the "
        "code your app shows now.",
    }

    def clean(self):
        cleaned_data = super().clean()  # checks the password (and axes' pause) first
        user = self.get_user()
        if user is not None and has_authenticator(user):
            self.clean_code(user, normalised_code(cleaned_data.get("otp_token")))
        return cleaned_data

    def clean_code(self, user, code):
        if not code:
            raise ValidationError(self.error_messages["code_required"], code="code_required")
        device = check_code(user, code)
        if device is None:
            # A wrong code is a guess like a wrong password: axes counts it.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            slowed = is_slowed_down(user)
            key = "code_slowed" if slowed else "code_invalid"
            raise ValidationError(self.error_messages[key], code=key)
        # django-otp's user_logged_in handler marks the session as verified by this device.
        user.otp_device = device


class EnrolmentForm(forms.Form):
    otp_token = code_field(label="Code from the app")

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        code = normalised_code(self.cleaned_data["otp_token"])
        if verify_token(self.device.user, self.device.persistent_id, code) is None:
            raise ValidationError(
                "That code does not match. Check the app shows “Film critics' CMS”, "
                "then enter the code it shows now."
            )
        return code


def pending_device(user: User) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so a reload keeps the QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice) -> None:
    """The app is set up: keep it, drop other half-set-up ones, trust this session."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)


def qr_code_svg(text: str) -> str:
    # A white background, so the code scans in the admin's dark theme too.
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg


def grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrol_view(request, admin_site):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code."""
    context = {**admin_site.each_context(request), "title": "Two-step sign-in"}
    if step_needed(request.user) == ENROL:
        # Every other admin page sends them back here until they have an app.
        context["is_nav_sidebar_enabled"] = False
    if has_authenticator(request.user):
        context["already_set_up"] = True
        return TemplateResponse(request, "admin/staff_mfa_enrol.html", context)
    device = pending_device(request.user)
    form = EnrolmentForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        confirm_enrolment(request, device)
        messages.success(
            request, "Two-step sign-in is on: from now on, sign in with a code from your app."
        )
        return redirect("admin:index")
    context.update(
        form=form,
        # Drawn by qrcode as squares only: no text of anyone's reaches the markup.
        qr_code=mark_safe(qr_code_svg(device.config_url)),
        secret=grouped_secret(device),
        required=settings.REQUIRE_STAFF_MFA,
    )
    return TemplateResponse(request, "admin/staff_mfa_enrol.html", context)
