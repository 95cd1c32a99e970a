"""Contract tests of the API (scripts/schemathesis.sh): production-like (no debug pages), on a throwaway
SQLite file named by ARRIMAGE_CONTRACT_DB, with limits high enough for a generated test run."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import sqlite_database

DEBUG = False
SECRET_KEY = "contract-only-not-secret"  # noqa: S105 - a throwaway server on the loopback only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": sqlite_database(Path(os.environ["ARRIMAGE_CONTRACT_DB"]))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Thousands of generated requests in a few minutes: the limits of real callers would stop the run.
ARRIMAGE_API_WRITE_RATE = "100000/min"
ARRIMAGE_API_KEY_FAILURE_RATE = "100000/min"
