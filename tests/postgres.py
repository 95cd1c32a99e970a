"""PostgreSQL databases that tests create and drop next to the test database."""

from __future__ import annotations

import time
from typing import Any

import psycopg


def drop_database(admin: Any, name: str) -> None:
    """Drop the database `name`, whoever is still connected to it (`admin`: a connection in autocommit
    to another database of the server).

    `WITH (FORCE)` ends the other sessions, but the server refuses it when one of them is an autovacuum
    worker: only a superuser or a member of `pg_signal_backend` may end those, and a database just
    written to (an import killed halfway) is where autovacuum goes. A plain `DROP DATABASE` ends the
    autovacuum workers itself and waits a few seconds for the other sessions: it is tried then, and both
    again while something keeps the database busy."""
    for _attempt in range(10):
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            try:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                return
            except psycopg.errors.ObjectInUse:
                time.sleep(0.5)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
