"""The report as an Excel workbook (one sheet per table, a sheet of definitions, the period and
the suppression noted) and as CSV (one line per cell)."""

import csv
import datetime
import io
import re

import xlsxwriter
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotse.lib import paper
from lotse.reporting.definitions import CATALOGUE, MEDIAN, RATIO_KEYS
from lotse.reporting.report import Report, Table, _separators

SHEET_NAME_MAX = 31  # Excel's limit


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name of at most 31 characters, made of whole words of ``title`` (Excel cuts
    nothing itself but refuses longer names), unique in the workbook."""
    words = re.sub(r"[\[\]:*?/\\']", " ", title).split()
    name = _fit(words, SHEET_NAME_MAX)
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = _fit(base.split(), SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    used.add(name.lower())
    return name


def _fit(words: list[str], limit: int) -> str:
    """As many whole words as fit in ``limit`` characters (a single over-long word is the only
    thing ever cut)."""
    result = ""
    for word in words:
        candidate = f"{result} {word}" if result else word
        if len(candidate) > limit:
            break
        result = candidate
    return result or (words[0][:limit] if words else "Sheet")


def file_name(report: Report, info: dict, export_format: str) -> str:
    """The download's name in the reader's language, e.g. "Lotse-Bericht 2021 Projekt
    Leipzig.xlsx"."""
    period = info["period"]
    label = period.funding_period.name if period.funding_period else period.label
    parts = [str(_("Lotse report")), label]
    if info.get("project"):
        parts.append(info["project"].name)
    if info.get("district"):
        parts.append(info["district"].name)
    return paper.file_name(parts, export_format)


def _created() -> datetime.datetime:
    return timezone.localtime().replace(microsecond=0, tzinfo=None)


def _header_lines(
    report: Report, generated_by: str, info: dict | None = None
) -> list[tuple[str, object]]:
    period = (info or {}).get("period")
    lines: list[tuple[str, object]] = [(_("Period"), report.period_label)]
    if period is not None:
        lines += [(_("From"), period.start), (_("Until"), period.end)]
    lines += [
        (_("Covers"), report.scope_label),
        (_("Small counts"), report.note),
        (_("Created"), _created()),
        (_("Created by"), generated_by),
        (_("Source"), _("Lotse, computed from the case files; definitions on the last sheet.")),
    ]
    if report.computed_at is not None:
        lines.append(
            (
                _("Published figures as of"),
                timezone.localtime(report.computed_at).replace(tzinfo=None, microsecond=0),
            )
        )
    return lines


def report_xlsx(report: Report, generated_by: str, info: dict | None = None) -> bytes:
    """Text is written as text (a name beginning with "=" stays a name, a URL stays plain
    text); dates are date cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = book.add_format({"bold": True, "bg_color": "#F3F5F8", "border": 1, "text_wrap": True})
    count = book.add_format({"num_format": "#,##0", "border": 1})
    percent = book.add_format({"num_format": "0%", "border": 1})
    days = book.add_format({"num_format": "#,##0", "border": 1})
    hidden = book.add_format({"align": "right", "border": 1, "font_color": "#4A525C"})
    label = book.add_format({"border": 1, "text_wrap": True})
    date = book.add_format({"num_format": "dd.mm.yyyy", "align": "left"})
    stamp = book.add_format({"num_format": "dd.mm.yyyy hh:mm", "align": "left"})
    total_label = book.add_format({"border": 1, "bold": True})
    used: set[str] = set()

    overview = book.add_worksheet(_sheet_name(_("Overview"), used))
    overview.set_column(0, 0, 22)
    overview.set_column(1, 1, 100)
    overview.write(0, 0, _("Programme report"), title)
    for i, (key, value) in enumerate(_header_lines(report, generated_by, info), start=2):
        overview.write_string(i, 0, key, bold)
        if isinstance(value, datetime.datetime):
            overview.write_datetime(i, 1, value, stamp)
        elif isinstance(value, datetime.date):
            overview.write_datetime(i, 1, datetime.datetime.combine(value, datetime.time()), date)
        else:
            overview.write_string(i, 1, str(value), wrap)

    for table in report.tables:
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        _write_table(
            sheet,
            table,
            report,
            title,
            wrap,
            head,
            label,
            total_label,
            hidden,
            formats={
                "count": count,
                "percent": percent,
                "days": days,
            },
        )

    definitions = book.add_worksheet(_sheet_name(_("Definitions"), used))
    definitions.set_column(0, 0, 45)
    definitions.set_column(1, 1, 110)
    definitions.write_string(0, 0, _("Definitions"), title)
    definitions.write_string(2, 0, _("Figure"), head)
    definitions.write_string(2, 1, _("Definition"), head)
    for i, (_key, name, text) in enumerate(report.definitions, start=3):
        definitions.write_string(i, 0, name, label)
        definitions.write_string(i, 1, text, wrap)
    definitions.write_string(len(report.definitions) + 4, 0, _("Small counts"), bold)
    definitions.write_string(len(report.definitions) + 4, 1, report.note, wrap)
    book.close()
    return buffer.getvalue()


def _write_table(
    sheet, table: Table, report: Report, title, wrap, head, label, total_label, hidden, formats
):
    sheet.write_string(0, 0, table.title, title)
    sheet.write_string(1, 0, f"{report.period_label} · {report.scope_label}")
    row = 2
    if table.definition:
        sheet.write_string(row, 0, table.definition)
        row += 1
    sheet.write_string(row, 0, report.note)
    row += 2
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, len(table.columns), 14)
    sheet.set_row(row, 30)
    sheet.write_string(row, 0, table.first_heading, head)
    for c, column in enumerate(table.columns, start=1):
        sheet.write_string(row, c, column, head)
    sheet.freeze_panes(row + 1, 1)
    for r in table.rows:
        row += 1
        sheet.write_string(row, 0, r.label, total_label if r.is_total else label)
        kind = "count"
        if r.key in RATIO_KEYS:
            kind = "days" if CATALOGUE[r.key].kind == MEDIAN else "percent"
        for c, cell in enumerate(r.cells, start=1):
            if cell.value is None:
                sheet.write_string(row, c, cell.text, hidden)
            else:
                sheet.write_number(row, c, cell.value, formats[kind])
    definitions = [(r.label, r.definition) for r in table.rows if r.definition and not r.is_total]
    if definitions:
        row += 2
        for name, text in definitions:
            sheet.write_string(row, 0, name, label)
            sheet.write_string(row, 1, text)
            row += 1


def _csv_value(value: object, point: str) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def report_csv(report: Report, generated_by: str, info: dict | None = None) -> str:
    """One line per cell: table, row, column, value (as shown, so suppressed cells stay
    suppressed), definition. The first lines describe the report.

    Written for spreadsheet programs set to German: a UTF-8 byte order mark, ";" between
    fields, the language's decimal separator (German: comma), no thousands separator in
    numbers, dates as 31.12.2025."""
    _thousands, point = _separators(get_language() or "de")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Table"), _("Row"), _("Column"), _("Value"), _("Definition")])
    for key, value in _header_lines(report, generated_by, info):
        writer.writerow([_("Report"), key, "", _csv_value(value, point), ""])
    for table in report.tables:
        for r in table.rows:
            for column, cell in zip(table.columns, r.cells, strict=True):
                value = cell.text
                if cell.value is not None:
                    if r.key in RATIO_KEYS and CATALOGUE[r.key].kind != MEDIAN:
                        value = f"{cell.value:.4f}".replace(".", point)
                    else:
                        value = f"{cell.value:g}".replace(".", point)
                writer.writerow(
                    [table.title, r.label, column, value, r.definition or table.definition]
                )
    for _key, name, text in report.definitions:
        writer.writerow([_("Definitions"), name, "", "", text])
    return out.getvalue()
