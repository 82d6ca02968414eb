"""Settings for reviews_site, read from the environment.

Environment variables:
  DJANGO_DEBUG            1/true/yes turn debug on; unset or 0/false/no leave it off.
  DJANGO_SECRET_KEY       required when debug is off.
  DJANGO_ALLOWED_HOSTS    comma-separated host names (default: localhost names).
  DJANGO_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://reviews.example.
  DATABASE_URL            default: SQLite file db.sqlite3 in the project directory.
  REDIS_URL               optional; when set, the cache lives in Redis.
  DJANGO_SECURE_SSL_REDIRECT / DJANGO_HSTS_SECONDS  HTTPS hardening (on by default
                          when debug is off).
  DJANGO_MEDIA_ROOT / DJANGO_STATIC_ROOT  where uploads and collected static files live.
  DJANGO_IMPORTS_ROOT     private folder where admin CSV uploads wait for confirmation
                          without a bucket (default: private/imports in the project).
  DATABASE_REPLICA_URL    optional read replica (reviews_site/db_router.py).
  DJANGO_PAGE_CACHE_SECONDS  longest life of a cached public page (default 600 with
                          REDIS_URL, else 0 = off; off in debug).
  AWS_STORAGE_BUCKET_NAME optional: uploads go to this S3-compatible bucket, with
                          AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN.
  CONSENSUS_MIN_REVIEWS   rated reviews needed before a consensus is final (default 4).
  DJANGO_ADMIN_URL        where the admin lives (default "admin/").
  SEARCH_RATE_LIMIT / API_RATE_LIMIT / RENDER_RATE_LIMIT  requests per client (renders:
                          uncached public pages), e.g. "30/m", "120/m", "5/10s";
                          "off" disables (defaults 30/m, 120/m and 120/m).
  DJANGO_REQUIRE_STAFF_MFA 1: staff must set up an authenticator app (two-step sign-in)
                          before using the admin (default off).
  DJANGO_CLIENT_IP_HEADER header your reverse proxy sets to the client's address (e.g.
                          X-Forwarded-For); unset: the connection's address is the client.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from core.rates import env_rate
from reviews_site.env import env_bool, env_int, env_list, require_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = require_secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, with two-step sign-in for staff (core/admin_site.py).
    "core.admin_apps.CMSAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "simple_history",
    "sorl.thumbnail",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "films",
    "critics",
    "public",
]
# Development tools (demo data for benchmarks and demos, demo/) never load in production.
if env_bool("DJANGO_DEV_TOOLS", default=DEBUG):
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.unreadable_requests.RefuseNulMiddleware",
    "core.outage.DatabaseUnavailableMiddleware",
    "core.ratelimit.RateLimitMiddleware",
    # Before sessions, CSRF and CSP: see public/page_cache.py for why the order matters.
    "public.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Knows whether this session gave an authenticator code (user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Rebuilds the consensus of films whose scheduled reviews just went live, before any
    # view (page cache hits never get here): critics/middleware.py.
    "critics.middleware.ScheduledConsensusMiddleware",
    # django-axes documents it as the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reviews_site.urls"
WSGI_APPLICATION = "reviews_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    # Anonymous reads go to the replica; see reviews_site/db_router.py for what stays
    # on the primary. In tests the replica mirrors the test database.
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
    # Imported here, not named by path, so it hears the very first request start.
    from reviews_site.db_router import PrimaryReplicaRouter

    DATABASE_ROUTERS = [PrimaryReplicaRouter()]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Transactions take SQLite's write lock when they begin, and wait for it: two editors
    # saving at once take turns, and the second gets the admin's "someone else saved"
    # message. Taken late (SQLite's default), one of them failed at once with "database
    # is locked": the outage page. Waiting up to 20 s outlasts a large CSV import (one
    # transaction; sizes in docs/deployment.md) and stays under gunicorn's default 30 s
    # worker timeout, so a longer wait still ends on the outage page, not a killed worker.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Full-text search lookups; SQLite uses a simpler fallback.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "reviews"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages, feeds, sitemap and API are cached whole for at most this long
# (public/page_cache.py, core/content_version.py); any edit empties the cache at once.
# 0 turns it off. Off by default without Redis: a per-process cache cannot be emptied
# from another worker or a management command, and check --deploy refuses it (critics.E002).
PAGE_CACHE_SECONDS = env_int(
    "DJANGO_PAGE_CACHE_SECONDS", 600 if os.environ.get("REDIS_URL") and not DEBUG else 0
)

# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads go to S3-compatible object storage when a bucket is named, so app servers
# keep no state; credentials come from boto3's own AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or an instance role), never from this file.
MEDIA_BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
MEDIA_ORIGINS = []
MEDIA_STORAGE: dict[str, Any]
if MEDIA_BUCKET:
    media_endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    media_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": media_endpoint,
            "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip() or None,
            "custom_domain": media_domain,
            # Plain public URLs: signed ones expire, and pages are cached.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    if media_domain:
        MEDIA_ORIGINS = [f"https://{media_domain}"]
    elif media_endpoint:
        endpoint = urlsplit(media_endpoint)
        MEDIA_ORIGINS = [f"{endpoint.scheme}://{endpoint.netloc}"]
    else:
        MEDIA_ORIGINS = [f"https://{MEDIA_BUCKET}.s3.amazonaws.com"]
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Uploaded CSV imports wait in "imports" between check and confirm (critics/importer/
# staging.py). Every app server must reach the same place, and readers never: the
# bucket's private prefix (backups leave it out, and the bucket's public-read rule must
# too: docs/deployment.md), else a folder outside MEDIA_ROOT (DJANGO_IMPORTS_ROOT, to
# share one between servers).
PRIVATE_STORAGE_PREFIX = "private"
if MEDIA_BUCKET:
    IMPORTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **MEDIA_STORAGE["OPTIONS"],
            "location": f"{PRIVATE_STORAGE_PREFIX}/imports",
            "default_acl": "private",
            "custom_domain": None,
            "querystring_auth": True,
        },
    }
else:
    IMPORTS_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(
                os.environ.get("DJANGO_IMPORTS_ROOT", BASE_DIR / PRIVATE_STORAGE_PREFIX / "imports")
            ),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "imports": IMPORTS_STORAGE,
    "staticfiles": {
        # Debug serves from the source folders; production needs collectstatic's manifest.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TAGGIT_CASE_INSENSITIVE = True
THUMBNAIL_PRESERVE_FORMAT = True

CONSENSUS_MIN_REVIEWS = env_int("CONSENSUS_MIN_REVIEWS", 4)

# Background work (django.tasks): rebuilding a film's consensus after an edit commits
# (critics.services.consensus.recompute_consensus). Django's ImmediateBackend runs it in
# the request, at once, as before; a queue backend with its own workers could take it
# off the request. Nothing depends on a worker: scheduled reviews need none
# (critics/middleware.py).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# HTTPS and cookie hardening. Off in debug so the dev server works over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# No script of ours or the admin's reads the CSRF cookie (forms carry the token).
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Load balancers probe /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Sign-in protection (django-axes): 5 failures for one username from one address pause
# that pair for 15 minutes. Keyed on the pair so a stranger cannot lock an editor out
# from elsewhere, and a newsroom behind one address is not locked out by one person.
# On top, 20 failures for one account from any addresses pause that account for 15
# minutes (core/sign_in_limits.py): at most ~80 guesses an hour (ASVS 2.2.1).
AXES_FAILURE_LIMIT = 5
SIGN_IN_FAILURES_PER_ACCOUNT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "core.sign_in_limits.PairAndAccountHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.sign_in_limits.sign_in_client_address"
AXES_VERBOSE = False  # no start-up banner on every manage.py command

# Two-step sign-in for staff (core/staff_mfa.py): staff with an authenticator app
# give its code with their password. DJANGO_REQUIRE_STAFF_MFA=1 (advised in production)
# sends staff without one to set it up before anything else in the admin.
REQUIRE_STAFF_MFA = env_bool("DJANGO_REQUIRE_STAFF_MFA", default=False)
OTP_TOTP_ISSUER = "Film critics' CMS"
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes: wait 1, 2, 4, 8… seconds (django-otp's back-off)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the device admin never shows a saved secret again

# Per-client rate limits (core/ratelimit.py), counted by django-ratelimit in the cache.
# When the cache gives back no count (e.g. the key expired between its add and incr),
# the request goes through: the library's default would refuse a reader for nothing.
RATELIMIT_FAIL_OPEN = True
SEARCH_RATE_LIMIT = env_rate("SEARCH_RATE_LIMIT", "30/m")
API_RATE_LIMIT = env_rate("API_RATE_LIMIT", "120/m")
# Public pages one client may have rendered past the page cache (misses only; a reader
# browsing makes a few a minute). Counted only while the page cache is on.
RENDER_RATE_LIMIT = env_rate("RENDER_RATE_LIMIT", "120/m")
# Trust a forwarded-address header only when the deployment says a proxy sets it.
RATE_LIMIT_CLIENT_IP_HEADER = (
    "HTTP_" + os.environ["DJANGO_CLIENT_IP_HEADER"].strip().upper().replace("-", "_")
    if os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()
    else ""
)

# Strict Content Security Policy: only our own files; no inline scripts or styles
# anywhere (JSON-LD is a data block, not a script, so it needs no exception).
# Views that need more override it narrowly with django.views.decorators.csp.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Two INFO lines for every task started and finished; a failed task is an ERROR.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}
