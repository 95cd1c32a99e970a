"""Put the test database's connection into a fault state with the engine's own means, so that the errors
Arrimage meets are the real ones: SQLite's `query_only` and `max_page_count` pragmas, PostgreSQL's read-only
transactions and an error raised with the disk-full SQLSTATE."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def read_only() -> Iterator[None]:
    """Until the block ends or Arrimage closes the connection, the database refuses every write."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    try:
        yield
    finally:
        _reset()


@contextmanager
def disk_full() -> Iterator[None]:
    """Until the block ends or Arrimage closes the connection, every write that needs room fails as on a
    full disk: SQLite may not grow the file by one page (its free pages given back first); PostgreSQL
    answers inserts into organisations with SQLSTATE 53100 (disk_full), the error a full disk gives."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Pages freed by earlier tests would take the write without growing the file: give them back
            # first, so that the file is full.
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {int(pages)}")
        else:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION reliability_disk_full() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER disk_full BEFORE INSERT ON actors_organization "
                "FOR EACH ROW EXECUTE FUNCTION reliability_disk_full()"
            )
    try:
        yield
    finally:
        _reset()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER IF EXISTS disk_full ON actors_organization")
                cursor.execute("DROP FUNCTION IF EXISTS reliability_disk_full()")


def _reset() -> None:
    if connection.connection is None:  # Arrimage closed it after the fault: the next one is healthy
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = OFF")
            cursor.execute("PRAGMA max_page_count = 4294967294")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
