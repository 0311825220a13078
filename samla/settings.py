"""Samla's one settings file, driven by environment variables.

SAMLA_DEBUG       "1" turns on debug mode (the demo command sets it; never in production)
SAMLA_SECRET_KEY  required when SAMLA_DEBUG is off
SAMLA_ALLOWED_HOSTS comma-separated host names (default: localhost names)
SAMLA_HTTPS       "1": secure cookies, redirect to HTTPS and HSTS (SAMLA_HSTS_SECONDS, default one year;
                  SAMLA_HSTS_INCLUDE_SUBDOMAINS and SAMLA_HSTS_PRELOAD, default "1"); behind a reverse proxy
                  (SAMLA_PROXY_COUNT) the proxy's X-Forwarded-Proto header says whether the request was HTTPS
SAMLA_CONN_MAX_AGE seconds a database connection is kept (default 60); it is checked before it is reused
DATABASE_URL      PostgreSQL in production, e.g. postgres://user@host:5432/samla;
                  default: embedded SQLite in var/samla.sqlite3

E-mail (password reset):
SAMLA_EMAIL_BACKEND       Django e-mail backend (default: the console backend, which prints mails)
SAMLA_DEFAULT_FROM_EMAIL  sender address (default: "Samla <noreply@samla.invalid>")
SAMLA_EMAIL_HOST, SAMLA_EMAIL_PORT, SAMLA_EMAIL_HOST_USER, SAMLA_EMAIL_HOST_PASSWORD, SAMLA_EMAIL_USE_TLS ("1")
                          for django.core.mail.backends.smtp.EmailBackend

Sign-in lockout (django-axes): 5 failed sign-ins for one user name from one IP address lock that
combination for 15 minutes (HTTP 429 page); a successful sign-in resets the count.
SAMLA_PROXY_COUNT         number of reverse proxies in front of Samla (for the client IP; default: none)

OpenID Connect (ID-porten, Ansattporten), off unless a client id, a client secret and the endpoints are set.
The endpoints default to ID-porten's layout below the issuer ({issuer}/authorize, /token, /userinfo,
/jwks.json); any of them can be given explicitly:
SAMLA_OIDC_ISSUER                     e.g. https://idporten.no or https://ansattporten.no (checked against `iss`)
SAMLA_OIDC_RP_CLIENT_ID               client id registered with the provider
SAMLA_OIDC_RP_CLIENT_SECRET           client secret
SAMLA_OIDC_OP_AUTHORIZATION_ENDPOINT  authorisation endpoint
SAMLA_OIDC_OP_TOKEN_ENDPOINT          token endpoint
SAMLA_OIDC_OP_USER_ENDPOINT           userinfo endpoint
SAMLA_OIDC_OP_JWKS_ENDPOINT           the provider's signing keys (needed for RS256/ES256)
SAMLA_OIDC_RP_SIGN_ALGO               id-token signature algorithm (default RS256)
SAMLA_OIDC_RP_SCOPES                  scopes (default "openid profile")
SAMLA_OIDC_PROVIDER_NAME              the sign-in button's label, e.g. "ID-porten" (default "ID-porten")
A person signing in this way is linked to a Samla account by (issuer, `sub`) only; the national identity
number (`pid`) and every claim beyond name and e-mail are never stored. New accounts get no roles.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from samla.accounts.oidc_settings import oidc_settings

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
    "samla.web",
    "samla.registry",
    "samla.schemes",
    "samla.allocation",
    "samla.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",  # the authenticator app (TOTP)
    "django_otp.plugins.otp_static",  # recovery codes
    "samla.audit",
    "samla.calls",
    "samla.evaluation",
    "samla.followup",
    "samla.demo",
    "samla.api",
    "ninja",  # django-ninja: serves the API docs (Swagger UI) from its bundled static files, no CDN
    "axes",  # sign-in lockout; after the project apps so that Samla's templates win
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samla.allocation.middleware.ChosenLanguageMiddleware",  # bokmål unless chosen (not Accept-Language)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "samla.accounts.middleware.SecondFactorMiddleware",  # a code owed: only the two-factor pages open
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page (HTTP 429)
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
                "samla.accounts.context_processors.navigation",
            ],
        },
    },
]

# Connections are kept for SAMLA_CONN_MAX_AGE seconds and checked before each request reuses one, so a database
# restart costs the requests that were running during it, not one failed request per worker thread afterwards.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'samla.sqlite3'}",
        conn_max_age=int(os.environ.get("SAMLA_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing: every transaction takes SQLite's write lock when it begins (IMMEDIATE),
    # waits up to 20 s for it, and readers do not block writers (WAL). Without IMMEDIATE, two transactions that
    # read and then write at the same moment end with "database is locked" for one of them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL"})
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
STATIC_ROOT = Path(os.environ.get("SAMLA_STATIC_ROOT") or VAR_DIR / "static") if STATIC_MANIFEST else None
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

LOGIN_URL = "accounts:login"
# Where a sign-in lands; samla.accounts.views.landing_url falls back to "/" while this page does not exist.
LOGIN_REDIRECT_URL = "calls:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link works for two hours

# The lockout check comes first (axes needs the request); then the user name and password; then OIDC if on.
AUTHENTICATION_BACKENDS = [
    "samla.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The second factor (samla/accounts/two_factor.py): required for the directorate and system administrators when on.
SAMLA_REQUIRE_2FA = os.environ.get("SAMLA_REQUIRE_2FA", "") == "1"
OTP_TOTP_ISSUER = "Samla"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samla.accounts.views.lockout"
AXES_IPWARE_PROXY_COUNT = int(os.environ["SAMLA_PROXY_COUNT"]) if os.environ.get("SAMLA_PROXY_COUNT") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else (
    "REMOTE_ADDR",)

# OpenID Connect: every OIDC_* setting of mozilla-django-oidc, or SAMLA_OIDC_ENABLED = False.
_OIDC = oidc_settings(os.environ)
globals().update(_OIDC)
if _OIDC["SAMLA_OIDC_ENABLED"]:
    AUTHENTICATION_BACKENDS.append("samla.accounts.oidc.SamlaOIDCBackend")

EMAIL_BACKEND = os.environ.get("SAMLA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("SAMLA_DEFAULT_FROM_EMAIL", "Samla <noreply@samla.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("SAMLA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SAMLA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SAMLA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMLA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SAMLA_EMAIL_USE_TLS", "") == "1"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("SAMLA_HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # HTTP Strict Transport Security: browsers refuse plain HTTP for the host for a year once they have seen it.
    SECURE_HSTS_SECONDS = int(os.environ.get("SAMLA_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SAMLA_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("SAMLA_HSTS_PRELOAD", "1") == "1"
    if AXES_IPWARE_PROXY_COUNT:
        # TLS ends at the reverse proxy, which tells Samla the original scheme (it must set this header itself).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The demo programme shown on the first page (a folder in examples/).
SAMLA_DEMO_PROGRAMME = os.environ.get("SAMLA_DEMO_PROGRAMME", "pilot-2020")

# SQLite cannot enforce UniqueConstraint(nulls_distinct=False); accounts migration 0003 adds an equivalent
# unique expression index there, so Django's warning about it is noise.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
