"""The CSV and XLSX readers (`arrimage.interchange.reading`): any bytes give a table or an
`ImportFileError` with a message (never another exception, never a hang), and a file written from
generated rows reads back with the same cells."""

from __future__ import annotations

import csv
import io
import zipfile

from django.test import override_settings
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook

from arrimage.interchange.reading import ImportFileError, Table, read_table, sheet_names

from .profiles import FUZZ, fuzz
from .strategies import NASTY_CHARACTERS

NO_SEPARATORS = str.maketrans({",": " ", ";": " ", "\t": " "})
NAMES = ("data.csv", "data.xlsx", "data.txt", "data", "data.xls", "data.ods")
header = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZéèàçÉ ()·-'", min_size=1, max_size=12).filter(
    lambda text: any(char.isalpha() for char in text)  # a header of digits and dashes reads as data
)
cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\t\n")
    | st.sampled_from([c for c in NASTY_CHARACTERS if c not in "\x00\r"]),
    max_size=30,
)


def _check(data: bytes, filename: str) -> Table | None:
    try:
        table = read_table(data, filename=filename)
    except ImportFileError as error:
        assert error.message.strip() and error.code
        return None
    assert len({header.casefold() for header in table.headers}) == len(table.headers)
    assert all(len(row.cells) == len(table.headers) for row in table.rows)
    assert all("\x00" not in cell for row in table.rows for cell in row.cells)
    return table


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WORKBOOK = _xlsx([["Nom", "Courriel"], ["Un", "un@exemple.org"]])


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(NAMES))
def test_any_bytes_give_a_table_or_a_message(data: bytes, filename: str) -> None:
    _check(data, filename)


@FUZZ
@given(st.lists(st.lists(cell, max_size=6), max_size=6), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_any_text_in_any_encoding_gives_a_table_or_a_message(rows: list[list[str]], encoding: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    _check(data, "data.csv")


@FUZZ
@given(
    st.lists(header, min_size=1, max_size=5, unique_by=lambda text: " ".join(text.split()).casefold()),
    # Cells without the other separators: a file whose cells hold more commas than it has semicolons
    # cannot say which of the two separates its columns.
    st.lists(
        st.lists(cell.map(lambda text: text.translate(NO_SEPARATORS)), min_size=5, max_size=5), min_size=1, max_size=5
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_csv_round_trip(headers: list[str], rows: list[list[str]], separator: str) -> None:
    rows = [row[: len(headers)] for row in rows]
    assume(any(cell.strip() for row in rows for cell in row))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows([headers, *rows])
    table = _check(buffer.getvalue().encode("utf-8"), "data.csv")
    assert table is not None
    assert table.headers == tuple(" ".join(h.split()) for h in headers)
    wanted = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    assert [list(row.cells) for row in table.rows] == wanted


@fuzz(0.5)
@given(
    st.lists(header, min_size=1, max_size=4, unique_by=lambda text: " ".join(text.split()).casefold()),
    st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=4),
)
def test_xlsx_round_trip(headers: list[str], rows: list[list[str]]) -> None:
    rows = [[cell.replace("\r", "") for cell in row[: len(headers)]] for row in rows]
    assume(any(cell.strip() for row in rows for cell in row))
    assume(not any(cell.startswith("=") for row in rows for cell in row))
    table = _check(_xlsx([headers, *rows]), "data.xlsx")
    assert table is not None
    wanted = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    assert [list(row.cells) for row in table.rows] == wanted


@fuzz(0.5)
@given(st.data())
def test_damaged_xlsx_gives_a_message(data: st.DataObject) -> None:
    workbook = WORKBOOK
    cut = data.draw(st.integers(0, len(workbook) - 1))
    flip = data.draw(st.integers(0, len(workbook) - 1))
    damaged = bytearray(workbook[:cut] if data.draw(st.booleans()) else workbook)
    if flip < len(damaged):
        damaged[flip] ^= data.draw(st.integers(1, 255))
    if damaged:
        _check(bytes(damaged), "data.xlsx")
        try:
            sheet_names(bytes(damaged), filename="data.xlsx")
        except ImportFileError as error:
            assert error.message.strip()


@fuzz(0.5)
@given(
    st.lists(st.sampled_from(["xl/workbook.xml", "[Content_Types].xml", "a.txt"]), max_size=3), st.binary(max_size=300)
)
def test_zip_that_is_not_a_workbook_gives_a_message(names: list[str], content: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in dict.fromkeys(names):
            archive.writestr(name, content)
    _check(buffer.getvalue(), "data.xlsx")


@fuzz(0.25)
@given(st.sampled_from(['"', "'", ",", ";", "\t", "a", "\n"]), st.integers(1000, 60_000))
def test_huge_and_repetitive_files_are_read_quickly(piece: str, count: int) -> None:
    with override_settings(ARRIMAGE_IMPORT_MAX_ROWS=200):
        _check(("Nom;Courriel\n" + piece * count).encode(), "data.csv")


@FUZZ
@given(st.lists(st.sampled_from(["Nom", "nom", "Nom (2)", "NOM (3)", "", "Courriel"]), min_size=1, max_size=6))
def test_headers_are_unique_whatever_the_file_repeats(headers: list[str]) -> None:
    assume(any(headers))
    data = (";".join(headers) + "\n" + ";".join("x" for _ in headers) + "\n").encode()
    table = _check(data, "data.csv")
    assert table is not None
