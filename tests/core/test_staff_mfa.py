"""Two-step sign-in for staff: an authenticator app's code after the password (django-otp)."""

import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from critics.roles import EDITOR_GROUP

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _no_code_back_off(settings):
    # django-otp's back-off makes a second try within a second fail; tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("ann", "ann@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=EDITOR_GROUP)[0])
    return user


@pytest.fixture
def editor_with_app(editor):
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    return editor


def current_code(device, *, steps_ahead=0) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(username, password, code="", client=None):
    client = client or Client(REMOTE_ADDR="198.51.100.7")
    response = client.post(
        reverse("admin:login"),
        {
            "username": username,
            "password": password,
            "otp_token": code,
            "next": reverse("admin:index"),
        },
    )
    return client, response


def is_signed_in(client) -> bool:
    response = client.get(reverse("admin:index"))
    return response.status_code == 200 and "logout-form" in response.text


def test_the_sign_in_page_asks_for_the_authenticator_code():
    page = Client().get(reverse("admin:login")).text
    assert 'name="otp_token"' in page and "Authenticator code" in page
    assert 'autocomplete="one-time-code"' in page


def test_without_an_app_the_password_alone_signs_in_by_default(editor):
    client, response = sign_in("ann", PASSWORD)
    assert response.status_code == 302 and is_signed_in(client)


def test_with_an_app_the_password_alone_is_not_enough(editor_with_app):
    client, response = sign_in("ann", PASSWORD)
    assert response.status_code == 200
    assert "This account uses an authenticator app: enter the code it shows now." in (response.text)
    assert not is_signed_in(client)


def test_with_an_app_a_wrong_code_is_refused(editor_with_app):
    device = TOTPDevice.objects.get(user=editor_with_app)
    wrong = current_code(device, steps_ahead=5)
    client, response = sign_in("ann", PASSWORD, wrong)
    assert "That authenticator code is wrong or already used." in response.text
    assert not is_signed_in(client)


def test_with_an_app_the_right_code_signs_in(editor_with_app):
    device = TOTPDevice.objects.get(user=editor_with_app)
    client, response = sign_in("ann", PASSWORD, current_code(device))
    assert response.status_code == 302 and is_signed_in(client)


def test_a_code_cannot_be_used_twice(editor_with_app):
    device = TOTPDevice.objects.get(user=editor_with_app)
    code = current_code(device)
    assert is_signed_in(sign_in("ann", PASSWORD, code)[0])
    client, response = sign_in("ann", PASSWORD, code)  # replayed, e.g. shoulder-surfed
    assert "wrong or already used" in response.text
    assert not is_signed_in(client)


def test_a_right_code_with_a_wrong_password_is_refused(editor_with_app):
    device = TOTPDevice.objects.get(user=editor_with_app)
    client, response = sign_in("ann", "wrong-guess", current_code(device))
    assert "Please enter the correct username and password" in response.text
    assert not is_signed_in(client)


def test_wrong_codes_are_slowed_down(editor_with_app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = TOTPDevice.objects.get(user=editor_with_app)
    sign_in("ann", PASSWORD, current_code(device, steps_ahead=5))
    client, response = sign_in("ann", PASSWORD, current_code(device))  # right, but too soon
    assert "Too many wrong codes in a row" in response.text
    assert not is_signed_in(client)


def test_wrong_codes_count_towards_the_sign_in_pause(editor_with_app):
    device = TOTPDevice.objects.get(user=editor_with_app)
    wrong = current_code(device, steps_ahead=5)
    responses = [sign_in("ann", PASSWORD, wrong)[1] for _ in range(5)]
    assert [r.status_code for r in responses] == [200] * 4 + [429]
    _, response = sign_in("ann", PASSWORD, current_code(device))
    assert response.status_code == 429 and "Sign-in paused" in response.text


def test_a_session_from_before_the_app_was_set_up_must_sign_in_again(editor):
    client, _ = sign_in("ann", PASSWORD)
    assert is_signed_in(client)
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)  # set up elsewhere
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert not is_signed_in(client)


def enrol(client):
    page = client.get(reverse("admin:staff_mfa_enrol"))
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(key=b32decode(secret).hex())
    return page, device


def test_staff_set_up_an_app_themselves_and_then_need_its_code(editor):
    client, _ = sign_in("ann", PASSWORD)
    page, device = enrol(client)
    assert "<svg" in page.text and "scan this code" in page.text
    response = client.post(reverse("admin:staff_mfa_enrol"), {"otp_token": "000000"})
    assert "That code does not match" in response.text
    response = client.post(
        reverse("admin:staff_mfa_enrol"), {"otp_token": current_code(device)}, follow=True
    )
    assert "Two-step sign-in is on" in response.text
    assert is_signed_in(client)  # this session gave a code
    client.post(reverse("admin:logout"))
    assert not is_signed_in(sign_in("ann", PASSWORD)[0])
    assert is_signed_in(sign_in("ann", PASSWORD, current_code(device, steps_ahead=1))[0])


def test_when_required_staff_without_an_app_must_set_one_up_first(editor, settings):
    settings.REQUIRE_STAFF_MFA = True
    client, response = sign_in("ann", PASSWORD)
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("admin:staff_mfa_enrol")
    assert "Before you can use the CMS, set up two-step sign-in" in page.text
    assert 'id="nav-sidebar"' not in page.text  # no links that would only lead back here
    for blocked in ("admin:critics_review_changelist", "admin:password_change"):
        assert client.get(reverse(blocked))["Location"] == reverse("admin:staff_mfa_enrol")
    _, device = enrol(client)
    client.post(reverse("admin:staff_mfa_enrol"), {"otp_token": current_code(device)})
    assert is_signed_in(client)
    assert client.get(reverse("admin:critics_review_changelist")).status_code == 200


def test_when_required_staff_can_still_sign_out_before_setting_up(editor, settings):
    settings.REQUIRE_STAFF_MFA = True
    client, _ = sign_in("ann", PASSWORD)
    client.post(reverse("admin:logout"))
    response = client.get(reverse("admin:staff_mfa_enrol"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_an_administrator_resets_a_lost_app_by_deleting_the_device(editor_with_app):
    TOTPDevice.objects.filter(user=editor_with_app).delete()
    client, response = sign_in("ann", PASSWORD)
    assert response.status_code == 302 and is_signed_in(client)
