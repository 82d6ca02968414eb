"""Every kind of response (public page, admin, API) carries the hardening headers.

Run with debug off, as the suite always is; requests are made over HTTPS (secure=True)
because browsers only honour Strict-Transport-Security from an HTTPS response.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.processes import PRODUCTION_ENV, run_django

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def assert_hardened(response):
    url = response.request["PATH_INFO"]
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    ), url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


def test_a_public_page_is_served_with_every_hardening_header(client, seed_data):
    response = client.get("/films/la-la-land/", secure=True)
    assert response.status_code == 200
    assert_hardened(response)


def test_admin_pages_are_served_with_every_hardening_header(client):
    login_page = client.get(reverse("admin:login"), secure=True)
    assert login_page.status_code == 200
    assert_hardened(login_page)
    client.force_login(factories.editor())
    index = client.get(reverse("admin:index"), secure=True)
    assert "Catalogue, critics and reviews" in index.content.decode()
    assert_hardened(index)


def test_api_responses_are_served_with_every_hardening_header(client, seed_data):
    response = client.get("/api/films/", secure=True)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert_hardened(response)


def test_plain_http_responses_do_not_claim_hsts(client, db):
    # HSTS over plain HTTP is ignored by browsers; Django only sends it over HTTPS.
    assert "Strict-Transport-Security" not in client.get("/healthz")


def test_session_and_csrf_cookies_are_secure_and_hidden_from_scripts(db):
    factories.editor()
    client = Client(enforce_csrf_checks=True)
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"]
    assert csrf_cookie["samesite"] == "Lax"
    # The admin's form carries the token itself, so an HttpOnly CSRF cookie still works.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.content.decode())
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        secure=True,
        headers={"referer": "https://testserver" + reverse("admin:login")},
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert client.get(reverse("admin:index"), secure=True).status_code == 200


@pytest.mark.slow
def test_deploy_check_is_clean_with_every_production_setting():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        {
            **PRODUCTION_ENV,
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://reviews.example",
            "DJANGO_ADMIN_URL": "editorial-desk/",
            "DJANGO_CLIENT_IP_HEADER": "X-Forwarded-For",
            "SEARCH_RATE_LIMIT": "30/m",
            "API_RATE_LIMIT": "120/m",
            # Some model checks open a connection; the settings, not the server, are tested.
            "DATABASE_URL": "sqlite://:memory:",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
