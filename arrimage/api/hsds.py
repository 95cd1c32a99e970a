"""The directory of services in Open Referral HSDS 3.0.1, as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from arrimage.interchange.hsds import hsds_export

from .auth import OPTIONAL_SECURITY, optional_key

router = Router(tags=["services"])


@router.get(
    "/export/hsds",
    response={200: dict[str, Any]},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="export_hsds",
)
def export_hsds(request: HttpRequest) -> dict[str, Any]:
    """Every organisation that offers services, with its services, service areas, places and themes, in
    Open Referral HSDS 3.0.1 (https://docs.openreferral.org/en/3.0.1/). Ids are stable UUIDs: two exports
    of the same data carry the same ids. Public information only: no person's contact details."""
    return hsds_export()
