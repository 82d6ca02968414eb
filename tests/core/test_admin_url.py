"""DJANGO_ADMIN_URL moves the admin; /admin/ then leads nowhere.

URL patterns are built once per process, so each set-up runs in a fresh interpreter.
"""

import json

import pytest
from django.urls import reverse

from tests.processes import PRODUCTION_ENV, run_django

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)  # an in-memory database; the page cache reads it
from django.test import Client
from django.urls import reverse
client = Client()
print(json.dumps({
    "index": reverse("admin:index"),
    "old": client.get("/admin/").status_code,
    "old_login": client.get("/admin/login/").status_code,
    "new": client.get(reverse("admin:index"))["Location"],
    "login": client.get(reverse("admin:login")).content.decode(),
}))
"""


def probe_admin(admin_url):
    result = run_django(
        PROBE,
        {
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": "sqlite://:memory:",
            "DJANGO_ADMIN_URL": admin_url,
        },
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.slow
def test_the_admin_moves_to_the_configured_address():
    found = probe_admin("/editorial-desk")  # slashes are tidied: "editorial-desk/"
    assert found["index"] == "/editorial-desk/"
    assert found["old"] == 404 and found["old_login"] == 404
    assert found["new"] == "/editorial-desk/login/?next=/editorial-desk/"
    assert "<title>Log in | Film critics&#x27; CMS</title>" in found["login"]
    assert 'action="/editorial-desk/login/"' in found["login"]


def test_the_admin_is_at_admin_by_default(client, db):
    assert reverse("admin:index") == "/admin/"
    assert client.get("/admin/login/").status_code == 200
