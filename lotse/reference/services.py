"""Writing reference data: the imports of the official files and catalogues.

Reference data is not personal data, so these services write no audit rows; the Django admin
logs the edits administrators make to residence-title rules.

Each import is idempotent (it compares with the table before writing, so a second run writes
nothing and says so), runs in one transaction, uses bulk operations, and raises
``ReferenceImportError`` (file, line/row, what is wrong) before writing anything when a file
is missing, wrong or damaged:

- ``import_kldb(directory=None, expected_counts=KLDB_LEVEL_COUNTS, progress=…)``
- ``import_job_titles(directory=None, minimum_rows=…, progress=…)`` (after the KldB)
- ``import_postcodes(directory=None, minimum_rows=…, progress=…)`` → (districts, postcodes)
- ``import_catalogues(progress=…)`` → (countries, languages)
- ``import_residence_rules(path=None, overwrite=False, progress=…)``
- ``import_reference(directory=None, progress=…)``: all of them, in this order, in one
  transaction; returns the list of ``ImportResult`` (each has ``summary()``).

``directory`` defaults to ``settings.LOTSE_REFERENCE_DIR``; ``progress`` receives one line of
text at a time.
"""

from pathlib import Path

from django.db import transaction

from lotse.reference.importers.base import (
    ImportResult,
    Progress,
    ReferenceImportError,
    no_progress,
    reference_dir,
)
from lotse.reference.importers.catalogues import import_catalogues
from lotse.reference.importers.job_titles import import_job_titles
from lotse.reference.importers.kldb import KLDB_LEVEL_COUNTS, import_kldb
from lotse.reference.importers.outlines import OUTLINES_FILE, import_outlines
from lotse.reference.importers.postcodes import import_postcodes
from lotse.reference.importers.residence_rules import import_residence_rules

__all__ = [
    "KLDB_LEVEL_COUNTS",
    "ImportResult",
    "ReferenceImportError",
    "import_catalogues",
    "import_job_titles",
    "import_kldb",
    "import_outlines",
    "import_postcodes",
    "import_reference",
    "import_residence_rules",
]


def import_reference(
    *, directory: Path | str | None = None, progress: Progress = no_progress
) -> list[ImportResult]:
    """Run every import in order, in one transaction: if one file is wrong, nothing changes."""
    directory = reference_dir(directory)
    results: list[ImportResult] = []
    with transaction.atomic():
        results.append(import_kldb(directory=directory, progress=progress))
        results.append(import_job_titles(directory=directory, progress=progress))
        results.extend(import_postcodes(directory=directory, progress=progress))
        if (directory / OUTLINES_FILE).exists():  # optional: the report's map
            results.append(import_outlines(directory=directory, progress=progress))
        results.extend(import_catalogues(progress=progress))
        results.append(import_residence_rules(progress=progress))
    return results
