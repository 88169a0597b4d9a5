"""Reading an uploaded spreadsheet: XLSX (openpyxl, read-only) or CSV (UTF-8, UTF-8 with BOM
or Windows-1252, delimiter sniffed), into a header row and data rows of text.

Every cell becomes text: dates as ISO dates, whole numbers without ".0", a formula as its text
("=HYPERLINK(…)" is stored as those characters; nothing is ever evaluated). A file that is not a
spreadsheet, is empty, encrypted, too large or holds NUL bytes raises ``BadFile`` with a sentence
for the uploader; nothing has been stored then.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from lotse.reference.importers.base import grouped

#: Limits of one file (``LOTSE_IMPORT_MAX_BYTES`` / ``LOTSE_IMPORT_MAX_ROWS``).
MAX_COLUMNS = 100
MAX_CELL = 10_000
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted XLSX and old XLS are OLE containers


class BadFile(Exception):
    """The file cannot be imported; the message says why and what to do."""


def max_bytes() -> int:
    return int(getattr(settings, "LOTSE_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "LOTSE_IMPORT_MAX_ROWS", 20_000))


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[str]]  # without the header; each as long as the header
    sheet: str = ""
    #: False when only the first ``limit`` rows were read; ``estimate`` is then the sheet's
    #: row count as the workbook states it.
    complete: bool = True
    estimate: int = 0


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read(
    content: bytes, *, file_name: str = "", sheet: str = "", limit: int | None = None
) -> Sheet:
    """The header and the rows of the file (of a workbook at most ``limit`` rows: reading a
    large sheet takes seconds, which a request must not wait for); raises ``BadFile``."""
    if not content:
        raise BadFile(_("The file is empty."))
    if len(content) > max_bytes():
        raise BadFile(
            _("The file is larger than %(size)s MB. Split it into several files.")
            % {"size": max_bytes() // (1024 * 1024)}
        )
    if content.startswith(_OLE):
        raise BadFile(
            _(
                "This file is protected by a password or is an old Excel file (.xls). Open it "
                "in Excel, remove the password and save it as “Excel workbook (.xlsx)” or as CSV."
            )
        )
    if content.startswith(_ZIP):
        table = _read_xlsx(content, sheet, limit)
    else:
        if sheet:
            raise BadFile(_("A CSV file has no sheets; leave the sheet empty."))
        table = _read_csv(content)
    return _tidy(table)


def _tidy(table: Sheet) -> Sheet:
    while table.rows and not any(table.rows[-1]):
        table.rows.pop()
    headers = table.headers
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise BadFile(_("The first row of the sheet must hold the column headers; it is empty."))
    if len(headers) > MAX_COLUMNS:
        raise BadFile(_("The sheet has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    rows = [(row + [""] * len(headers))[: len(headers)] for row in table.rows if any(row)]
    if not rows:
        raise BadFile(_("The file has column headers but no rows below them."))
    if len(rows) > max_rows():
        raise BadFile(
            _(
                "The file has %(count)s rows; at most %(limit)s can be imported at once. Split it "
                "into several files."
            )
            % {"count": grouped(len(rows)), "limit": grouped(max_rows())}
        )
    for row in rows:
        for cell in row:
            if len(cell) > MAX_CELL:
                raise BadFile(
                    _("A cell holds more than %(count)s characters; is this the right file?")
                    % {"count": grouped(MAX_CELL)}
                )
    return Sheet(
        headers=[h or "" for h in headers],
        rows=rows,
        sheet=table.sheet,
        complete=table.complete,
        estimate=len(rows) if table.complete else max(table.estimate, len(rows)),
    )


def _read_xlsx(content: bytes, sheet_name: str, limit: int | None = None) -> Sheet:
    import openpyxl  # only the import needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
    ) as error:
        raise BadFile(
            _(
                "This is not a readable Excel workbook (.xlsx); is it damaged? Save it again "
                "in Excel or as CSV."
            )
        ) from error
    try:
        if sheet_name:
            if sheet_name not in book.sheetnames:
                raise BadFile(
                    _("The workbook has no sheet “%(sheet)s”; its sheets are: %(sheets)s.")
                    % {"sheet": sheet_name, "sheets": ", ".join(book.sheetnames)}
                )
            worksheet = book[sheet_name]
        else:
            worksheet = book.worksheets[0] if book.worksheets else None
            if worksheet is None:
                raise BadFile(_("The workbook has no sheet."))
        if getattr(worksheet, "max_row", None) and worksheet.max_row > max_rows() + 1000:
            raise BadFile(
                _(
                    "The sheet has about %(count)s rows; at most %(limit)s can be imported at "
                    "once. Split it into several files."
                )
                % {"count": grouped(worksheet.max_row), "limit": grouped(max_rows())}
            )
        rows = _xlsx_rows(worksheet)
        try:
            headers = next(rows)
        except StopIteration:
            raise BadFile(
                _("The sheet “%(sheet)s” is empty.") % {"sheet": worksheet.title}
            ) from None
        data = []
        for row in rows:
            if limit is not None and len(data) >= limit:
                stated = (getattr(worksheet, "max_row", None) or 0) - 1
                return Sheet(
                    headers=headers,
                    rows=data,
                    sheet=worksheet.title,
                    complete=False,
                    estimate=stated,
                )
            data.append(row)
            if len(data) > max_rows() + 1000:
                break
        return Sheet(headers=headers, rows=data, sheet=worksheet.title)
    except BadFile:
        raise
    except Exception as error:
        raise BadFile(
            _(
                "This is not a readable Excel workbook (.xlsx); is it damaged? Save it again "
                "in Excel or as CSV."
            )
        ) from error
    finally:
        book.close()


def _xlsx_rows(worksheet) -> Iterator[list[str]]:
    for row in worksheet.iter_rows(values_only=True):
        yield [cell_text(value) for value in row[: MAX_COLUMNS + 1]]


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        raise BadFile(
            _(
                "The file contains NUL bytes, so it is no CSV text file. Upload the workbook as "
                ".xlsx or save it as “CSV UTF-8”."
            )
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile(
        _("The file is neither an Excel workbook nor a CSV text file in UTF-8 or Windows-1252.")
    )


def _read_csv(content: bytes) -> Sheet:
    text = _decode(content)
    sample = text[: 64 * 1024]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        if not first.strip():
            raise BadFile(_("The file is empty.")) from None
        # One column, or a delimiter the sniffer could not decide on: take the commonest.
        delimiter = max(";,\t", key=first.count)
        if first.count(delimiter) == 0 and not first.isprintable():
            raise BadFile(
                _("The file is neither an Excel workbook nor a CSV file with column headers.")
            ) from None
        dialect = type("Guessed", (csv.excel,), {"delimiter": delimiter})
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise BadFile(_("The CSV file cannot be read (%(error)s).") % {"error": error}) from error
    if not rows:
        raise BadFile(_("The file is empty."))
    rows = [[cell.strip() for cell in row[: MAX_COLUMNS + 1]] for row in rows]
    return Sheet(headers=rows[0], rows=rows[1:])
