"""KldB 2010 (version 2020): all five levels from the BA's classification-server CSV export."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.reference.importers.base import (
    ImportResult,
    Problems,
    Progress,
    ReferenceImportError,
    digits,
    grouped,
    integer,
    max_length,
    no_progress,
    reading,
    reference_file,
    rows_read,
    shown,
    sync_table,
    text,
)
from lotse.reference.models import Occupation

KLDB_FILE = "kldb2010/KldB_2010_V2020_Gliederung.csv"
KLDB_HEADER = [
    "Schlüssel KldB 2010, V. 2020",
    "Ebene",
    "Titel",
    "Kurztitel",
    "Allgemeine Bemerkungen",
    "Einschlüsse",
    "Umfasst ferner",
    "Ausschlüsse",
]
#: Positions per level in KldB 2010, version 2020 (README of the reference folder).
KLDB_LEVEL_COUNTS = (10, 37, 144, 703, 1301)


def read_kldb(path: Path, *, progress: Progress = no_progress) -> list[dict]:
    """Read and check the CSV; return one dict per position, parents before children.

    Raises ``ReferenceImportError`` naming the line and column of every bad value (code and
    level of ASCII digits, titles in NFC without control characters and within the field's
    length), a wrong header, a broken row, a duplicate code or a code without its parent.
    """
    progress(reading("KldB", path))
    problems = Problems(path)
    code_column, level_column, title_column, short_column = KLDB_HEADER[:4]
    title_length = max_length(Occupation, "title")
    short_length = max_length(Occupation, "short_title")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";", strict=True)
            header = next(reader, None)
            if header is None or [h.strip() for h in header[: len(KLDB_HEADER)]] != KLDB_HEADER:
                raise ReferenceImportError(
                    _(
                        "%(file)s:1: wrong header. Expected %(expected)s, found %(found)s. Is "
                        "this the KldB 2010 V2020 export of the BA classification server?"
                    )
                    % {
                        "file": path.name,
                        "expected": repr(";".join(KLDB_HEADER)),
                        "found": shown(";".join(header or [])),
                    }
                )
            rows, codes = [], {}
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) < 4:
                    problems.add(
                        line,
                        code_column,
                        _(
                            "The line has %(count)d column(s) instead of at least 4; is the file "
                            "cut off?"
                        )
                        % {"count": len(record)},
                    )
                    continue
                row = problems.row(line)
                level = row(level_column, integer, record[1], minimum=1, maximum=5)
                code = row(code_column, digits, record[0], max_length=level or 5)
                title = row(title_column, text, record[2], max_length=title_length, required=True)
                short_title = row(short_column, text, record[3], max_length=short_length)
                if not row.ok:
                    continue
                code = code.zfill(level)  # the military area lost its leading zero
                if code in codes:
                    row.error(
                        code_column,
                        _("The code %(code)s repeats line %(line)d.")
                        % {"code": code, "line": codes[code]},
                    )
                    continue
                codes[code] = line
                rows.append(
                    {
                        "code": code,
                        "level": level,
                        "title": title,
                        "short_title": short_title,
                        "parent_id": code[:-1] if level > 1 else None,
                    }
                )
    except csv.Error as exc:
        raise ReferenceImportError(
            _("%(file)s:%(line)d: the CSV is damaged (%(error)s); is the file cut off?")
            % {"file": path.name, "line": reader.line_num, "error": exc}
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReferenceImportError(
            _("%(file)s: not UTF-8 text near byte %(byte)d; the BA export is UTF-8.")
            % {"file": path.name, "byte": exc.start}
        ) from exc
    for row in rows:
        if row["parent_id"] is not None and row["parent_id"] not in codes:
            problems.add(
                codes[row["code"]],
                code_column,
                _("The code %(code)s has no parent %(parent)s in the file.")
                % {"code": row["code"], "parent": row["parent_id"]},
            )
    problems.fail()
    parents = {row["parent_id"] for row in rows}
    childless = Problems(path)
    for row in rows:
        if row["level"] < 5 and row["code"] not in parents:
            childless.add(
                codes[row["code"]],
                code_column,
                _("The code %(code)s (level %(level)d) has no positions below it.")
                % {"code": row["code"], "level": row["level"]},
            )
    childless.fail(_("an incomplete classification; is the file cut off?"))
    rows.sort(key=lambda row: (row["level"], row["code"]))
    progress(rows_read("KldB", len(rows)))
    return rows


def check_level_counts(path: Path, rows: list[dict], expected: tuple[int, ...] | None) -> None:
    counts = tuple(sum(1 for row in rows if row["level"] == lvl) for lvl in range(1, 6))
    if expected is not None and counts != tuple(expected):
        raise ReferenceImportError(
            _(
                "%(file)s: implausible number of positions per level: %(found)s instead of "
                "%(expected)s (levels 1-5). Is the file cut off or a different version of the "
                "KldB? Nothing was imported."
            )
            % {
                "file": path.name,
                "found": " / ".join(grouped(c) for c in counts),
                "expected": " / ".join(grouped(c) for c in expected),
            }
        )
    if counts[0] == 0 or counts[4] == 0:
        raise ReferenceImportError(
            _("%(file)s: the file has no positions on level 1 or level 5; nothing was imported.")
            % {"file": path.name}
        )


def import_kldb(
    *,
    directory: Path | str | None = None,
    expected_counts: tuple[int, ...] | None = KLDB_LEVEL_COUNTS,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import the KldB 2010 into ``Occupation`` (all five levels, with parent links; the
    requirement level is computed by the database from the 5th digit). Idempotent, in one
    transaction; ``expected_counts`` (per level) guards against a truncated file."""
    path = reference_file(KLDB_FILE, directory)
    rows = read_kldb(path, progress=progress)
    check_level_counts(path, rows, expected_counts)
    result = ImportResult(label="KldB")
    with transaction.atomic():
        sync_table(
            Occupation,
            rows,
            key=["code"],
            fields=["level", "title", "short_title", "parent_id"],
            result=result,
            progress=progress,
        )
    return result
