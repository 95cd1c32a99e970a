"""What the registry's read pages share: pages of results, breadcrumbs and who may be named."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects

from arrimage.access import policy
from arrimage.actors.models import Person
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory

PAGE_SIZE = 50


@dataclass(frozen=True)
class Crumb:
    """A step of the breadcrumb (components/breadcrumb.html reads `name` and `get_absolute_url`)."""

    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


@dataclass(frozen=True)
class Results:
    """One page of a filtered list: `page` is None when the number asked for is past the last page."""

    paginator: Paginator[Any]
    page: Page[Any] | None
    past_end: bool


def record_number(text: str) -> int | None:
    """The record number an address gives (`?concertation=12`), or None when the text is not one: only ASCII
    digits count (« ² » and « ١٢ » pass `str.isdigit` but are no record number)."""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def paginate(queryset: QuerySet[Any], number: int, *, size: int = PAGE_SIZE) -> Results:
    """The page `number` of `queryset`. A page past the end is an empty page, not an error: the list may
    have changed since the link was made."""
    paginator = Paginator(queryset, size)
    if number > paginator.num_pages:
        return Results(paginator, None, past_end=paginator.count > 0)
    return Results(paginator, paginator.page(number), past_end=False)


def people_named(user: Any, people: Iterable[Person]) -> set[int]:
    """The ids of the people this user may see named: those who consented to appear publicly, and those
    `policy.can_view_person` lets the user see.

    The policy asks which concertations each person sits on (and where, for a territorial editor); reading
    it for everyone at once (`policy.prime_people`) keeps the page's number of queries from growing with
    the number of people.
    """
    people = list({person.pk: person for person in people}.values())
    named = {person.pk for person in people if person.public_consent}
    if not getattr(user, "is_authenticated", False):
        return named
    policy.prime_people(user, people)
    return named | {person.pk for person in people if policy.can_view_person(user, person)}


def prime_territories(user: Any, concertations: Iterable[Concertation]) -> None:
    """Read the territories of these concertations at once: the policy reads them to decide whether a
    territorial editor may see or edit each one, and would otherwise ask once per concertation. Other
    visitors do not need them."""
    if not policy.access_for(user).is_editor:
        return
    missing = [c for c in concertations if "territories" not in getattr(c, "_prefetched_objects_cache", {})]
    if missing:
        prefetch_related_objects(
            missing, Prefetch("territories", queryset=Territory.objects.without_geometry().order_by("kind", "name"))
        )


def visible(user: Any, concertations: Iterable[Model]) -> list[Any]:
    """The concertations this user may see, in the same order."""
    concertations = list(concertations)
    prime_territories(user, (c for c in concertations if isinstance(c, Concertation) and not c.is_public))
    return [c for c in concertations if policy.can_view_concertation(user, c)]  # type: ignore[arg-type]
