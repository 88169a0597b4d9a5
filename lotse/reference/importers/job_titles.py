"""The BA's Gesamtberufsliste: 27,854 job titles with DKZ id, BA code and KldB Berufsgattung."""

import re
import zipfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.reference.importers.base import (
    ImportResult,
    Problems,
    Progress,
    ReferenceImportError,
    choice,
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
_BA_CODE = re.compile(r"B ([0-9]{5})-([0-9]{3})")
_STATES = sorted(TitleState.values)
#: The largest DKZ id the table's integer column holds.
DKZ_MAXIMUM = 2_147_483_647


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_job_titles(path: Path, *, progress: Progress = no_progress) -> tuple[list[dict], dict]:
    """Read and check the sheet; return the rows and, per KldB code, the first row naming it.

    Raises ``ReferenceImportError`` naming the row for a damaged workbook, a missing sheet or
    header, a bad DKZ id, BA code or state, a missing title or a repeated DKZ id.
    """
    import openpyxl  # imported here: only the importer needs it

    progress(reading(_("Job titles"), path))
    id_column, code_column, state_column, title_column, male_column, female_column = TITLES_HEADER
    title_length = max_length(OccupationTitle, "title")
    male_length = max_length(OccupationTitle, "title_male")
    female_length = max_length(OccupationTitle, "title_female")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReferenceImportError(
            _("%(file)s: not a readable XLSX workbook (%(error)s); is the file damaged or cut off?")
            % {"file": path.name, "error": exc}
        ) from exc
    try:
        if TITLES_SHEET in workbook.sheetnames:
            sheet = workbook[TITLES_SHEET]
        else:
            sheet = workbook.worksheets[0]
        rows: list[dict] = []
        problems = Problems(path)
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
                            _(
                                "%(file)s:%(row)d: sheet %(sheet)s: expected the header "
                                "%(expected)s, found %(found)s. Is this the Gesamtberufsliste of "
                                "the BA?"
                            )
                            % {
                                "file": path.name,
                                "row": number,
                                "sheet": shown(sheet.title),
                                "expected": ", ".join(TITLES_HEADER),
                                "found": shown(", ".join(cells)),
                            }
                        )
                    continue
                if not any(cells):
                    continue
                cells += ("",) * (6 - len(cells))
                raw_id, raw_code, raw_state, raw_title, raw_male, raw_female = cells
                row = problems.row(number)
                dkz_id = row(id_column, integer, raw_id, minimum=1, maximum=DKZ_MAXIMUM)
                match = _BA_CODE.fullmatch(raw_code)
                if not match:
                    row.error(
                        code_column,
                        _("The code %(code)s is not of the form 'B 12345-123' (digits 0-9).")
                        % {"code": shown(raw_code)},
                    )
                state = row(state_column, choice, raw_state, choices=_STATES)
                title = row(title_column, text, raw_title, max_length=title_length, required=True)
                male = row(male_column, text, raw_male, max_length=male_length)
                female = row(female_column, text, raw_female, max_length=female_length)
                if not row.ok:
                    continue
                if dkz_id in seen:
                    row.error(
                        id_column,
                        _("The DKZ id %(id)d repeats row %(row)d.")
                        % {"id": dkz_id, "row": seen[dkz_id]},
                    )
                    continue
                seen[dkz_id] = number
                kldb = match.group(1)
                first_row_of_code.setdefault(kldb, number)
                rows.append(
                    {
                        "dkz_id": dkz_id,
                        "ba_code": raw_code,
                        "occupation_id": kldb,
                        "state": state,
                        "title": title,
                        "title_male": male,
                        "title_female": female,
                        "search_text": search_text(title, male, female),
                    }
                )
                if len(rows) % 10_000 == 0:
                    progress(rows_read(_("Job titles"), len(rows)) + " …")
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
            raise ReferenceImportError(
                _(
                    "%(file)s: the workbook is damaged after %(count)s rows (%(error)s); is the "
                    "file cut off?"
                )
                % {"file": path.name, "count": grouped(len(rows)), "error": exc}
            ) from exc
    finally:
        workbook.close()
    if header_row is None:
        raise ReferenceImportError(
            _("%(file)s: no header row %(header)s found; is this the Gesamtberufsliste of the BA?")
            % {"file": path.name, "header": ", ".join(TITLES_HEADER)}
        )
    problems.fail()
    progress(rows_read(_("Job titles"), len(rows)))
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
            _(
                "%(file)s: only %(count)s titles, expected at least %(minimum)s. Is the file cut "
                "off? Nothing was imported."
            )
            % {"file": path.name, "count": grouped(len(rows)), "minimum": grouped(minimum_rows)}
        )
    result = ImportResult(label=_("Job titles"))
    with transaction.atomic():
        known = set(Occupation.objects.filter(level=5).values_list("code", flat=True))
        unknown = Problems(path)
        for code in sorted(set(first_row_of_code) - known):
            unknown.add(
                first_row_of_code[code],
                TITLES_HEADER[1],
                _("The KldB code %(code)s does not exist (import the KldB first).")
                % {"code": code},
            )
        unknown.fail(_("titles pointing to KldB codes that do not exist"))
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
