"""Themes in the JSON API: the shared taxonomy of issues that concertations work on."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from arrimage.concertation import selectors
from arrimage.concertation.models import Dimension

from .auth import OPTIONAL_SECURITY, optional_key

router = Router(tags=["themes"])


class ThemeOut(Schema):
    slug: str = Field(description="Stable identifier, used by the `theme` filter of `/concertations`.")
    name: str = Field(description="Name in the caller's language.")
    name_fr: str
    name_en: str
    dimension: Dimension = Field(description="The dimension of development the theme belongs to.")
    description_fr: str
    description_en: str


@router.get(
    "/themes",
    response=list[ThemeOut],
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="theme_list",
)
def theme_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every theme, by French name."""
    return [
        {
            "slug": theme.slug,
            "name": theme.name,
            "name_fr": theme.name_fr,
            "name_en": theme.name_en,
            "dimension": theme.dimension,
            "description_fr": theme.description_fr,
            "description_en": theme.description_en,
        }
        for theme in selectors.themes_all()
    ]
