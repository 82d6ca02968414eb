"""The admin's password change refuses weak passwords (AUTH_PASSWORD_VALIDATORS)."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


OLD_PASSWORD = "a-long-test-password"


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("Popcorn-42", "This password is too short. It must contain at least 12 characters."),
        ("123456789012", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
        ("editor-example-com", "The password is too similar to the"),
    ],
)
def test_password_change_refuses_a_weak_password(client, weak, reason):
    user = factories.editor()
    client.force_login(user)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": OLD_PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD)


def test_password_change_accepts_a_strong_password(client):
    user = factories.editor()
    client.force_login(user)
    strong = "velvet-projector-matinee-1962"
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": OLD_PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert response.headers["Location"] == reverse("admin:password_change_done")
    user.refresh_from_db()
    assert user.check_password(strong)
