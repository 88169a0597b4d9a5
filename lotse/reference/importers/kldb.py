"""KldB 2010 (version 2020): all five levels from the BA's classification-server CSV export."""

import csv
from pathlib import Path

from django.db import transaction

from lotse.reference.importers.base import (
    ImportResult,
    Progress,
    ReferenceImportError,
    fail_with_rows,
    no_progress,
    reference_file,
    sync_table,
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

    Raises ``ReferenceImportError`` naming the line for a wrong header, a broken row, a bad code
    or level, a duplicate code or a code without its parent.
    """
    progress(f"KldB: reading {path.name} …")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";", strict=True)
            header = next(reader, None)
            if header is None or [h.strip() for h in header[: len(KLDB_HEADER)]] != KLDB_HEADER:
                raise ReferenceImportError(
                    f"{path.name}, line 1: wrong header. Expected "
                    f"{';'.join(KLDB_HEADER)!r}, found {';'.join(header or [])[:200]!r}. "
                    "Is this the KldB 2010 V2020 export of the BA classification server?"
                )
            rows, problems, codes = [], [], {}
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) < 4:
                    problems.append(
                        f"line {line}: {len(record)} column(s) instead of at least 4 "
                        "(is the file cut off?)"
                    )
                    continue
                raw_code, raw_level = record[0].strip(), record[1].strip()
                title, short_title = record[2].strip(), record[3].strip()
                if not raw_level.isdigit() or not 1 <= int(raw_level) <= 5:
                    problems.append(f"line {line}: level {raw_level!r} is not a number 1-5")
                    continue
                level = int(raw_level)
                if not raw_code.isdigit() or len(raw_code) > level:
                    problems.append(
                        f"line {line}: code {raw_code!r} is not a number of at most {level} "
                        f"digit(s) (level {level})"
                    )
                    continue
                code = raw_code.zfill(level)  # the military area lost its leading zero
                if not title:
                    problems.append(f"line {line}: code {code} has no title")
                    continue
                if code in codes:
                    problems.append(f"line {line}: code {code} repeats line {codes[code]}")
                    continue
                codes[code] = line
                rows.append(
                    {
                        "code": code,
                        "level": level,
                        "title": title[:300],
                        "short_title": short_title[:300],
                        "parent_id": code[:-1] if level > 1 else None,
                    }
                )
    except csv.Error as exc:
        raise ReferenceImportError(
            f"{path.name}, line {reader.line_num}: the CSV is damaged ({exc}); is the file cut off?"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReferenceImportError(
            f"{path.name}: not UTF-8 text near byte {exc.start}; the BA export is UTF-8."
        ) from exc
    for row in rows:
        if row["parent_id"] is not None and row["parent_id"] not in codes:
            problems.append(
                f"line {codes[row['code']]}: code {row['code']} has no parent "
                f"{row['parent_id']} in the file"
            )
    fail_with_rows(path, "rows that cannot be imported", problems)
    parents = {row["parent_id"] for row in rows}
    childless = [
        f"line {codes[row['code']]}: code {row['code']} (level {row['level']}) has no "
        "positions below it"
        for row in rows
        if row["level"] < 5 and row["code"] not in parents
    ]
    fail_with_rows(path, "an incomplete classification; is the file cut off?", childless)
    rows.sort(key=lambda row: (row["level"], row["code"]))
    progress(f"KldB: {len(rows):,} rows read")
    return rows


def check_level_counts(path: Path, rows: list[dict], expected: tuple[int, ...] | None) -> None:
    counts = tuple(sum(1 for row in rows if row["level"] == lvl) for lvl in range(1, 6))
    if expected is not None and counts != tuple(expected):
        raise ReferenceImportError(
            f"{path.name}: implausible number of positions per level: "
            f"{' / '.join(f'{c:,}' for c in counts)} instead of "
            f"{' / '.join(f'{c:,}' for c in expected)} (levels 1-5). Is the file cut off or "
            "a different version of the KldB? Nothing was imported."
        )
    if counts[0] == 0 or counts[4] == 0:
        raise ReferenceImportError(
            f"{path.name}: the file has no positions on level 1 or level 5; nothing was imported."
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
