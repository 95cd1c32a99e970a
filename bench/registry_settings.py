"""Settings of the registry benchmark (bench.registry): the benchmark's settings with a database of its own,
`var/bench-registry.sqlite3`, which holds the synthetic province-scale registry. The territory benchmark's
database stays as it is, so its figures do not move when the synthetic data is rebuilt."""

from bench.settings import *  # noqa: F403
from config.settings.base import sqlite_database
from config.settings.test import BASE_DIR

DATABASES = {"default": sqlite_database(BASE_DIR / "var" / "bench-registry.sqlite3")}
