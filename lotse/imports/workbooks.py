"""The workbooks the import hands out: the template of a kind (headers, an example row, a
sheet explaining each column) and the rejected rows of a batch with an error column, to be
corrected in Excel and uploaded again. Text is always written as text: a cell starting with
"=" stays text and never becomes a formula."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from lotse.imports.columns import COLUMNS
from lotse.imports.models import ImportBatch

_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _book() -> tuple[xlsxwriter.Workbook, io.BytesIO]:
    buffer = io.BytesIO()
    return xlsxwriter.Workbook(buffer, _OPTIONS), buffer


def template_xlsx(kind: str) -> bytes:
    book, buffer = _book()
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(_("Data"))
    columns = COLUMNS[kind]
    for index, col in enumerate(columns):
        sheet.write_string(0, index, str(col.label), required if col.required else bold)
        sheet.write_string(1, index, col.example, text)
        sheet.set_column(index, index, max(14, min(40, len(str(col.label)) + 4)), text)
    sheet.freeze_panes(1, 0)
    help_sheet = book.add_worksheet(_("Explanations"))
    head = book.add_format({"bold": True})
    for index, title in enumerate([_("Column"), _("Required"), _("What to write"), _("Example")]):
        help_sheet.write_string(0, index, title, head)
    for row, col in enumerate(columns, start=1):
        help_sheet.write_string(row, 0, str(col.label))
        help_sheet.write_string(row, 1, _("yes") if col.required else _("no"))
        help_sheet.write_string(row, 2, str(col.help))
        help_sheet.write_string(row, 3, col.example)
    notes = [
        _("Row 2 of the sheet “Data” is an example: replace it with your data."),
        _("Dates as 31.12.2024; a date cell of Excel works as well."),
        _("Other headers work too (also English ones): you assign the columns after the upload."),
    ]
    for offset, note in enumerate(notes, start=len(columns) + 2):
        help_sheet.write_string(offset, 0, note)
    help_sheet.set_column(0, 0, 34)
    help_sheet.set_column(2, 2, 70)
    help_sheet.set_column(3, 3, 40)
    book.close()
    return buffer.getvalue()


def rejected_xlsx(batch: ImportBatch, rows) -> bytes:
    """The rows with errors (or left out), with their cells as uploaded and a first column
    saying what is wrong (row and column of the uploaded file)."""
    book, buffer = _book()
    head = book.add_format({"bold": True, "bg_color": "#FCE4D6"})
    wrap = book.add_format({"text_wrap": True, "num_format": "@"})
    sheet = book.add_worksheet(_("Rejected rows"))
    sheet.write_string(0, 0, _("Errors (delete this column before uploading again)"), head)
    for index, header in enumerate(batch.headers, start=1):
        sheet.write_string(0, index, header, head)
    for out, row in enumerate(rows, start=1):
        messages = [
            "{where}: {message}".format(
                where=_("row %(row)s, column %(column)s")
                % {"row": row.number, "column": column_name(batch, error.get("column"))},
                message=error["message"],
            )
            for error in row.errors
        ] or [_("row %(row)s: left out") % {"row": row.number}]
        sheet.write_string(out, 0, "\n".join(messages), wrap)
        for index, cell in enumerate(row.cells, start=1):
            sheet.write_string(out, index, cell)
    sheet.set_column(0, 0, 60)
    sheet.freeze_panes(1, 1)
    book.close()
    return buffer.getvalue()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_name(batch: ImportBatch, index: int | None) -> str:
    """ "C (Geburtsdatum)" for a column of the file, "–" for an error of the whole row."""
    if index is None or index >= len(batch.headers):
        return "–"
    return f"{column_letter(index)} ({batch.headers[index]})"
