"""The BA's Gesamtberufsliste: 27,854 job titles with DKZ id, BA code and KldB Berufsgattung."""

import re
import zipfile
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
from lotse.reference.models import Occupation, OccupationTitle, TitleState
from lotse.reference.text import search_text

TITLES_FILE = "kldb2010/Gesamtberufsliste_der_BA_Januar_2019.xlsx"
TITLES_SHEET = "Gesamtberufsliste der BA"
TITLES_HEADER = (
    "DKZ-ID",
    "Codenummer",
    "Zustand",
    "Bezeichnung neutral kurz",
    "Bezeichnung männlich lang",
    "Bezeichnung weiblich lang",
)
#: The January 2019 list has 27,854 titles; fewer than this means a cut-off or wrong file.
TITLES_MINIMUM = 25_000
_BA_CODE = re.compile(r"^B (\d{5})-(\d{3})$")
_STATES = set(TitleState.values)


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_job_titles(path: Path, *, progress: Progress = no_progress) -> tuple[list[dict], dict]:
    """Read and check the sheet; return the rows and, per KldB code, the first row naming it.

    Raises ``ReferenceImportError`` naming the row for a damaged workbook, a missing sheet or
    header, a bad DKZ id, BA code or state, a missing title or a repeated DKZ id.
    """
    import openpyxl  # imported here: only the importer needs it

    progress(f"Job titles: reading {path.name} …")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReferenceImportError(
            f"{path.name}: not a readable XLSX workbook ({exc}); is the file damaged or cut off?"
        ) from exc
    try:
        if TITLES_SHEET in workbook.sheetnames:
            sheet = workbook[TITLES_SHEET]
        else:
            sheet = workbook.worksheets[0]
        rows: list[dict] = []
        problems: list[str] = []
        first_row_of_code: dict[str, int] = {}
        seen: dict[int, int] = {}
        header_row = None
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = tuple(_cell(v) for v in values[:6])
                if header_row is None:
                    if cells == TITLES_HEADER:
                        header_row = number
                    elif any(cells) or number > 10:
                        raise ReferenceImportError(
                            f"{path.name}, sheet {sheet.title!r}, row {number}: expected the "
                            f"header {', '.join(TITLES_HEADER)}, found {', '.join(cells)[:200]!r}."
                            " Is this the Gesamtberufsliste of the BA?"
                        )
                    continue
                if not any(cells):
                    continue
                raw_id, ba_code, state, title, male, female = (cells + ("",) * 6)[:6]
                where = f"row {number}"
                if not raw_id.isdigit() or int(raw_id) == 0:
                    problems.append(f"{where}: DKZ id {raw_id!r} is not a positive number")
                    continue
                dkz_id = int(raw_id)
                match = _BA_CODE.match(ba_code)
                if not match:
                    problems.append(
                        f"{where} (DKZ {dkz_id}): code {ba_code!r} is not of the form 'B 12345-123'"
                    )
                    continue
                if state not in _STATES:
                    problems.append(f"{where} (DKZ {dkz_id}): unknown state {state!r}")
                    continue
                if not title:
                    problems.append(f"{where} (DKZ {dkz_id}): no title")
                    continue
                if dkz_id in seen:
                    problems.append(f"{where}: DKZ id {dkz_id} repeats row {seen[dkz_id]}")
                    continue
                seen[dkz_id] = number
                kldb = match.group(1)
                first_row_of_code.setdefault(kldb, number)
                rows.append(
                    {
                        "dkz_id": dkz_id,
                        "ba_code": ba_code,
                        "occupation_id": kldb,
                        "state": state,
                        "title": title[:300],
                        "title_male": male[:300],
                        "title_female": female[:300],
                        "search_text": search_text(title, male, female),
                    }
                )
                if len(rows) % 10_000 == 0:
                    progress(f"Job titles: {len(rows):,} rows read …")
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
            raise ReferenceImportError(
                f"{path.name}: the workbook is damaged after {len(rows):,} rows ({exc}); "
                "is the file cut off?"
            ) from exc
    finally:
        workbook.close()
    if header_row is None:
        raise ReferenceImportError(
            f"{path.name}: no header row {', '.join(TITLES_HEADER)} found; is this the "
            "Gesamtberufsliste of the BA?"
        )
    fail_with_rows(path, "rows that cannot be imported", problems)
    progress(f"Job titles: {len(rows):,} rows read")
    return rows, first_row_of_code


def import_job_titles(
    *,
    directory: Path | str | None = None,
    minimum_rows: int = TITLES_MINIMUM,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import the Gesamtberufsliste into ``OccupationTitle``. Every title must point to a
    5-digit KldB code already imported (run ``import_kldb`` first). Idempotent, in one
    transaction; ``minimum_rows`` guards against a truncated file."""
    path = reference_file(TITLES_FILE, directory)
    rows, first_row_of_code = read_job_titles(path, progress=progress)
    if len(rows) < minimum_rows:
        raise ReferenceImportError(
            f"{path.name}: only {len(rows):,} titles, expected at least {minimum_rows:,}. "
            "Is the file cut off? Nothing was imported."
        )
    result = ImportResult(label="Job titles")
    with transaction.atomic():
        known = set(Occupation.objects.filter(level=5).values_list("code", flat=True))
        missing = sorted(set(first_row_of_code) - known)
        fail_with_rows(
            path,
            "titles pointing to KldB codes that do not exist (import the KldB first)",
            [f"row {first_row_of_code[code]}: KldB {code} does not exist" for code in missing],
        )
        sync_table(
            OccupationTitle,
            rows,
            key=["dkz_id"],
            fields=[
                "ba_code",
                "occupation_id",
                "state",
                "title",
                "title_male",
                "title_female",
                "search_text",
            ],
            result=result,
            progress=progress,
        )
    return result
