"""What the importers know already, loaded in a few queries for the pure matchers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Max

from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Membership
from arrimage.core.versions import registry_version

from .importing.people import KnownPerson, PersonIndex
from .matching import KnownOrganization, OrganizationIndex

Index = TypeVar("Index")

_LOCK = threading.Lock()
_KEPT: dict[str, tuple[tuple[Any, ...], Any]] = {}


def organization_index() -> OrganizationIndex:
    """Every organisation of the registry, with its acronym and other names. One query."""
    rows = Organization.objects.order_by().values_list("pk", "name", "acronym", "other_names")
    return OrganizationIndex.build(
        KnownOrganization(pk, name, acronym or "", tuple(other_names or ())) for pk, name, acronym, other_names in rows
    )


def person_index() -> PersonIndex:
    """Every person with the organisations they are tied to. Three queries, in no particular order (the
    index does not depend on it, and the memberships' own order would join their seats and concertations)."""
    ties: dict[int, set[int]] = {}
    for person_id, organization_id in Position.objects.order_by().values_list("person_id", "organization_id"):
        ties.setdefault(person_id, set()).add(organization_id)
    memberships = Membership.objects.filter(person__isnull=False, organization__isnull=False).order_by()
    for person_id, organization_id in memberships.values_list("person_id", "organization_id"):
        ties.setdefault(person_id, set()).add(organization_id)
    rows = Person.objects.order_by().values_list("pk", "given_name", "family_name", "email", "phone")
    return PersonIndex.build(
        KnownPerson(pk, given, family, email, phone, tuple(sorted(ties.get(pk, ()))))
        for pk, given, family, email, phone in rows
    )


def organization_index_kept() -> OrganizationIndex:
    """`organization_index()`, kept while the organisations stay the same (see `_kept`). Read-only."""
    return _kept("organizations", (Organization,), organization_index)


def person_index_kept() -> PersonIndex:
    """`person_index()`, kept while the people and their ties stay the same (see `_kept`). Read-only."""
    return _kept("people", (Person, Position, Membership), person_index)


def _kept(name: str, sources: tuple[type[models.Model], ...], build: Callable[[], Index]) -> Index:
    """The index `build` made last, while the rows it was made from stay the same; never `add` to it.

    An import plans its file twice, at preview and again at commit, and matches every row each time: the
    index of the last call (with the decisions it took) is reused while the registry's data version and,
    for each source table, its number of rows, highest id and latest change stay the same (the last three
    also tell apart two states of a transaction rolled back). One query per source table, and one for
    the version, when it is kept."""
    key: tuple[Any, ...] = (registry_version(),)
    for model in sources:
        state = model._default_manager.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
        key += (state["count"], state["last"], state["changed"])
    with _LOCK:
        if name in _KEPT and _KEPT[name][0] == key:
            index: Index = _KEPT[name][1]
            return index
    index = build()
    with _LOCK:
        _KEPT[name] = (key, index)
    return index
