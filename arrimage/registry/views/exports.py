"""Exports of the registry's lists to spreadsheets: the concertations and the organisations with the
filters of their pages, and a concertation's seats with their holders on a day."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from arrimage.access import policy
from arrimage.actors import selectors as actors
from arrimage.concertation import selectors
from arrimage.concertation.models import Concertation
from arrimage.interchange import exporting

from ..forms_filters import AsOfForm, ConcertationFilterForm, OrganizationFilterForm

CSV = "csv"
XLSX = "xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet(table: exporting.Table, fmt: str, *, filename: str) -> HttpResponseBase:
    """The table as a file to download: CSV written row by row as it is sent, or an XLSX workbook."""
    if fmt == XLSX:
        return FileResponse(
            exporting.xlsx_file(table), as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
        )
    response = StreamingHttpResponse(exporting.csv_chunks(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _stamp() -> str:
    return timezone.localdate().isoformat()


def _back_to(list_name: str, request: HttpRequest) -> HttpResponse:
    """Filters that cannot be read: back to the list, which says what is wrong on each field."""
    return redirect(f"{reverse(list_name)}?{request.GET.urlencode()}")


def concertation_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The concertations of the list page with the same filters, every page of results at once."""
    form = ConcertationFilterForm(request.GET)
    if not form.is_valid():
        return _back_to("registry:concertation_list", request)
    base = policy.visible_concertations(request.user, Concertation.objects.all())
    queryset = selectors.concertation_list(form.filters(), base=base)
    table = exporting.concertation_table(queryset, site=request.build_absolute_uri("/"))
    return spreadsheet(table, fmt, filename=f"concertations-{_stamp()}")


def organization_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The organisations of the list page with the same filters."""
    form = OrganizationFilterForm(request.GET)
    if not form.is_valid():
        return _back_to("registry:organization_list", request)
    table = exporting.organization_table(actors.organization_list(form.filters()), site=request.build_absolute_uri("/"))
    return spreadsheet(table, fmt, filename=f"organismes-{_stamp()}")


def concertation_seats_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """A concertation's seats and their holders on the day of its page (`?date=`), named as the page
    names them; never a contact detail."""
    concertation = selectors.concertation_get(pk)
    if not policy.can_view_concertation(request.user, concertation):
        raise Http404(pk)
    on = AsOfForm(request.GET if "date" in request.GET else None).on
    private_view = policy.can_view_concertation_private(request.user, concertation)
    table = exporting.seat_table(concertation, on=on, private_view=private_view)
    name = slugify(concertation.acronym or concertation.name)[:60] or str(concertation.pk)
    return spreadsheet(table, fmt, filename=f"sieges-{name}-{on.isoformat()}")
