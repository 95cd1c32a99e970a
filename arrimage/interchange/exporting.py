"""Tables of the registry's lists for spreadsheets: CSV (for Excel in French) and XLSX.

A `Table` is a header row and an iterable of rows. Rows are read from the database in chunks and written
as they come, so that a list of twelve thousand concertations is exported in bounded memory. The header
row and the labels are in the language active when the table is written.

Spreadsheets run formulas: a cell starting with « = », « + », « - », « @ », a tab or a carriage return is
neutralised (OWASP « CSV injection »): in CSV it is prefixed with an apostrophe, in XLSX every text is
written as a text cell, never as a formula.

Personal information: a holder is named only when `policy.shows_identity` allows it; people's contact
details and notes are never part of an export.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from arrimage.access import policy
from arrimage.actors.models import Organization
from arrimage.concertation import selectors
from arrimage.concertation.models import Concertation
from arrimage.concertation.selectors import Holding, SeatState
from arrimage.core.dates import PartialDate
from arrimage.territories.models import Territory

# Rows read from the database at a time: memory stays bounded, and the number of queries grows by a few
# per chunk only.
CHUNK_SIZE = 2000

# What a spreadsheet reads as the start of a formula (OWASP « CSV injection »).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """What an export writes: a title (the sheet's name), the header row and the rows."""

    title: str | Promise
    headers: Sequence[str | Promise]
    rows: Iterable[Sequence[Cell]]


def neutralised(value: Cell) -> Cell:
    """A text that a spreadsheet would read as a formula, prefixed with an apostrophe; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what `csv.writer` writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(table: Table, *, language: str | None = None) -> Iterator[bytes]:
    """The table as CSV for Excel in French: UTF-8 with a byte order mark, « ; » between cells, one row
    per chunk. `language` is the language of the header row and labels (the active one when not given),
    kept while the rows are written, even after the view has returned."""
    language = language or translation.get_language()
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    with translation.override(language):
        yield ("\ufeff" + writer.writerow([neutralised(str(h)) for h in table.headers])).encode("utf-8")
        for row in table.rows:
            yield writer.writerow([neutralised(cell) for cell in row]).encode("utf-8")


def xlsx_file(table: Table) -> IO[bytes]:
    """The table as an XLSX workbook in a temporary file, read from its start. openpyxl's write-only
    mode keeps rows on disk as they are added, so memory does not grow with the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(str(table.title)))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, str(header), font=bold) for header in table.headers])
    for row in table.rows:
        sheet.append([_text_cell(sheet, cell) if isinstance(cell, str) else cell for cell in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output


def _text_cell(sheet: Any, value: str, *, font: Font | None = None) -> Any:
    """A cell that holds text, whatever it starts with: never a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of : \\ / ? * [ ]."""
    for character in ":\\/?*[]":
        title = title.replace(character, " ")
    return title[:31].strip() or "Export"


# Rows of the registry's lists -----------------------------------------------------------------------


def _partial(value: PartialDate | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _names(items: Iterable[Any]) -> str:
    return ", ".join(item.name for item in items)


def _territories() -> Prefetch[Any]:
    return Prefetch(
        "territories", queryset=Territory.objects.without_geometry().only("kind", "code", "name").order_by("name")
    )


def _chunked(queryset: QuerySet[Any], convert: Callable[[Any], Sequence[Cell]]) -> Iterator[Sequence[Cell]]:
    for row in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield convert(row)


CONCERTATION_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Acronym"),
    gettext_lazy("Kind"),
    gettext_lazy("Level"),
    gettext_lazy("Themes"),
    gettext_lazy("Coordinating organisation"),
    gettext_lazy("Territories covered"),
    gettext_lazy("Seats"),
    gettext_lazy("Founded"),
    gettext_lazy("Ended"),
    gettext_lazy("Page address"),
)


def concertation_table(concertations: QuerySet[Concertation], *, site: str = "") -> Table:
    """The concertations of a list (as `selectors.concertation_list` gives them, in its order), one row
    each. `site` is the address the pages' paths are appended to."""
    queryset = concertations.prefetch_related(_territories())

    def row(concertation: Concertation) -> Sequence[Cell]:
        coordinator = concertation.coordinating_organization
        return (
            concertation.name,
            concertation.acronym,
            concertation.get_kind_display(),
            concertation.get_level_display(),
            _names(concertation.themes.all()),
            coordinator.name if coordinator else "",
            _names(concertation.territories.all()),
            getattr(concertation, "seat_count", None),
            _partial(concertation.start),
            _partial(concertation.end),
            site.rstrip("/") + concertation.get_absolute_url(),
        )

    return Table(gettext_lazy("Concertations"), CONCERTATION_HEADERS, _chunked(queryset, row))


ORGANIZATION_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Acronym"),
    gettext_lazy("Sector"),
    gettext_lazy("Legal form"),
    gettext_lazy("Territories served"),
    gettext_lazy("Positions"),
    gettext_lazy("Website"),
    gettext_lazy("Founded"),
    gettext_lazy("Ended"),
    gettext_lazy("Page address"),
)


def organization_table(organizations: QuerySet[Organization], *, site: str = "") -> Table:
    """The organisations of a list (as `actors.selectors.organization_list` gives them), one row each."""
    queryset = organizations.prefetch_related(
        Prefetch(
            "territories_served",
            queryset=Territory.objects.without_geometry().only("kind", "code", "name").order_by("name"),
        )
    )

    def row(organization: Organization) -> Sequence[Cell]:
        return (
            organization.name,
            organization.acronym,
            organization.get_sector_display(),
            organization.get_legal_form_display() if organization.legal_form else "",
            _names(organization.territories_served.all()),
            getattr(organization, "position_count", None),
            organization.website,
            _partial(organization.start),
            _partial(organization.end),
            site.rstrip("/") + organization.get_absolute_url(),
        )

    return Table(gettext_lazy("Organisations"), ORGANIZATION_HEADERS, _chunked(queryset, row))


SEAT_HEADERS = (
    gettext_lazy("Seat"),
    gettext_lazy("Seat type"),
    gettext_lazy("Reserved for"),
    gettext_lazy("Voting"),
    gettext_lazy("Held by"),
    gettext_lazy("On behalf of"),
    gettext_lazy("Role"),
    gettext_lazy("Since"),
    gettext_lazy("Vacant since"),
)


def holder_label(holding: Holding, state: SeatState, *, private_view: bool) -> tuple[str, str]:
    """Who holds a seat and for whom, as an export may say it: the person's name only when the policy
    shows their identity; « citizen seat (held) » or « person (identity protected) » otherwise."""
    organization = holding.organization.name if holding.organization is not None else ""
    if holding.person is not None and policy.shows_identity(holding.person, private_view=private_view):
        return holding.person.full_name, organization
    if holding.hidden or holding.person is not None:
        if state.is_citizen:
            return _("Citizen seat (held)"), ""
        return _("Person (identity protected)"), organization
    return organization, ""


def seat_table(concertation: Concertation, *, on: dt.date, private_view: bool) -> Table:
    """The seats of a concertation on `on` with their holders then, one row per holder (a vacant seat
    has one row). Two queries, whatever the number of seats."""
    states = selectors.concertation_seats(concertation, on=on, private_view=private_view)

    def rows() -> Iterator[Sequence[Cell]]:
        for state in states:
            seat = state.seat
            common: tuple[Cell, ...] = (
                seat.label,
                seat.get_seat_type_display(),
                seat.get_reserved_sector_display() if seat.reserved_sector else "",
                _yes_no(seat.is_voting),
            )
            if not state.holders:
                since = state.vacant_since.isoformat() if state.vacant_since else ""
                yield (*common, "", "", "", "", since)
            for holding in state.holders:
                holder, on_behalf = holder_label(holding, state, private_view=private_view)
                yield (*common, holder, on_behalf, holding.role_label, _partial(holding.start), "")

    return Table(gettext_lazy("Seats"), SEAT_HEADERS, rows())
