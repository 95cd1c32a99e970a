"""What the importers know already, loaded in a few queries for the pure matchers."""

from __future__ import annotations

from arrimage.actors.models import Organization

from .matching import KnownOrganization, OrganizationIndex


def organization_index() -> OrganizationIndex:
    """Every organisation of the registry, with its acronym and other names. One query."""
    rows = Organization.objects.values_list("pk", "name", "acronym", "other_names")
    return OrganizationIndex.build(
        KnownOrganization(pk, name, acronym or "", tuple(other_names or ())) for pk, name, acronym, other_names in rows
    )
