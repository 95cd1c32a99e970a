"""Requests of the budget table made in a world, with the queries they run counted (cold and warm) and kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client

from arrimage.analysis.results import forget as forget_analysis
from tests.security.site import Visitors
from tests.security.world import World

from .budgets import TOKEN, Budget


@dataclass
class Query:
    sql: str
    params: Any


@dataclass
class Measure:
    status: int | None = None
    cold: int = 0
    warm: int = 0
    queries: list[Query] = field(default_factory=list)  # the cold request's statements, with their parameters
    error: str = ""


@contextmanager
def recording() -> Iterator[list[Query]]:
    """The statements run on the default connection while inside, with their parameters."""
    seen: list[Query] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(Query(sql, None if many else params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def forget_caches() -> None:
    """Empty every cache, so that the next request does its work from the database."""
    for store in caches.all(initialized_only=True):
        store.clear()
    forget_analysis()


class Fetcher:
    """The world's visitors, and one anonymous client sending the territorial editor's API key."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.visitors = Visitors(world)
        self.token_client = Client(
            raise_request_exception=True, headers={"Authorization": f"Bearer {self.visitors.keys['editor']}"}
        )

    def client(self, role: str) -> Client:
        return self.token_client if role == TOKEN else self.visitors.clients[role]

    def request(self, budget: Budget) -> Any:
        client = self.client(budget.role)
        url = budget.url(self.world)
        if budget.method == "GET":
            return client.get(url)
        return client.generic(budget.method, url, budget.payload(self.world).encode(), content_type="application/json")

    def once(self, budget: Budget) -> tuple[Any, list[Query]]:
        """One request, in a savepoint rolled back afterwards (a write leaves nothing behind)."""
        with transaction.atomic():
            with recording() as seen:
                response = self.request(budget)
                if response.streaming:
                    b"".join(response.streaming_content)
            transaction.set_rollback(True)
        return response, seen

    def measure(self, budget: Budget) -> Measure:
        """The request made cold (caches emptied), then warm (the same request again)."""
        result = Measure()
        try:
            forget_caches()
            response, cold = self.once(budget)
            _, warm = self.once(budget)
        except Exception as error:  # reported by the test of this entry
            result.error = f"{type(error).__name__}: {error}"
            return result
        result.status = response.status_code
        result.cold, result.warm, result.queries = len(cold), len(warm), cold
        return result
