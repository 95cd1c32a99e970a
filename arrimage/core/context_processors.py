"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The background map settings that every page with a map needs."""
    return {"map_tiles": settings.ARRIMAGE_MAP_TILES}
