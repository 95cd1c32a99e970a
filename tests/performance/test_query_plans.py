"""No page or endpoint reads a growing table whole: every statement of every entry of the budget table, run
in the large world, is explained, and a full scan of a table that grows with the data fails unless the
allow-list below says why it is right.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.db import connection, transaction

from .budgets import BUDGETS
from .measure import Fetcher, Query, forget_caches
from .plans import growing_tables, plan_text, scanned_tables
from .world import LARGE, build

pytestmark = pytest.mark.django_db

SEARCH = "search: full-text index on PostgreSQL, see arrimage/core/search"


@dataclass(frozen=True)
class Allowed:
    """A statement that may read `table` whole: recognised by a pattern of its SQL, on the engines named."""

    table: str
    sql: str
    reason: str
    engines: frozenset[str] = frozenset({"sqlite", "postgresql"})


ALLOWED: list[Allowed] = [
    Allowed(
        "actors_organization",
        re.escape(
            'FROM "actors_organization" ORDER BY "actors_organization"."name" ASC, "actors_organization"."id" ASC'
        ),
        "the Popolo export returns every organisation: the whole table is its result, not a filter's",
    ),
    Allowed(
        "directory_service",
        re.escape('"directory_service_service_areas"."territory_id" IN'),
        "the analysis's services of a territory (arrimage/analysis/loading.py): an OR across two joined "
        "tables (service areas, locations) that SQLite cannot split over their indexes; PostgreSQL combines "
        "both indexes (BitmapOr). Written as two `pk__in` subqueries, SQLite would use them too",
        frozenset({"sqlite"}),
    ),
    Allowed(
        "concertation_concertation",
        r'"is_public" OR \S+"territory_id" IN \(',
        "the concertations a territorial editor may see: the public ones or those placed in their "
        "territories (joined), which is nearly every row; PostgreSQL combines the public index and the "
        "territories' index (BitmapOr), SQLite cannot split an OR across a join (nor use a partial index "
        "inside an OR)",
        frozenset({"sqlite"}),
    ),
]


def _allowed(table: str, sql: str) -> str:
    """Why this statement may read `table` whole, or an empty string."""
    if '"search_key"' in sql and " LIKE " in sql:
        return SEARCH
    for allowed in ALLOWED:
        if allowed.table == table and re.search(allowed.sql, sql) and connection.vendor in allowed.engines:
            return allowed.reason
    return ""


@pytest.fixture(scope="module")
def statements(django_db_setup, django_db_blocker) -> dict[str, list[tuple[str, Query, set[str]]]]:
    """Every distinct SELECT of each entry, run cold in the large world, with the tables it reads whole."""
    scans: dict[str, list[tuple[str, Query, set[str]]]] = defaultdict(list)
    with django_db_blocker.unblock(), transaction.atomic():
        world = build(LARGE)
        fetcher = Fetcher(world)
        seen: dict[str, set[str]] = {}
        for name, budget in BUDGETS.items():
            forget_caches()
            _response, queries = fetcher.once(budget)
            for query in queries:
                sql = query.sql.lstrip()
                if not sql.upper().startswith(("SELECT", "WITH")) or query.params is None:
                    continue
                if sql not in seen:
                    seen[sql] = scanned_tables(sql, query.params)
                    plan = seen[sql]
                    if plan:
                        scans[name].append((plan_text(sql, query.params), query, plan))
                elif seen[sql]:
                    scans[name].append(("", query, seen[sql]))
        transaction.set_rollback(True)
    return scans


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_no_growing_table_read_whole(statements, name):
    growing = growing_tables()
    problems = []
    for plan, query, tables in statements.get(name, []):
        for table in sorted(tables & growing):
            if _allowed(table, query.sql):
                continue
            problems.append(f"{table}: {query.sql}\n{plan}")
    assert not problems, f"{name} reads growing tables whole:\n" + "\n\n".join(problems)
