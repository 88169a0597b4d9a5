"""The import of a spreadsheet, from the upload to the records.

1. ``batch_upload`` reads the file (``reading.read``: a bad file raises ``BadFile`` and nothing
   is stored), keeps it in the private ``imports`` storage and suggests the column mapping.
2. ``batch_map`` stores the mapping and remembers it for the project's next file.
3. ``batch_check`` flags possible duplicates and *tries* the whole import in one transaction
   that is rolled back: every row's errors come from the same services the import calls, at
   their row and column, in the uploader's language.
4. ``batch_set_decisions`` records per row: leave out (a row with errors), skip, update or
   create anyway (a possible duplicate).
5. ``batch_import`` runs the same code and commits, all or nothing: if any row that is not
   left out fails, nothing is written and the batch shows the errors again.

Steps 3 and 5 run in the request for small files and as a django-tasks task
(``lotse.imports.tasks``) for large ones; ``progress`` reports how far they are. Files are
deleted after the import and, with the rows, by ``batches_prune`` after a day.
"""

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import lead_project_ids_for
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.imports import duplicates, progress
from lotse.imports.columns import COLUMNS, suggest
from lotse.imports.models import (
    DUPLICATE_DECISIONS,
    BatchStatus,
    ColumnChoice,
    ImportBatch,
    ImportRow,
    RowDecision,
    RowOutcome,
)
from lotse.imports.reading import BadFile, read
from lotse.imports.values import Lookups, fold
from lotse.imports.writers import WRITERS, Context

logger = logging.getLogger("lotse.imports")

#: Files with at most this many rows are checked and imported within the request.
INLINE_ROWS = 200
#: How long an upload and its rows are kept.
KEPT = datetime.timedelta(days=1)
CHUNK = 500


def storage():
    return storages["imports"]


def may_import(user: User, project_id: int) -> bool:
    """Project leads import into their projects (mentors do not: an import creates many
    records at once and assigns mentors)."""
    return project_id in lead_project_ids_for(user)


def _require_lead(user: User, project_id: int) -> None:
    if not may_import(user, project_id):
        raise PermissionDenied("Only the project's leads import.")


def _audit(actor: User, batch: ImportBatch, action: str, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=batch,
        project_id=batch.project_id,
        changes={"kind": [None, batch.kind], **{k: [None, v] for k, v in changes.items()}},
    )


# --- 1. upload -----------------------------------------------------------------------------


def batch_upload(
    *, actor: User, project: Project, kind: str, file_name: str, content: bytes, sheet: str = ""
) -> ImportBatch:
    """Read and keep the file; raises ``BadFile`` (nothing stored) for a bad one."""
    _require_lead(actor, project.pk)
    table = read(content, file_name=file_name, sheet=sheet, limit=max(INLINE_ROWS, 1))
    saved = dict(
        ColumnChoice.objects.filter(project=project, kind=kind).values_list("header", "field")
    )
    mapping = suggest(kind, table.headers, saved)
    if not mapping and not any(fold(h) in saved for h in table.headers):
        raise BadFile(
            _(
                "None of the column headers of the sheet “%(sheet)s” is known (for example "
                "%(examples)s). Is this the right file and sheet? The template shows the headers."
            )
            % {
                "sheet": table.sheet or file_name,
                "examples": ", ".join(str(c.label) for c in COLUMNS[kind][:3]),
            }
        )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            project=project,
            created_by=actor,
            kind=kind,
            language=(translation.get_language() or "de")[:10],
            file_name=file_name[-200:],
            sheet=table.sheet[:100],
            headers=[h[:200] for h in table.headers],
            mapping={key: index for index, key in mapping.items()},
            row_count=table.estimate,
            rows_complete=table.complete,
        )
        ImportRow.objects.bulk_create(
            (
                ImportRow(batch=batch, number=number, cells=cells)
                for number, cells in enumerate(table.rows, start=2)
            ),
            batch_size=1000,
        )
        name = storage().save(f"{batch.public_id}.upload", ContentFile(content))
        batch.stored_name = name
        batch.save(update_fields=["stored_name"])
        _audit(actor, batch, AuditAction.CREATE, rows=batch.row_count)
    return batch


def _delete_file(batch: ImportBatch) -> None:
    if batch.stored_name:
        storage().delete(batch.stored_name)
        ImportBatch.objects.filter(pk=batch.pk).update(stored_name="")
        batch.stored_name = ""


# --- 2. mapping ----------------------------------------------------------------------------


def batch_map(*, actor: User, batch: ImportBatch, mapping: dict[int, str]) -> ImportBatch:
    """Column index → field key ("" for a column left out); remembered for the project."""
    _require_lead(actor, batch.project_id)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (BatchStatus.UPLOADED, BatchStatus.CHECKED):
            raise ValidationError(_("This import is running or finished."))
        batch.mapping = {key: index for index, key in mapping.items() if key}
        batch.status = BatchStatus.UPLOADED
        batch.save(update_fields=["mapping", "status", "updated_at"])
        for index, header in enumerate(batch.headers):
            if not fold(header):
                continue
            ColumnChoice.objects.update_or_create(
                project_id=batch.project_id,
                kind=batch.kind,
                header=fold(header)[:200],
                defaults={"field": mapping.get(index, "")},
            )
    return batch


# --- 3. and 5. check and import ------------------------------------------------------------


def batch_start(*, actor: User, batch: ImportBatch, commit: bool) -> ImportBatch:
    """Start the check (``commit=False``) or the import: in the request for a small file,
    else as a background task. A batch that is already running is left alone."""
    _require_lead(actor, batch.project_id)
    allowed = (BatchStatus.CHECKED,) if commit else (BatchStatus.UPLOADED, BatchStatus.CHECKED)
    if commit:
        blocking = batch.rows.exclude(errors=[]).exclude(decision=RowDecision.EXCLUDE)
        if blocking.exists():
            raise ValidationError(
                _(
                    "%(count)s rows have errors. Correct them in the file and upload it again, or "
                    "leave them out explicitly."
                )
                % {"count": blocking.count()}
            )
    status = BatchStatus.IMPORTING if commit else BatchStatus.CHECKING
    if not ImportBatch.objects.filter(pk=batch.pk, status__in=allowed).update(
        status=status, progress=0, updated_at=timezone.now()
    ):
        raise ValidationError(_("This import is already running or finished."))
    batch.status = status
    if batch.rows_complete and batch.row_count <= INLINE_ROWS:
        try:
            batch_run(batch_id=batch.pk, commit=commit)
        except Exception:  # recorded on the batch (FAILED) and logged by batch_run
            logger.warning("import failed in the request", extra={"batch": batch.pk})
        batch.refresh_from_db()
    else:
        from lotse.imports.tasks import run_batch

        transaction.on_commit(lambda: run_batch.enqueue(batch.pk, commit))
    return batch


class _Rollback(Exception):
    pass


def batch_run(
    *, batch_id: int, commit: bool, should_stop: Callable[[], bool] | None = None
) -> dict:
    """Check or import every row (see the module docstring); what a task or the request runs.
    Returns the counts."""
    batch = ImportBatch.objects.select_related("project", "created_by").get(pk=batch_id)
    expected = BatchStatus.IMPORTING if commit else BatchStatus.CHECKING
    if batch.status != expected:
        return {"skipped": batch.status}
    with translation.override(batch.language):
        try:
            counts = _run(batch, commit=commit)
        except PermissionDenied:
            counts = None
            error = _("You no longer lead the project %(project)s.") % {"project": batch.project}
        except BadFile as bad:
            counts = None
            error = str(bad)
        except Exception:
            logger.exception("import failed", extra={"batch": batch.pk})
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.FAILED,
                error=_("The import failed unexpectedly; nothing was imported."),
            )
            raise
    if counts is None:
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, error=error)
        return {"failed": True}
    done = commit and not counts["errors"]
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.IMPORTED if done else BatchStatus.CHECKED,
        result=counts,
        progress=batch.row_count,
        updated_at=timezone.now(),
    )
    if done:
        _audit(batch.created_by, batch, AuditAction.CREATE, **{k: v for k, v in counts.items()})
        _delete_file(batch)
    return counts


def _parse(batch: ImportBatch, row: ImportRow, lookups: Lookups) -> tuple[dict, dict[str, list]]:
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for col in COLUMNS[batch.kind]:
        index = batch.mapping.get(col.key)
        text = row.cells[index].strip() if index is not None and index < len(row.cells) else ""
        if not text:
            if col.required:
                errors[col.key] = [_("This cell must not be empty.")]
            continue
        try:
            values[col.key] = col.parse(lookups, text)
        except ValidationError as error:
            errors[col.key] = error.messages
    return values, errors


def _cells(batch: ImportBatch, row: ImportRow) -> dict[str, str]:
    return {
        key: row.cells[index] if index < len(row.cells) else ""
        for key, index in batch.mapping.items()
    }


def _read_all(batch: ImportBatch) -> None:
    """All rows of a large workbook, of which the upload stored only the first ones."""
    with storage().open(batch.stored_name) as stored:
        table = read(stored.read(), file_name=batch.file_name, sheet=batch.sheet)
    with transaction.atomic():
        batch.rows.all().delete()
        ImportRow.objects.bulk_create(
            (
                ImportRow(batch=batch, number=number, cells=cells)
                for number, cells in enumerate(table.rows, start=2)
            ),
            batch_size=1000,
        )
        batch.row_count = len(table.rows)
        batch.rows_complete = True
        batch.save(update_fields=["row_count", "rows_complete"])


def _run(batch: ImportBatch, *, commit: bool) -> dict[str, int]:
    actor = batch.created_by
    _require_lead(actor, batch.project_id)
    if not batch.rows_complete:
        _read_all(batch)
    finder = duplicates.FINDERS.get(batch.kind)
    index = finder[0](actor) if finder and not commit else None
    lookups = Lookups(batch.project)
    context = Context(
        actor=actor,
        project=batch.project,
        existing=lambda pk: duplicates.scoped_record(batch.kind, actor, pk),
    )
    write = WRITERS[batch.kind]
    counts = {"created": 0, "updated": 0, "skipped": 0, "excluded": 0, "errors": 0, "duplicates": 0}
    changed: list[ImportRow] = []
    seen: dict[tuple, int] = {}  # duplicates within the file (mentees): key → row number
    try:
        with transaction.atomic():
            rows = batch.rows.order_by("number")
            for done, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
                before = (row.errors, row.duplicates, row.decision, row.outcome)
                row.errors = []
                if index is not None:
                    row.duplicates = index.find(finder[1](_cells(batch, row)))
                    if row.duplicates and row.decision == RowDecision.IMPORT:
                        row.decision = RowDecision.SKIP
                    elif not row.duplicates and row.decision in DUPLICATE_DECISIONS:
                        row.decision = RowDecision.IMPORT
                counts["duplicates"] += bool(row.duplicates)
                row.outcome = _one(batch, row, lookups, context, write, seen)
                if row.errors:
                    counts["errors"] += 1
                elif row.outcome:
                    counts[row.outcome] += 1
                if (row.errors, row.duplicates, row.decision, row.outcome) != before:
                    changed.append(row)
                if done % 100 == 0:
                    progress.report(batch.pk, done)
            if counts["errors"] or not commit:
                raise _Rollback
    except _Rollback:
        for row in changed:
            if row.outcome in (RowOutcome.CREATED, RowOutcome.UPDATED):
                row.outcome = RowOutcome.NONE  # rolled back
    ImportRow.objects.bulk_update(
        changed, ["errors", "duplicates", "decision", "outcome"], batch_size=1000
    )
    return counts


def _one(batch, row, lookups, context, write, seen) -> str:
    if row.decision == RowDecision.EXCLUDE:
        return RowOutcome.EXCLUDED
    if row.decision == RowDecision.SKIP:
        return RowOutcome.SKIPPED
    values, errors = _parse(batch, row, lookups)
    if batch.kind == "mentees" and not errors:
        errors = _repeated(batch, row, seen)
    if not errors:
        try:
            with transaction.atomic():
                return write(context, values, row.decision, row.duplicates)
        except ValidationError as error:
            errors = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {NON_FIELD_ERRORS: error.messages}
            )
        except IntegrityError:
            errors = {
                NON_FIELD_ERRORS: [
                    _(
                        "This row conflicts with a record that was stored in the meantime; "
                        "check the file again."
                    )
                ]
            }
    row.errors = [
        {"column": batch.mapping.get(key), "message": message}
        for key, messages in errors.items()
        for message in messages
    ]
    return RowOutcome.NONE


def _repeated(batch: ImportBatch, row: ImportRow, seen: dict) -> dict[str, list[str]]:
    """A person named twice in the same file (same name and date of birth, or e-mail)."""
    errors: dict[str, list[str]] = {}
    for reason, value in duplicates.mentee_keys(_cells(batch, row)):
        if not value or reason == "phone":
            continue
        first = seen.setdefault((reason, value), row.number)
        if first != row.number:
            key = "email" if reason == "email" else "last_name"
            errors[key] = [
                _("Row %(row)s of this file describes the same person (%(why)s).")
                % {"row": first, "why": duplicates.REASONS[reason]}
            ]
    return errors


# --- 4. decisions --------------------------------------------------------------------------


def batch_set_decisions(*, actor: User, batch: ImportBatch, decisions: dict[int, str]) -> int:
    """Row number → decision; a row with errors may only be left out or kept, a possible
    duplicate skipped, updated or created. Returns how many rows changed."""
    _require_lead(actor, batch.project_id)
    if batch.status != BatchStatus.CHECKED:
        raise ValidationError(_("This import is running or finished."))
    changed = []
    for row in batch.rows.filter(number__in=list(decisions)):
        wanted = decisions[row.number]
        allowed = {RowDecision.IMPORT, RowDecision.EXCLUDE}
        if row.duplicates:
            allowed = {*DUPLICATE_DECISIONS, RowDecision.EXCLUDE}
        if wanted in allowed and wanted != row.decision:
            row.decision = wanted
            changed.append(row)
    ImportRow.objects.bulk_update(changed, ["decision"], batch_size=1000)
    return len(changed)


def batch_set_all(*, actor: User, batch: ImportBatch, which: str, decision: str) -> int:
    """The same decision for every row with errors (``which="errors"``) or every possible
    duplicate (``which="duplicates"``)."""
    _require_lead(actor, batch.project_id)
    if batch.status != BatchStatus.CHECKED:
        raise ValidationError(_("This import is running or finished."))
    if which == "errors" and decision in (RowDecision.EXCLUDE, RowDecision.IMPORT):
        rows = batch.rows.exclude(errors=[]).filter(duplicates=[])
    elif which == "duplicates" and decision in (*DUPLICATE_DECISIONS, RowDecision.EXCLUDE):
        rows = batch.rows.exclude(duplicates=[])
    else:
        return 0
    return rows.update(decision=decision)


# --- discard and prune ---------------------------------------------------------------------


def batch_discard(*, actor: User, batch: ImportBatch) -> None:
    """Throw an upload away that was not imported: its file and rows are deleted."""
    _require_lead(actor, batch.project_id)
    if not ImportBatch.objects.filter(
        pk=batch.pk, status__in=(BatchStatus.UPLOADED, BatchStatus.CHECKED, BatchStatus.FAILED)
    ).update(status=BatchStatus.DISCARDED):
        raise ValidationError(_("This import is running or finished."))
    _delete_file(batch)
    batch.rows.all().delete()
    _audit(actor, batch, AuditAction.DELETE)


def batches_prune(*, older_than: datetime.timedelta = KEPT) -> dict[str, int]:
    """Delete the uploads older than a day with their rows and files (the records they
    created stay); a batch that is still running is left alone. Idempotent."""
    cutoff = timezone.now() - older_than
    # A running batch is left alone unless it has not moved for another day (a lost worker).
    old = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(
        status__in=(BatchStatus.CHECKING, BatchStatus.IMPORTING), updated_at__gte=cutoff
    )
    files = 0
    for batch in old.exclude(stored_name=""):
        storage().delete(batch.stored_name)
        files += 1
    deleted = old.count()
    ImportRow.objects.filter(batch__in=old).delete()
    old.delete()
    return {"batches": deleted, "files": files}
