"""The query plans of the statements the site runs: which tables each one reads whole, on SQLite and on
PostgreSQL.

SQLite: `EXPLAIN QUERY PLAN`; a table read whole shows as `SCAN <table>` without `USING INDEX`,
`USING COVERING INDEX` or `USING INTEGER PRIMARY KEY`.
PostgreSQL: `EXPLAIN (FORMAT JSON)` with `SET LOCAL enable_seqscan = off` in a transaction rolled back:
the planner then avoids a sequential scan whenever an index can serve, so a `Seq Scan` still chosen means
that no usable index exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import connection, transaction

# Apps whose tables grow with the use of the site (every model, their history, their many-to-many tables).
GROWING_APPS = frozenset(
    {"accounts", "access", "actors", "analysis", "concertation", "directory", "interchange", "plans", "privacy"}
)
# Tables of those apps that do not grow with use: the themes are seeded by a migration (about thirty).
STEADY_TABLES = frozenset({"concertation_theme"})
# Tables of Django that grow with use.
GROWING_DJANGO_TABLES = frozenset({"django_session", "django_admin_log"})


def growing_tables() -> frozenset[str]:
    """The tables that grow with the data: organisations, people, positions, concertations, seats,
    memberships, plans and their parts, services, imports, consents, keys, grants, histories..."""
    tables = set(GROWING_DJANGO_TABLES)
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in GROWING_APPS:
            tables.add(model._meta.db_table)
    return frozenset(tables - STEADY_TABLES)


_SQLITE_SCAN = re.compile(r"^SCAN (?P<table>\w+)(?: AS \w+)?(?P<rest>.*)$")
# Django names a table again in a subquery or a second join with an alias (`"actors_person" U0`, `T4`);
# SQLite's plan then names the alias.
_ALIAS = re.compile(r'"(?P<table>\w+)" (?:AS )?(?P<alias>[A-Z]+\d+)\b')
_SQLITE_INDEXED = ("USING INDEX", "USING COVERING INDEX", "USING INTEGER PRIMARY KEY", "USING PRIMARY KEY")


def scanned_tables(sql: str, params: Any) -> set[str]:
    """The tables this SELECT reads whole, without an index."""
    if connection.vendor == "sqlite":
        return _sqlite_scans(sql, params)
    return _postgresql_scans(sql, params)


def _sqlite_scans(sql: str, params: Any) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        details = [row[3] for row in cursor.fetchall()]
    aliases = {match["alias"]: match["table"] for match in _ALIAS.finditer(sql)}
    found = set()
    for detail in details:
        match = _SQLITE_SCAN.match(detail)
        if match and not any(word in match["rest"] for word in _SQLITE_INDEXED):
            found.add(aliases.get(match["table"], match["table"]))
    return found


def _postgresql_scans(sql: str, params: Any) -> set[str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
        transaction.set_rollback(True)
    if isinstance(plan, str):
        plan = json.loads(plan)
    return {node["Relation Name"] for node in _nodes(plan[0]["Plan"]) if node.get("Node Type") == "Seq Scan"}


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def plan_text(sql: str, params: Any) -> str:
    """The plan, as text, for a failure's message."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            text = "\n".join(str(row[3]) for row in cursor.fetchall())
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            text = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return text
