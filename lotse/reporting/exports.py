"""The report as an Excel workbook (one sheet per table, a sheet of definitions, the period and
the suppression noted) and as CSV (one line per cell)."""

import csv
import io
import re

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.reporting.report import RATIO_KEYS, Report, Table


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _header_lines(report: Report, generated_by: str) -> list[tuple[str, str]]:
    return [
        (_("Period"), report.period_label),
        (_("Covers"), report.scope_label),
        (_("Small counts"), report.note),
        (_("Created"), timezone.localtime().strftime("%d.%m.%Y %H:%M")),
        (_("Created by"), generated_by),
        (_("Source"), _("Lotse, computed from the case files; definitions on the last sheet.")),
    ]


def report_xlsx(report: Report, generated_by: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = book.add_format({"bold": True, "bg_color": "#F3F5F8", "border": 1, "text_wrap": True})
    count = book.add_format({"num_format": "#,##0", "border": 1})
    percent = book.add_format({"num_format": "0%", "border": 1})
    days = book.add_format({"num_format": "#,##0", "border": 1})
    hidden = book.add_format({"align": "right", "border": 1, "font_color": "#4A525C"})
    label = book.add_format({"border": 1, "text_wrap": True})
    total_label = book.add_format({"border": 1, "bold": True})
    used: set[str] = set()

    overview = book.add_worksheet(_sheet_name(_("Overview"), used))
    overview.set_column(0, 0, 22)
    overview.set_column(1, 1, 100)
    overview.write(0, 0, _("Programme report"), title)
    for i, (key, value) in enumerate(_header_lines(report, generated_by), start=2):
        overview.write(i, 0, key, bold)
        overview.write(i, 1, value, wrap)

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
    definitions.write(0, 0, _("Definitions"), title)
    definitions.write_row(2, 0, [_("Figure"), _("Definition")], head)
    for i, (_key, name, text) in enumerate(report.definitions, start=3):
        definitions.write(i, 0, name, label)
        definitions.write(i, 1, text, wrap)
    definitions.write(len(report.definitions) + 4, 0, _("Small counts"), bold)
    definitions.write(len(report.definitions) + 4, 1, report.note, wrap)
    book.close()
    return buffer.getvalue()


def _write_table(
    sheet, table: Table, report: Report, title, wrap, head, label, total_label, hidden, formats
):  # noqa: ANN001, E501
    sheet.write(0, 0, table.title, title)
    sheet.write(1, 0, f"{report.period_label} · {report.scope_label}")
    row = 2
    if table.definition:
        sheet.write(row, 0, table.definition)
        row += 1
    sheet.write(row, 0, report.note)
    row += 2
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, len(table.columns), 14)
    sheet.set_row(row, 30)
    sheet.write(row, 0, table.first_heading, head)
    for c, column in enumerate(table.columns, start=1):
        sheet.write(row, c, column, head)
    sheet.freeze_panes(row + 1, 1)
    for r in table.rows:
        row += 1
        sheet.write(row, 0, r.label, total_label if r.is_total else label)
        kind = "count"
        if r.key in RATIO_KEYS:
            kind = "days" if r.key == "median_days" else "percent"
        for c, cell in enumerate(r.cells, start=1):
            if cell.value is None:
                sheet.write_string(row, c, cell.text, hidden)
            else:
                sheet.write_number(row, c, cell.value, formats[kind])
    definitions = [(r.label, r.definition) for r in table.rows if r.definition and not r.is_total]
    if definitions:
        row += 2
        for name, text in definitions:
            sheet.write(row, 0, name, label)
            sheet.write(row, 1, text)
            row += 1


def report_csv(report: Report, generated_by: str) -> str:
    """One line per cell: table, row, column, value (as shown, so suppressed cells stay
    suppressed), definition. The first lines describe the report."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Table"), _("Row"), _("Column"), _("Value"), _("Definition")])
    for key, value in _header_lines(report, generated_by):
        writer.writerow([_("Report"), key, "", value, ""])
    for table in report.tables:
        for r in table.rows:
            for column, cell in zip(table.columns, r.cells, strict=True):
                value = cell.text
                if cell.value is not None:
                    value = (
                        f"{cell.value:.4f}"
                        if r.key in RATIO_KEYS and r.key != "median_days"
                        else f"{cell.value:g}"
                    )
                writer.writerow(
                    [table.title, r.label, column, value, r.definition or table.definition]
                )
    for _key, name, text in report.definitions:
        writer.writerow([_("Definitions"), name, "", "", text])
    return out.getvalue()
