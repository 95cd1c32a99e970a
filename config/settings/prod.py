"""Production: PostgreSQL, gunicorn behind a TLS proxy, static files served by WhiteNoise.

Every secret and address comes from the environment; a missing one stops the start-up.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import sqlite_database


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


DEBUG = False
SECRET_KEY = _required("ARRIMAGE_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ARRIMAGE_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]

# PostgreSQL by default. A small installation (one MRC, one regional network) may run on one SQLite file
# instead: ARRIMAGE_DB_ENGINE=sqlite and ARRIMAGE_DB_NAME=/path/to/arrimage.sqlite3 (WAL journal, writes
# that take the lock up front and wait up to 20 s for it, so concurrent writers queue instead of failing).
if os.environ.get("ARRIMAGE_DB_ENGINE", "postgresql") == "sqlite":
    DATABASES = {"default": sqlite_database(_required("ARRIMAGE_DB_NAME"))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _required("ARRIMAGE_DB_NAME"),
            "USER": _required("ARRIMAGE_DB_USER"),
            "PASSWORD": os.environ.get("ARRIMAGE_DB_PASSWORD", ""),
            "HOST": os.environ.get("ARRIMAGE_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("ARRIMAGE_DB_PORT", "5432"),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }

EMAIL_HOST = _required("ARRIMAGE_EMAIL_HOST")
EMAIL_PORT = int(os.environ.get("ARRIMAGE_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("ARRIMAGE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ARRIMAGE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = True
DEFAULT_FROM_EMAIL = os.environ.get("ARRIMAGE_EMAIL_FROM", DEFAULT_FROM_EMAIL)

# The person responsible for personal information (Law 25), shown on the privacy page.
ARRIMAGE_PRIVACY_OFFICER = {
    "name": os.environ.get("ARRIMAGE_PRIVACY_OFFICER_NAME", ""),
    "email": os.environ.get("ARRIMAGE_PRIVACY_OFFICER_EMAIL", ""),
    "phone": os.environ.get("ARRIMAGE_PRIVACY_OFFICER_PHONE", ""),
}
ARRIMAGE_RETENTION_YEARS = int(os.environ.get("ARRIMAGE_RETENTION_YEARS", ARRIMAGE_RETENTION_YEARS))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The TLS proxy in front of gunicorn: rate limits count the visitor's address it forwards, not its own.
ARRIMAGE_TRUSTED_PROXIES = 1
# Several app servers share the rate-limit counts through the database (`manage.py createcachetable`).
CACHES = {
    **CACHES,
    "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "arrimage_ratelimit"},
}
ARRIMAGE_RATELIMIT_CACHE = "ratelimit"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
