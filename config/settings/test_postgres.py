"""The same test suite on PostgreSQL 15, as in production.

Connection parameters come from the standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD),
so the suite runs against whatever local server CI or a developer started.
"""

import os

from .test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "arrimage"),
        "USER": os.environ.get("PGUSER", "arrimage"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "TEST": {"NAME": "test_arrimage"},
    }
}
