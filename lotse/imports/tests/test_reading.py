"""Bad files get a clear message and change nothing; CSV in every encoding and delimiter Excel
writes; formulas stay text."""

import pytest
from django.test import override_settings

from lotse.imports import services
from lotse.imports.models import ImportBatch, ImportKind
from lotse.imports.reading import BadFile, read
from lotse.imports.tests.conftest import MENTEE_HEADER, csv_bytes, mentee_row, xlsx

pytestmark = pytest.mark.django_db

ROWS = [["Vorname", "Nachname", "Eintrittsdatum"], ["Jürgen", "Groß", "15.01.2025"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leer"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Kennwort"),
        (b"PK\x03\x04 this is no workbook", "keine lesbare Excel-Arbeitsmappe"),
        (xlsx([["Vorname", "Nachname"]]), "keine Zeilen"),
        (xlsx([]), "leer"),
        (b"Vorname;Nachname\r\n", "keine Zeilen"),
        (csv_bytes([["a\x00b", "c"]]), "NUL"),
    ],
    ids=[
        "empty",
        "png",
        "encrypted",
        "broken zip",
        "header only",
        "empty sheet",
        "csv header only",
        "nul",
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(
    content, message, project_a, lena
):
    with pytest.raises(BadFile, match=message):
        services.batch_upload(
            actor=lena, project=project_a, kind=ImportKind.MENTEES, file_name="x", content=content
        )
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(project_a, lena):
    with override_settings(LOTSE_IMPORT_MAX_BYTES=100), pytest.raises(BadFile, match="größer"):
        read(csv_bytes(ROWS * 10))


def test_a_file_over_the_row_limit_is_refused(project_a, lena):
    with override_settings(LOTSE_IMPORT_MAX_ROWS=3), pytest.raises(BadFile, match="höchstens 3"):
        read(csv_bytes(ROWS + ROWS[1:] * 5))


def test_a_missing_sheet_names_the_sheets_there_are():
    content = xlsx(ROWS, sheet="Mentees", extra_sheets={"Notizen": [["x"], ["y"]]})
    with pytest.raises(BadFile, match="„Daten“; ihre Blätter sind: Mentees, Notizen"):
        read(content, sheet="Daten")
    assert read(content, sheet="Notizen").headers == ["x"]


def test_a_sheet_without_known_headers_is_the_wrong_sheet(project_a, lena):
    content = xlsx([["Summe", "Monat"], ["12", "Mai"]], sheet="Auswertung")
    with pytest.raises(BadFile, match="richtige Datei und das richtige Blatt"):
        services.batch_upload(
            actor=lena, project=project_a, kind=ImportKind.MENTEES, file_name="x", content=content
        )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_the_encodings_and_delimiters_excel_writes(encoding, delimiter):
    sheet = read(csv_bytes(ROWS, delimiter=delimiter, encoding=encoding))
    assert sheet.headers == ROWS[0]
    assert sheet.rows == [ROWS[1]]


def test_xlsx_cells_become_text_and_formulas_stay_formulas_as_text():
    import datetime

    sheet = read(
        xlsx(
            [
                ["a", "b", "c", "d"],
                [datetime.datetime(2025, 1, 15), 1067.0, '=HYPERLINK("x")', None],
            ]
        )
    )
    assert sheet.rows == [["2025-01-15", "1067", '=HYPERLINK("x")', ""]]


def test_empty_rows_and_trailing_columns_are_dropped():
    sheet = read(csv_bytes([["a", "b", ""], ["1", "2", ""], ["", "", ""], ["3", "", ""]]))
    assert sheet.headers == ["a", "b"] and sheet.rows == [["1", "2"], ["3", ""]]


def test_the_template_reads_back_with_every_column_suggested(project_a, lena, reference):
    from lotse.imports.columns import COLUMNS
    from lotse.imports.workbooks import template_xlsx

    for kind in ImportKind:
        batch = services.batch_upload(
            actor=lena,
            project=project_a,
            kind=kind,
            file_name="t.xlsx",
            content=template_xlsx(kind),
        )
        assert set(batch.mapping) == {c.key for c in COLUMNS[kind]}, kind


def test_the_rejected_rows_workbook_keeps_formulas_as_text(project_a, lena, reference, alice):
    import io

    import openpyxl

    from lotse.imports.selectors import rejected_rows
    from lotse.imports.workbooks import rejected_xlsx

    row = mentee_row(birth="=1+1")
    batch = services.batch_upload(
        actor=lena,
        project=project_a,
        kind=ImportKind.MENTEES,
        file_name="x.xlsx",
        content=xlsx([MENTEE_HEADER, row]),
    )
    services.batch_start(actor=lena, batch=batch, commit=False)
    book = openpyxl.load_workbook(io.BytesIO(rejected_xlsx(batch, rejected_rows(batch))))
    sheet = book.active
    assert sheet.cell(2, 1).value.startswith(
        "Zeile 2, Spalte C (Geburtsdatum): „=1+1“ ist kein Datum"
    )
    assert sheet.cell(2, 4).value == "=1+1" and sheet.cell(2, 4).data_type == "s"
