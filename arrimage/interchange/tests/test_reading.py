"""Reading real CSV and XLSX files, and refusing those that cannot or should not be read."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from arrimage.interchange.reading import ImportFileError, check_file_size, read_table, sheet_names

FILES = Path(__file__).parent / "files"


def xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(data: bytes, filename: str = "membres.csv", **kwargs) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        read_table(data, filename=filename, **kwargs)
    return caught.value


def test_cp1252_with_semicolons_as_excel_exports_in_french():
    table = read_table((FILES / "membres-cp1252.csv").read_bytes(), filename="membres-cp1252.csv")
    assert table.encoding == "cp1252"
    assert table.separator == ";"
    assert table.headers == ("Organisme", "Représentant·e", "Courriel", "Siège", "Depuis")
    assert table.rows[0].line == 2
    assert table.rows[0].cells[0] == "Centre d’action bénévole"
    assert table.rows[1].cells == ("Maison des jeunes", "Luc Côté", "luc@example.org", "", "2019")


def test_utf8_with_byte_order_mark_and_commas():
    data = '\ufeffOrganisme,Représentant·e\n"Le Phare, Québec",Zoé Gagnon\n'.encode()
    table = read_table(data, filename="a.csv")
    assert table.encoding == "utf-8-sig"
    assert table.separator == ","
    assert table.headers[0] == "Organisme"
    assert table.rows[0].cells == ("Le Phare, Québec", "Zoé Gagnon")


def test_tab_separated_utf8_with_blank_rows_keeping_line_numbers():
    data = b"Nom\tSigle\n\nCentre des femmes\tCDF\n\t\nMaison de la famille\tMDF\n"
    table = read_table(data, filename="organismes.tsv")
    assert table.encoding == "utf-8"
    assert table.separator == "\t"
    assert [row.line for row in table.rows] == [3, 5]


def test_xlsx_sheets_formulas_and_dates_are_read_never_evaluated():
    def build(workbook):
        first = workbook.active
        first.title = "Notes"
        first.append(["Rien à importer"])
        members = workbook.create_sheet("Membres")
        members.append(["Organisme", "Depuis", "Total", "Texte"])
        members.append(["CAB", dt.datetime(2021, 3, 15), "=1+1", ""])
        members["D2"].value = '=HYPERLINK("http://example.org")'
        members["D2"].data_type = "s"  # text typed with a leading « = », not a formula

    data = xlsx(build)
    assert sheet_names(data, filename="membres.xlsx") == ["Notes", "Membres"]
    table = read_table(data, filename="membres.xlsx", sheet="Membres")
    assert table.sheet == "Membres"
    assert table.sheets == ("Notes", "Membres")
    organisation, since, total, text = table.rows[0].cells
    assert organisation == "CAB"
    assert since == "2021-03-15"
    assert total == ""  # a formula without a saved value is empty: never evaluated
    assert text.startswith("=HYPERLINK")  # text that looks like a formula stays text
    assert read_table(data, filename="membres.xlsx").headers == ("Rien à importer",)


def test_xlsx_unknown_sheet_lists_the_sheets():
    data = xlsx(lambda workbook: workbook.active.append(["Nom"]))
    error = refused(data, "a.xlsx", sheet="Membres")
    assert "Membres" in error.message and "Sheet" in error.message


def test_size_limit_is_checked_on_the_upload_size_before_reading(settings):
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(ImportFileError) as caught:
        check_file_size(200 * 1024 * 1024)  # a 200 MB upload, refused from its announced size
    assert caught.value.code == "too_large"
    assert "200" in caught.value.message and "10" in caught.value.message
    settings.ARRIMAGE_IMPORT_MAX_BYTES = 100
    assert refused(b"Nom\n" + b"x" * 200).code == "too_large"


def test_row_limit(settings):
    settings.ARRIMAGE_IMPORT_MAX_ROWS = 3
    assert read_table(b"Nom\na\nb\nc\n", filename="a.csv").rows[-1].cells == ("c",)
    error = refused(b"Nom\na\nb\nc\nd\n")
    assert error.code == "too_many_rows" and "3" in error.message


def test_three_hundred_columns_are_refused():
    header = ",".join(f"Colonne{i}" for i in range(300))
    error = refused(f"{header}\n".encode())
    assert error.code == "too_many_columns"
    assert "100" in error.message


def test_empty_files():
    assert refused(b"").code == "empty"
    assert refused(b"\n \n;;\n").code == "empty"
    assert refused(b"", "a.xlsx").code == "empty"


def test_not_an_xlsx():
    error = refused(b"Nom;Sigle\nCAB;CAB\n", "membres.xlsx")
    assert error.code == "not_xlsx"
    assert ".xlsx" in error.message
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert refused(buffer.getvalue(), "membres.xlsx").code == "not_xlsx"
    assert refused(b"\xd0\xcf\x11\xe0 old excel", "membres.xls").code == "xls"


def test_decompression_bomb_is_refused_before_opening():
    """A workbook whose sheet XML (2 MB of one repeated row) compresses more than a hundredfold."""
    good = xlsx(lambda workbook: workbook.active.append(["Nom"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                row = b'<row><c t="inlineStr"><is><t>a</t></is></c></row>'
                content = content.replace(b"</sheetData>", row * 50_000 + b"</sheetData>")
            bomb.writestr(item.filename, content, compresslevel=9)
    data = buffer.getvalue()
    assert len(data) < 100_000
    error = refused(data, "membres.xlsx")
    assert error.code == "bomb"


def test_total_uncompressed_size_over_the_limit_is_refused(monkeypatch):
    from arrimage.interchange import reading

    monkeypatch.setattr(reading, "MAX_UNCOMPRESSED_BYTES", 1000)
    data = xlsx(lambda workbook: workbook.active.append(["Nom"] * 50))
    assert refused(data, "a.xlsx").code == "bomb"


def test_undecodable_bytes_are_refused():
    # 0x81 is undefined in Windows-1252 and invalid in UTF-8.
    error = refused(b"Nom\nCentre \x81\x8d\n")
    assert error.code == "encoding"
    assert "UTF-8" in error.message
    assert refused("Nom\nZoé\n".encode("utf-16")).code == "encoding"


def test_header_row_missing():
    error = refused(b"CAB;marie@example.org;2021\nMDJ;luc@example.org;2019\n")
    assert error.code == "no_header"
    assert "line 1" in error.message or "ligne 1" in error.message


def test_columns_without_header_and_duplicate_headers_are_named():
    table = read_table(b"Nom;Nom;;\nA;B;C;\n", filename="a.csv")
    assert table.headers[:2] == ("Nom", "Nom (2)")
    assert table.headers[2] in {"Column 3", "Colonne 3"}


def test_duplicate_headers_never_take_the_name_of_another_column():
    table = read_table(b"Nom;Nom;Nom (2);nom\nA;B;C;D\n", filename="a.csv")
    assert table.headers == ("Nom", "Nom (2)", "Nom (2) (2)", "nom (3)")
    assert len({header.casefold() for header in table.headers}) == 4


def test_a_zip_of_an_unknown_version_is_refused_with_a_message():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    directory = data.index(b"PK\x01\x02")
    data[directory + 6] = 84  # « version needed to extract »: 8.4, which zipfile does not read
    with pytest.raises(ImportFileError) as error:
        read_table(bytes(data), filename="a.xlsx")
    assert error.value.code == "not_xlsx"
