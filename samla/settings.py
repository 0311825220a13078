"""Samla's one settings file, driven by environment variables.

SAMLA_DEBUG       "1" turns on debug mode (the demo command sets it; never in production)
SAMLA_SECRET_KEY  required when SAMLA_DEBUG is off
SAMLA_ALLOWED_HOSTS comma-separated host names (default: localhost names)
DATABASE_URL      PostgreSQL in production, e.g. postgres://user@host:5432/samla;
                  default: embedded SQLite in var/samla.sqlite3
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SAMLA_VAR_DIR", BASE_DIR.parent / "var"))

DEBUG = os.environ.get("SAMLA_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("SAMLA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("SAMLA_REQUIRE_SECRET", "") == "1":
        raise RuntimeError("SAMLA_SECRET_KEY must be set when SAMLA_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-local-demo-and-tests"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SAMLA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "samla.registry",
    "samla.schemes",
    "samla.allocation",
    "samla.accounts",
    "samla.audit",
    "samla.calls",
    "samla.evaluation",
    "samla.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samla.allocation.middleware.ChosenLanguageMiddleware",  # bokmål unless chosen (not Accept-Language)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "samla.urls"
WSGI_APPLICATION = "samla.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'samla.sqlite3'}",
        conn_max_age=int(os.environ.get("SAMLA_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Norwegian bokmål first, English second.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
# Each app keeps its own catalogue (samla/<app>/locale); they come first so that `makemessages`, run from
# the project root or from an app folder, files an app's strings in the app's own catalogue. The project
# catalogue (samla/locale) holds the strings of the shared templates.
LOCALE_PATHS = [*sorted(BASE_DIR.glob("*/locale")), BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_MANIFEST = os.environ.get("SAMLA_STATIC_MANIFEST", "") == "1"
# Production: `SAMLA_STATIC_MANIFEST=1 samla manage collectstatic` fills STATIC_ROOT, served by WhiteNoise
# with hashed, compressed names. Otherwise WhiteNoise serves the app folders directly (finders).
STATIC_ROOT = VAR_DIR / "static" if STATIC_MANIFEST else None
STATICFILES_DIRS = [BASE_DIR / "static"]  # samla.css and vendored htmx (samla/static/samla/)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The hashed, compressed manifest storage needs `samla manage collectstatic` first, so it is
        # switched on by the production environment (SAMLA_STATIC_MANIFEST=1), not by DEBUG.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "admin:login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("SAMLA_HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True

# The demo programme shown on the first page (a folder in examples/).
SAMLA_DEMO_PROGRAMME = os.environ.get("SAMLA_DEMO_PROGRAMME", "pilot-2020")
