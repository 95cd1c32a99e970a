"""Reading a CSV or XLSX file into a plain table of text cells, with guards against files that would
exhaust the server or that cannot be what they claim to be.

CSV files are decoded as UTF-8 (with or without a byte order mark) and, failing that, as Windows-1252,
the encoding of Excel's French exports; the separator (comma, semicolon or tab) is detected. XLSX files
are read with openpyxl in read-only mode with `data_only=True`: a formula cell gives the value Excel
saved with it, and formulas are never evaluated (a formula without a saved value reads as empty; a text
cell that starts with « = » stays text). Before an XLSX is opened, its zip directory is checked so that
a small file that would inflate to gigabytes (a decompression bomb) is refused.

Limits come from the settings `ARRIMAGE_IMPORT_MAX_BYTES` (10 MB), `ARRIMAGE_IMPORT_MAX_ROWS` (20,000)
and `ARRIMAGE_IMPORT_MAX_COLUMNS` (100).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
DEFAULT_MAX_COLUMNS = 100
# An XLSX whose parts inflate beyond this, or one of whose large parts is compressed more than this ratio,
# is refused before openpyxl opens it. Small parts may compress well (a few repeated bytes) and harm no one.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024

SEPARATORS = (",", ";", "\t")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


class ImportFileError(Exception):
    """A file that cannot be read, with a message for the person who sent it."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Row:
    """A data row: its line number as a spreadsheet shows it (the header is usually line 1) and its cells,
    one per header, as text."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    format: str  # "csv" or "xlsx"
    encoding: str = ""  # "utf-8", "utf-8-sig" or "cp1252" for a CSV
    separator: str = ""  # ",", ";" or "\t" for a CSV
    sheet: str = ""  # the sheet read, for an XLSX
    sheets: tuple[str, ...] = ()  # every sheet of an XLSX, in order
    header_line: int = 1


def max_bytes() -> int:
    return int(getattr(settings, "ARRIMAGE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "ARRIMAGE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_columns() -> int:
    return int(getattr(settings, "ARRIMAGE_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS))


def check_file_size(size: int) -> None:
    """Refuse a file larger than the limit. Call it with the upload's size before reading the upload."""
    if size == 0:
        raise ImportFileError(_("The file is empty."), code="empty")
    limit = max_bytes()
    if size > limit:
        raise ImportFileError(
            _("The file is too large (%(size)s MB). Files of up to %(limit)s MB can be imported.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)},
            code="too_large",
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def file_format(filename: str, data: bytes) -> str:
    """« xlsx » or « csv », from the file's name and, failing that, its first bytes."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or .csv and try again."),
            code="xls",
        )
    if suffix in {".ods", ".numbers"}:
        raise ImportFileError(
            _("This kind of file cannot be read. Save the file as .xlsx or .csv and try again."), code="format"
        )
    return "xlsx" if data.startswith(b"PK") else "csv"


def sheet_names(data: bytes, *, filename: str) -> list[str]:
    """The sheets of an XLSX file, in order (an empty list for a CSV)."""
    check_file_size(len(data))
    if file_format(filename, data) != "xlsx":
        return []
    workbook = _open_workbook(data)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_table(data: bytes, *, filename: str, sheet: str | None = None) -> Table:
    """Read the file's first non-empty row as headers and the rows after it as text cells.

    Raises ImportFileError with a message in the active language when the file cannot be imported.
    """
    check_file_size(len(data))
    if file_format(filename, data) == "xlsx":
        return _read_xlsx(data, sheet)
    return _read_csv(data)


# CSV ----------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with: UTF-8 (with a byte order mark or not),
    else Windows-1252. Raises ImportFileError when neither reads it."""
    if b"\x00" in data:
        # UTF-16 text or a binary file: Windows-1252 would « read » it as garbage.
        raise ImportFileError(_encoding_message(), code="encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise ImportFileError(_encoding_message(), code="encoding") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportFileError(_encoding_message(), code="encoding") from None


def _encoding_message() -> str:
    return _(
        "The file's characters cannot be read. Save it as « CSV UTF-8 » (or as .xlsx) from your spreadsheet "
        "and try again."
    )


def detect_separator(text: str) -> str:
    """The separator of a CSV text among comma, semicolon and tab."""
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        pass
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {separator: _count_outside_quotes(first, separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, separator: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def _read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."), code="empty")
    separator = detect_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        records = _records(enumerate(reader, start=1))
        return _table(records, format="csv", encoding=encoding, separator=separator)
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s of the file cannot be read: %(error)s") % {"line": reader.line_num, "error": error},
            code="csv",
        ) from None


# XLSX ---------------------------------------------------------------------------------------------


# What reading a damaged zip archive raises: besides BadZipFile, a version or a compression method that
# zipfile does not know (NotImplementedError), a truncated member (EOFError), damaged deflate data.
ZIP_ERRORS = (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError, zlib.error)


def check_zip(data: bytes) -> None:
    """Refuse what is not a zip archive, and an archive that would inflate beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        bomb = total > MAX_UNCOMPRESSED_BYTES or any(
            member.file_size > _RATIO_CHECKED_FROM
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
            for member in members
        )
        if bomb:
            raise ImportFileError(
                _(
                    "This file would take far more room once opened than its size suggests. It was refused to "
                    "protect the server. Save it again from your spreadsheet, or send it as .csv."
                ),
                code="bomb",
            )
        if "xl/workbook.xml" not in archive.namelist():
            raise ImportFileError(_not_xlsx_message(), code="not_xlsx")


def _not_xlsx_message() -> str:
    return _("This file is not a valid Excel workbook (.xlsx). Save it again as .xlsx or .csv and try again.")


def _open_workbook(data: bytes) -> Any:
    from openpyxl import load_workbook

    check_zip(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
    workbook = _open_workbook(data)
    try:
        names = tuple(workbook.sheetnames)
        if not names:
            raise ImportFileError(_("The workbook has no sheet."), code="empty")
        name = sheet or names[0]
        if name not in names:
            raise ImportFileError(
                _("The workbook has no sheet named « %(sheet)s ». Its sheets are: %(sheets)s.")
                % {"sheet": name, "sheets": ", ".join(f"« {n} »" for n in names)},
                code="sheet",
            )
        worksheet = workbook[name]
        rows = worksheet.iter_rows(values_only=True, max_col=max_columns() + 1)
        try:
            records = _records((line, [_cell_text(value) for value in values]) for line, values in enumerate(rows, 1))
            return _table(records, format="xlsx", sheet=name, sheets=names)
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError(_not_xlsx_message(), code="not_xlsx") from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as text: dates in ISO form, whole numbers without « .0 », booleans as « true »/« false »."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# Both ---------------------------------------------------------------------------------------------

_DATA_LIKE = re.compile(r"^[\d\s.,/:-]+$|@")


def _records(numbered: Any) -> list[tuple[int, list[str]]]:
    """Non-blank rows with their line numbers, refusing a file over the row or column limits."""
    row_limit, column_limit = max_rows(), max_columns()
    records: list[tuple[int, list[str]]] = []
    for line, cells in numbered:
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > column_limit:
            raise ImportFileError(
                _("The file has more than %(limit)s columns (line %(line)s). Remove the columns you do not need.")
                % {"limit": column_limit, "line": line},
                code="too_many_columns",
            )
        records.append((line, cells))
        if len(records) > row_limit + 1:  # the header and the limit's worth of data rows
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": row_limit},
                code="too_many_rows",
            )
    return records


def _table(records: list[tuple[int, list[str]]], **details: Any) -> Table:
    if not records:
        raise ImportFileError(_("The file is empty."), code="empty")
    header_line, raw_headers = records[0]
    if any(_DATA_LIKE.search(header) for header in raw_headers if header) or not any(raw_headers):
        raise ImportFileError(
            _(
                "The first row (line %(line)s) does not look like column names. Add a first row that names the "
                "columns, for example « Organisme », « Représentant·e », « Courriel »."
            )
            % {"line": header_line},
            code="no_header",
        )
    width = max(len(cells) for _line, cells in records)
    headers = _unique_headers([*raw_headers, *[""] * (width - len(raw_headers))])
    rows = tuple(Row(line, (*cells, *[""] * (width - len(cells)))) for line, cells in records[1:])
    return Table(headers=tuple(headers), rows=rows, header_line=header_line, **details)


def _unique_headers(headers: list[str]) -> list[str]:
    """Name a column without a header « Colonne N » and tell apart two columns of the same name."""
    result: list[str] = []
    taken: set[str] = set()
    for position, header in enumerate(headers, start=1):
        name = " ".join(header.split()) or _("Column %(number)s") % {"number": position}
        unique, count = name, 1
        # A file may already have a column named « Nom (2) »: the second « Nom » then becomes « Nom (3) ».
        while unique.casefold() in taken:
            count += 1
            unique = f"{name} ({count})"
        taken.add(unique.casefold())
        result.append(unique)
    return result
