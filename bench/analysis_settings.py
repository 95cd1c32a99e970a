"""Settings of the analysis benchmark (bench.analysis): the benchmark's settings with one database per
scale of the synthetic registry, `var/bench-analysis-<scale>.sqlite3`, named by the parent process in
ARRIMAGE_BENCH_DATABASE."""

import os

from bench.settings import *  # noqa: F403
from config.settings.base import sqlite_database
from config.settings.test import BASE_DIR

DATABASES = {
    "default": sqlite_database(BASE_DIR / "var" / os.environ.get("ARRIMAGE_BENCH_DATABASE", "bench-analysis-1.sqlite3"))
}
