"""What the importers know already, loaded in a few queries for the pure matchers."""

from __future__ import annotations

import threading
from typing import Any

from django.db.models import Count, Max

from arrimage.actors.models import Organization
from arrimage.core.versions import registry_version

from .matching import KnownOrganization, OrganizationIndex

_LOCK = threading.Lock()
_LAST: tuple[tuple[Any, ...], OrganizationIndex] | None = None


def organization_index() -> OrganizationIndex:
    """Every organisation of the registry, with its acronym and other names. One query."""
    rows = Organization.objects.values_list("pk", "name", "acronym", "other_names")
    return OrganizationIndex.build(
        KnownOrganization(pk, name, acronym or "", tuple(other_names or ())) for pk, name, acronym, other_names in rows
    )


def organization_index_kept() -> OrganizationIndex:
    """`organization_index()`, kept while the organisations stay the same. Read-only: never `add` to it.

    An import plans its file twice, at preview and again at commit, and matches every name of the file
    each time: the index of the last call, with the decisions it took, is reused while the registry's
    data version and the organisations' number, highest id and latest change stay the same (the last
    three also tell apart two states of a transaction rolled back). Two queries when it is kept."""
    global _LAST
    state = Organization.objects.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    key = (registry_version(), state["count"], state["last"], state["changed"])
    with _LOCK:
        if _LAST is not None and _LAST[0] == key:
            return _LAST[1]
    index = organization_index()
    with _LOCK:
        _LAST = (key, index)
    return index
