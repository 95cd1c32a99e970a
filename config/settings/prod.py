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
            # Each gunicorn thread keeps its connection for this many seconds (0: one per request, as a
            # transaction-pooling PgBouncer wants), checked before reuse so a restarted server costs no error.
            "CONN_MAX_AGE": int(os.environ.get("ARRIMAGE_DB_CONN_MAX_AGE", "60")),
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

# Caches, by ARRIMAGE_CACHE_URL (see docs/operations.md, « Several app servers »):
# - unset: page fragments in each process's memory (correct with several servers, since their keys name
#   the data's version, but each process fills its own), rate-limit counts in the database;
# - `db`: both in the database (`manage.py createcachetable`), shared by every app server;
# - `redis://host:port/db`: both in that Redis server (rediss:// for TLS), shared by every app server.
# Sessions stay in the database whatever the cache: a restarted or emptied cache signs nobody out.
_CACHE_URL = os.environ.get("ARRIMAGE_CACHE_URL", "").strip()
_DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}
if not _CACHE_URL:
    CACHES = {**CACHES, "ratelimit": {**_DATABASE_CACHE, "LOCATION": "arrimage_ratelimit"}}
elif _CACHE_URL == "db":
    CACHES = {
        "default": {**CACHES["default"], **_DATABASE_CACHE, "LOCATION": "arrimage_cache"},
        "ratelimit": {**_DATABASE_CACHE, "LOCATION": "arrimage_ratelimit"},
        # Progress stays in files (base): in the database, an import's progress would be unseen until it ends.
        "progress": CACHES["progress"],
    }
elif _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    _REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
    CACHES = {
        "default": {**_REDIS, "TIMEOUT": CACHES["default"]["TIMEOUT"], "KEY_PREFIX": "arrimage"},
        "ratelimit": {**_REDIS, "KEY_PREFIX": "arrimage-ratelimit"},
        "progress": {**_REDIS, "TIMEOUT": CACHES["progress"]["TIMEOUT"], "KEY_PREFIX": "arrimage-progress"},
    }
else:
    raise ImproperlyConfigured(
        f"ARRIMAGE_CACHE_URL={_CACHE_URL!r} is not understood: leave it unset, or write db or redis://host:port/0."
    )
ARRIMAGE_RATELIMIT_CACHE = "ratelimit"
# The import wizard keeps the uploaded file and its preview between its steps, which several app servers
# may answer: on several machines, point this at a folder they all mount (var/imports/ by default).
if os.environ.get("ARRIMAGE_IMPORT_DIR"):
    ARRIMAGE_IMPORT_DIR = os.environ["ARRIMAGE_IMPORT_DIR"]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
