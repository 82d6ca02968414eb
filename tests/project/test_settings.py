"""Settings come from the environment and refuse insecure production set-ups."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from reviews_site.env import env_bool
from tests.processes import PRODUCTION_ENV, PROJECT_DIR, run_django  # noqa: F401


@pytest.mark.parametrize("word", ["1", "true", "YES", " on "])
def test_debug_words_that_mean_on(monkeypatch, word):
    monkeypatch.setenv("DJANGO_DEBUG", word)
    assert env_bool("DJANGO_DEBUG") is True


@pytest.mark.parametrize("word", ["0", "false", "No", ""])
def test_debug_words_that_mean_off(monkeypatch, word):
    monkeypatch.setenv("DJANGO_DEBUG", word)
    assert env_bool("DJANGO_DEBUG") is False


def test_debug_unset_means_off(monkeypatch):
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    assert env_bool("DJANGO_DEBUG") is False


def test_debug_typo_is_an_error_not_a_guess(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a yes/no value"):
        env_bool("DJANGO_DEBUG")


@pytest.mark.slow
def test_start_up_fails_without_secret_key_when_debug_is_off():
    result = run_django(
        "import django; django.setup()",
        {"DJANGO_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "reviews_site.settings"},
        remove=["DJANGO_SECRET_KEY"],
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.slow
def test_debug_mode_starts_without_secret_key():
    result = run_django(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "reviews_site.settings"},
        remove=["DJANGO_SECRET_KEY"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.slow
def test_deploy_check_is_clean_with_production_settings():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_database_url_selects_the_database():
    result = run_django(
        "import django; django.setup(); from django.db import connection; "
        "print(connection.vendor, connection.settings_dict['NAME'])",
        {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://someone@db.internal:5432/reviews"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["postgresql", "reviews"]


@pytest.mark.slow
def test_redis_url_puts_the_cache_in_redis():
    result = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])",
        {"DJANGO_DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"},
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.slow
def test_production_redirects_plain_http_to_https():
    result = run_django(
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/', headers={'host': 'reviews.example'}); "
        "print(r.status_code, r.headers['Location'])",
        {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "reviews_site.settings"},
    )
    assert result.stdout.split() == ["301", "https://reviews.example/"], result.stderr
