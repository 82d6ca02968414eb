"""Guessing one account's password from many addresses is paused too (OWASP ASVS 2.2.1).

Five failures for one username from one address pause that pair
(tests/core/test_login_lockout.py); twenty failures for one account from any addresses pause
the account, for everyone, for the same short cool-off. That is the accepted trade-off:
a stranger can make an editor wait 15 minutes, never lock them out for good.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
EDITORS_ADDRESS = "198.51.100.7"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("ann", "ann@example.com", PASSWORD)


def sign_in(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    return client, response


def is_signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def guess_from_many_addresses(username, guesses, per_address=4):
    """An attacker rotating addresses, staying under the per-address limit of 5."""
    responses = []
    for number in range(guesses):
        address = f"203.0.113.{number // per_address + 1}"
        responses.append(sign_in(username, "wrong-guess", address)[1])
    return responses


def test_rotating_addresses_pauses_the_account_after_twenty_guesses(editor):
    responses = guess_from_many_addresses("ann", 20)
    assert [r.status_code for r in responses[:19]] == [200] * 19
    assert responses[19].status_code == 429
    # A fresh address with the right password: still paused, and the page says why.
    client, response = sign_in("ann", PASSWORD, "192.0.2.50")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in paused" in page and "for 15 minutes" in page
    assert "Too many failed sign-in attempts for “ann” from several networks" in page
    assert not is_signed_in(client)
    # Only ann's account is paused: a colleague at one of those addresses signs in.
    get_user_model().objects.create_superuser("bob", "bob@example.com", PASSWORD)
    colleague, _ = sign_in("bob", PASSWORD, "203.0.113.1")
    assert is_signed_in(colleague)


def test_the_editor_waits_out_the_pause_and_signs_in(editor):
    guess_from_many_addresses("ann", 20)
    assert sign_in("ann", PASSWORD, EDITORS_ADDRESS)[1].status_code == 429
    sixteen_minutes_ago = timezone.now() - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)
    client, response = sign_in("ann", PASSWORD, EDITORS_ADDRESS)
    assert response.status_code == 302 and is_signed_in(client)


def test_axes_reset_username_lifts_the_account_pause(editor):
    guess_from_many_addresses("ann", 20)
    assert sign_in("ann", PASSWORD, EDITORS_ADDRESS)[1].status_code == 429
    call_command("axes_reset_username", "ann", verbosity=0)
    client, response = sign_in("ann", PASSWORD, EDITORS_ADDRESS)
    assert response.status_code == 302 and is_signed_in(client)


def test_an_ipv6_attacker_cannot_dodge_the_pair_limit_within_one_slash_64(editor):
    addresses = [f"2001:db8:1:2::{number:x}" for number in range(1, 6)]
    responses = [sign_in("ann", "wrong-guess", address)[1] for address in addresses]
    assert [r.status_code for r in responses] == [200] * 4 + [429]
    # The editor at home on another network is unaffected.
    client, response = sign_in("ann", PASSWORD, "2001:db8:9:9::1")
    assert response.status_code == 302 and is_signed_in(client)
