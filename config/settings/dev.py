"""Local development: SQLite in the project's var/ folder, debug pages on."""

from .base import *  # noqa: F403
from .base import BASE_DIR, sqlite_database

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development only, never used in production
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

DATABASES = {"default": sqlite_database(BASE_DIR / "var" / "arrimage.sqlite3")}

# Emails (password reset) are printed in the terminal that runs `make run`.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
