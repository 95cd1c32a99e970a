"""The downloads of the « Concertation » page's sections: their figures as CSV and XLSX files, their charts
as SVG (and PNG, drawn by static/js/chart-png.js), and the charts the page shows.

`registry/analysis/_downloads.html` reads them: a section includes it `with figures="lacunes"` (slugs of
`FIGURES`, separated by spaces) and, when it has charts, `charts="equite"` (slugs of `CHARTS`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..charts import CHARTS
from ..views.analysis_exports import CSV, FIGURES, XLSX, file_name

register = template.Library()


@register.simple_tag(takes_context=True)
def figure_downloads(context: template.Context) -> dict[str, list[dict[str, Any]]]:
    """The links of the section's figures and charts, for the page's territory and day."""
    territory = context["territory"]
    on = context["on"]
    results = context.get("results")
    public_id = territory.public_id
    query = "" if context.get("is_today") else "?" + urlencode({"date": on.isoformat()})
    figures = []
    for slug in str(context.get("figures") or "").split():
        figure = FIGURES[slug]
        figures.append(
            {
                fmt: reverse("registry:territory_analysis_figure", args=[public_id, slug, fmt]) + query
                for fmt in (CSV, XLSX)
            }
            | {
                "csv_label": str(figure.label) % {"format": "CSV"},
                "xlsx_label": str(figure.label) % {"format": "XLSX"},
            }
        )
    charts = []
    for slug in str(context.get("charts") or "").split():
        chart = CHARTS[slug]
        if results is None or not chart.has_data(results):
            continue
        charts.append(
            {
                "url": reverse("registry:territory_analysis_chart", args=[public_id, slug]) + query,
                "filename": file_name(territory, slug, on),
                "svg_label": str(chart.label) % {"format": "SVG"},
                "png_label": str(chart.label) % {"format": "PNG"},
                # Built from escaped texts only (see charts.py).
                "svg": mark_safe(chart.draw(results, place=territory.name)) if chart.inline else "",  # noqa: S308
            }
        )
    return {"figures": figures, "charts": charts}
