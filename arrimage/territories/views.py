"""Pages of the territories: home, territory page and search."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import selectors
from .forms import TerritorySearchForm
from .models import Territory, TerritoryKind

SEARCH_PAGE_SIZE = 25

# What the map of each kind of territory draws: its own shape, the shapes of its children, and a
# neighbouring shape for context.
_DRAWS_SELF = {TerritoryKind.REGION, TerritoryKind.MRC, TerritoryKind.RSS, TerritoryKind.MUNICIPALITY}
_DRAWS_CHILDREN = {TerritoryKind.PROVINCE, TerritoryKind.REGION, TerritoryKind.MRC, TerritoryKind.RSS}


# The pages of the territories are cached as rendered fragments (see `selectors.territories_version`):
# a view fetches only what the page's frame needs and hands the template a callable that computes the
# rest; the template's `{% cache %}` block calls it only when its fragment is not in the cache.


def home(request: HttpRequest) -> HttpResponse:
    def content() -> dict[str, Any]:
        province = selectors.territory_get("province:24")
        return {
            "province": province,
            "regions": selectors.territory_children(province).annotate(children_count=Count("children")),
            "map_layers": _map_layers(province),
            "columns": _columns(TerritoryKind.REGION),
        }

    return render(request, "territories/home.html", {"version": selectors.territories_version(), "content": content})


def territory_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    version = selectors.territories_version()
    identity = selectors.territory_identity(public_id, version=version)

    def content() -> dict[str, Any]:
        territory = selectors.territory_get(public_id)
        context: dict[str, Any] = {
            "territory": territory,
            "ancestors": selectors.territory_ancestors(territory),
            "children": selectors.territory_children(territory).annotate(children_count=Count("children")),
            "urbanity": selectors.territory_urbanity_breakdown(territory),
            "map_layers": _map_layers(territory),
            "is_aggregate": territory.kind not in (TerritoryKind.MUNICIPALITY, TerritoryKind.BOROUGH),
            "columns": _columns(_CHILD_KIND.get(territory.kind, TerritoryKind.MUNICIPALITY)),
        }
        if territory.kind == TerritoryKind.PROVINCE:
            context["health_regions"] = selectors.territory_health_regions()
            context["rss_columns"] = _columns(TerritoryKind.RSS)
        return context

    return render(
        request,
        "territories/territory_detail.html",
        {"identity": identity, "version": version, "content": content},
    )


def territory_search(request: HttpRequest) -> HttpResponse:
    form = TerritorySearchForm(request.GET)
    if not form.is_valid():
        return render(request, "territories/search.html", {"form": form}, status=422)
    query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    number = form.cleaned_data["page"] or 1

    def results() -> dict[str, Any]:
        paginator = Paginator(selectors.territory_search(query, kind=kind), SEARCH_PAGE_SIZE)
        # A page past the end is an empty page, not an error: results may have changed since the link.
        return {
            "paginator": paginator,
            "page": paginator.page(number) if number <= paginator.num_pages else None,
            "past_end": number > paginator.num_pages,
        }

    context = {
        "form": form,
        "query": query,
        "kind": kind,
        "searched": bool(query or kind),
        # The raw query, not its search key: the cached results hold links that repeat it.
        "cache_key": (query, kind, number),
        "version": selectors.territories_version(),
        "results": results,
    }
    template = "territories/search.html#results" if request.htmx else "territories/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


_CHILD_KIND: dict[str, str] = {
    TerritoryKind.PROVINCE: TerritoryKind.REGION,
    TerritoryKind.REGION: TerritoryKind.MRC,
    TerritoryKind.MRC: TerritoryKind.MUNICIPALITY,
    TerritoryKind.RSS: TerritoryKind.MUNICIPALITY,
    TerritoryKind.MUNICIPALITY: TerritoryKind.BOROUGH,
}


def _columns(kind: str) -> set[str]:
    """The optional columns of a table of territories of this kind (see _territory_table.html)."""
    columns: dict[str, set[str]] = {
        TerritoryKind.REGION: {"children"},
        TerritoryKind.RSS: set(),
        TerritoryKind.MRC: {"designation", "class", "children"},
        TerritoryKind.MUNICIPALITY: {"designation", "class"},
        TerritoryKind.BOROUGH: set(),
    }
    return columns.get(kind, {"designation"})


def _map_layers(territory: Territory) -> list[dict[str, str]]:
    """The GeoJSON layers a territory's map draws, from the API, in drawing order, each with a plain
    description of its shape for the table that stands in for the map."""

    def geojson_url(target: Territory, children: bool = False) -> str:
        url = reverse("api-1:territory_geojson", kwargs={"public_id": target.public_id})
        return f"{url}?children=1" if children else url

    def point(target: Territory) -> str:
        return _("point at latitude %(lat)s, longitude %(lon)s") % {
            "lat": number_format(target.latitude or 0, 4),
            "lon": number_format(target.longitude or 0, 4),
        }

    layers = []
    parent = territory.parent
    if territory.kind == TerritoryKind.MUNICIPALITY and parent is not None:
        layers.append({"url": geojson_url(parent), "role": "context", "label": parent.name, "shape": _("boundary")})
        layers.append(
            {"url": geojson_url(territory), "role": "boundary", "label": territory.name, "shape": point(territory)}
        )
    elif territory.kind == TerritoryKind.BOROUGH and parent is not None:
        layers.append({"url": geojson_url(parent), "role": "boundary", "label": parent.name, "shape": point(parent)})
    elif territory.kind in _DRAWS_SELF:
        layers.append(
            {"url": geojson_url(territory), "role": "boundary", "label": territory.name, "shape": _("boundary")}
        )
    if territory.kind in _DRAWS_CHILDREN:
        points = territory.kind in (TerritoryKind.MRC, TerritoryKind.RSS)
        shape = _("points (reference point of each municipality)") if points else _("boundaries")
        layers.append(
            {"url": geojson_url(territory, True), "role": "children", "label": _("Subdivisions"), "shape": shape}
        )
    return layers
