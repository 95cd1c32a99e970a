"""Settings of the benchmark: the test settings, made as close to production as one process allows.

DEBUG is off (Django then caches compiled templates and records no queries), the database is a file
SQLite database in WAL mode, as in development, rather than the test suite's in-memory one, so the
figures include the real storage engine. The URLs are the project's plus a trivial view (bench.urls).
"""

from config.settings.base import sqlite_database
from config.settings.test import *  # noqa: F403
from config.settings.test import BASE_DIR

DEBUG = False
ROOT_URLCONF = "bench.urls"

DATABASES = {"default": sqlite_database(BASE_DIR / "var" / "bench.sqlite3")}

# The test settings look static files up on every request; production serves a fixed list.
WHITENOISE_AUTOREFRESH = False
