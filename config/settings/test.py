"""Test suite on SQLite (in memory). `test_postgres` runs the same suite on PostgreSQL."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "var" / "test.sqlite3",
        "TEST": {"NAME": ":memory:"},
    }
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ARRIMAGE_MAP_TILES = {"url": "", "attribution": "", "max_zoom": 18}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Run in parallel (pytest-xdist), each worker has a database of its own, whose ids repeat those of the
# others: the files kept beside the database (progress of long work, finished jobs) get a folder per worker.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    CACHES["progress"]["LOCATION"] = str(BASE_DIR / "var" / "tests" / _WORKER / "progress")
    ARRIMAGE_JOBS_DIR = str(BASE_DIR / "var" / "tests" / _WORKER / "jobs")
