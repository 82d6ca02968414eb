"""Admin sign-in is paused after repeated failures (django-axes), for that username and address."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


PASSWORD = "a-long-test-password"
HOME_ADDRESS = "198.51.100.7"  # documentation addresses (RFC 5737)
OTHER_ADDRESS = "203.0.113.9"


@pytest.fixture
def editors(db):
    User = get_user_model()
    return [
        User.objects.create_superuser(name, f"{name}@example.com", PASSWORD)
        for name in ("ann", "bob")
    ]


def sign_in(username, password, address=HOME_ADDRESS):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    return client, response


def is_signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def fail_five_times(username, address=HOME_ADDRESS):
    return [sign_in(username, "wrong-guess", address)[1] for _ in range(5)]


def test_four_failures_still_let_the_right_password_in(editors):
    for _ in range(4):
        _, response = sign_in("ann", "wrong-guess")
        assert "Please enter the correct username and password" in response.content.decode()
    client, response = sign_in("ann", PASSWORD)
    assert response.status_code == 302 and is_signed_in(client)


def test_five_failures_pause_sign_in_even_with_the_right_password(editors):
    responses = fail_five_times("ann")
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    client, response = sign_in("ann", PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in paused" in page and "for 15 minutes" in page
    assert "Too many failed sign-in attempts for “ann”" in page
    assert not is_signed_in(client)


def test_the_pause_is_for_that_username_from_that_address_only(editors):
    fail_five_times("ann")
    colleague, _ = sign_in("bob", PASSWORD)  # same office, another editor
    assert is_signed_in(colleague)
    elsewhere, _ = sign_in("ann", PASSWORD, address=OTHER_ADDRESS)  # ann, from home
    assert is_signed_in(elsewhere)


def test_axes_reset_lifts_the_pause(editors):
    fail_five_times("ann")
    assert sign_in("ann", PASSWORD)[1].status_code == 429
    out = io.StringIO()
    call_command("axes_reset", stdout=out)
    assert "removed" in out.getvalue()
    client, response = sign_in("ann", PASSWORD)
    assert response.status_code == 302 and is_signed_in(client)


def test_a_successful_sign_in_forgets_earlier_typos(editors):
    for _ in range(4):
        sign_in("ann", "wrong-guess")
    assert is_signed_in(sign_in("ann", PASSWORD)[0])
    for _ in range(4):
        sign_in("ann", "wrong-guess")
    assert is_signed_in(sign_in("ann", PASSWORD)[0])


def test_the_pause_follows_the_trusted_proxy_header_when_configured(editors, settings):
    settings.RATE_LIMIT_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        proxy.post(
            reverse("admin:login"),
            {"username": "ann", "password": "wrong-guess"},
            headers={"x-forwarded-for": HOME_ADDRESS},
        )
    # Same proxy, another reader's address: not paused.
    response = proxy.post(
        reverse("admin:login"),
        {"username": "ann", "password": PASSWORD},
        headers={"x-forwarded-for": OTHER_ADDRESS},
    )
    assert response.status_code == 302
