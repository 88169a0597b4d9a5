"""What every reference import shares: finding the file, reporting progress, comparing with the
table before writing, and failing with a message that names the file and the line."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

#: Receives one line of progress ("KldB: 2,195 rows read").
Progress = Callable[[str], None]


def no_progress(message: str) -> None:
    """The default progress sink: say nothing."""


class ReferenceImportError(Exception):
    """A reference file is missing, wrong or damaged. Nothing was written.

    The message says what is wrong and where (file, line or row), for the operator who runs the
    import; the management commands turn it into a ``CommandError``.
    """


@dataclass
class ImportResult:
    """What one import did. ``total`` counts the rows of the file (after merging), ``kept`` the
    rows that are in the table but no longer in the file (they are kept: other records may
    point to them)."""

    label: str
    total: int = 0
    created: int = 0
    changed: int = 0
    kept: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.created == 0 and self.changed == 0

    def add(self, other: "ImportResult") -> None:
        self.total += other.total
        self.created += other.created
        self.changed += other.changed
        self.kept += other.kept

    def summary(self) -> str:
        text = (
            f"{self.label}: {self.total:,} positions, {self.created:,} created, "
            f"{self.changed:,} changed"
        )
        if self.kept:
            text += f", {self.kept:,} no longer in the file (kept)"
        if self.unchanged:
            text += " - nothing to do, the table was already up to date"
        return text


def reference_dir(directory: Path | str | None = None) -> Path:
    """The folder with the reference files: ``directory`` or ``settings.LOTSE_REFERENCE_DIR``."""
    if directory is None:
        directory = getattr(settings, "LOTSE_REFERENCE_DIR", None)
    if directory is None:
        raise ReferenceImportError(
            "LOTSE_REFERENCE_DIR is not set and ../shared/reference does not exist. Set "
            "LOTSE_REFERENCE_DIR to the folder with kldb2010/ and geonames/ "
            "(see README.md, 'Configuration')."
        )
    path = Path(directory)
    if not path.is_dir():
        raise ReferenceImportError(f"The reference folder {path} does not exist.")
    return path


def reference_file(relative: str, directory: Path | str | None = None) -> Path:
    """The path of one reference file; fails with a clear message if it is missing."""
    path = reference_dir(directory) / relative
    if not path.is_file():
        raise ReferenceImportError(
            f"The file {path} is missing. Download it from the publisher (see "
            f"the README of the reference folder) or set LOTSE_REFERENCE_DIR."
        )
    return path


def fail_with_rows(path: Path, what: str, problems: Sequence[str], limit: int = 10) -> None:
    """Raise one error that lists the first ``limit`` problems of a file."""
    if not problems:
        return
    shown = "\n  ".join(problems[:limit])
    more = f"\n  … and {len(problems) - limit:,} more" if len(problems) > limit else ""
    raise ReferenceImportError(
        f"{path.name}: {what} ({len(problems):,} problem(s)); nothing was imported:\n"
        f"  {shown}{more}"
    )


def sync_table(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    key: Sequence[str],
    fields: Sequence[str],
    result: ImportResult,
    progress: Progress = no_progress,
    update: bool = True,
) -> None:
    """Bring ``model``'s table in line with ``rows`` by comparing before writing.

    ``key`` names the fields that identify a row (the primary key or a natural key), ``fields``
    the values compared and written. New rows are bulk-created, differing rows bulk-updated
    (unless ``update`` is false: then they are only counted in ``result.details``), equal rows
    are left alone, so a second run writes nothing. Rows in the table but not in ``rows`` are
    kept and counted. Call inside ``transaction.atomic``.
    """
    pk_name = model._meta.pk.attname
    columns = list(dict.fromkeys([pk_name, *key, *fields]))
    existing = {tuple(row[k] for k in key): row for row in model.objects.values(*columns)}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    differing: list[str] = []
    seen: set[tuple] = set()
    for row in rows:
        row_key = tuple(row[k] for k in key)
        seen.add(row_key)
        result.total += 1
        current = existing.get(row_key)
        if current is None:
            to_create.append(model(**row))
        elif any(current[f] != row[f] for f in fields):
            if update:
                to_update.append(model(**{pk_name: current[pk_name], **row}))
            else:
                differing.append(" ".join(str(part) for part in row_key))
    result.kept += sum(1 for k in existing if k not in seen)
    if to_create:
        progress(f"{result.label}: creating {len(to_create):,} rows …")
        model.objects.bulk_create(to_create, batch_size=1000)
        result.created += len(to_create)
    if to_update:
        progress(f"{result.label}: updating {len(to_update):,} rows …")
        update_fields = [f for f in fields if f not in key]
        model.objects.bulk_update(to_update, update_fields, batch_size=500)
        result.changed += len(to_update)
    if differing:
        result.details.append(
            f"{len(differing):,} row(s) differ from the file and were left as they are "
            f"(edited in the admin?): {', '.join(differing[:10])}; run with --overwrite to "
            "replace them with the file's values."
        )
