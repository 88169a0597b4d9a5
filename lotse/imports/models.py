"""An upload of a spreadsheet (``ImportBatch``), its rows with their check results and the
importing user's choices (``ImportRow``), and the column mapping a project keeps for its next
import (``ColumnChoice``). Batches and their rows hold personal data only for a day
(``services.batches_prune``); the records they create are ordinary records with their audit rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.lib.models import PublicIdModel, TimestampedModel


class ImportKind(models.TextChoices):
    MENTEES = "mentees", _("mentees")
    EMPLOYERS = "employers", _("employers with contact persons")
    VACANCIES = "vacancies", _("vacancies")


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("columns to be assigned")
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked, waiting for the import")
    IMPORTING = "importing", _("being imported")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("failed")
    DISCARDED = "discarded", _("discarded")


#: The states in which a background task works on the batch.
RUNNING = (BatchStatus.CHECKING, BatchStatus.IMPORTING)


class ImportBatch(PublicIdModel, TimestampedModel):
    """One uploaded file for one project, from the upload to the import."""

    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.CASCADE,
        related_name="import_batches",
        verbose_name=_("project"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_batches",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("what is imported"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    #: The language of the messages of the check (the uploader's page language).
    language = models.CharField(_("language"), max_length=10, default="de")
    file_name = models.CharField(_("file name"), max_length=200)
    #: The name of the uploaded file in the ``imports`` storage; empty once it is deleted.
    stored_name = models.CharField(_("stored file"), max_length=300, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    headers = models.JSONField(_("column headers"), default=list)
    #: Field key → column index (0-based) of the file.
    mapping = models.JSONField(_("column mapping"), default=dict)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    #: False while only the first rows of a large workbook are stored (the task reads the rest).
    rows_complete = models.BooleanField(_("all rows read"), default=True)
    progress = models.PositiveIntegerField(_("rows done"), default=0)
    #: Counts of the last check or of the import (created, updated, skipped, errors, …).
    result = models.JSONField(_("result"), default=dict)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "created_at"], name="importbatch_project_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING


class RowDecision(models.TextChoices):
    IMPORT = "import", _("import")
    EXCLUDE = "exclude", _("leave out")
    SKIP = "skip", _("skip (keep the existing record)")
    UPDATE = "update", _("update the existing record")
    CREATE = "create", _("create a new record anyway")


#: The choices for a row that looks like an existing record.
DUPLICATE_DECISIONS = (RowDecision.SKIP, RowDecision.UPDATE, RowDecision.CREATE)


class RowOutcome(models.TextChoices):
    NONE = "", _("not imported yet")
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    SKIPPED = "skipped", _("skipped")
    EXCLUDED = "excluded", _("left out")


class ImportRow(models.Model):
    """One data row of the file: its cells as text, what the check found and what to do."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("import")
    )
    #: The row's number in the spreadsheet (the header is row 1).
    number = models.PositiveIntegerField(_("row"))
    cells = models.JSONField(_("cells"), default=list)
    #: ``[{"column": index or None, "message": text}, …]`` from the last check or import.
    errors = models.JSONField(_("errors"), default=list)
    #: Keys of existing records this row may describe, with why: ``[{"id": pk, "why": […]}]``.
    duplicates = models.JSONField(_("possible duplicates"), default=list)
    decision = models.CharField(
        _("decision"), max_length=10, choices=RowDecision.choices, default=RowDecision.IMPORT
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RowOutcome.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="importrow_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"


class ColumnChoice(models.Model):
    """A column header of an earlier import and the field it was assigned to in the project:
    the suggestion for the next file with the same header."""

    project = models.ForeignKey(
        "accounts.Project",
        on_delete=models.CASCADE,
        related_name="import_columns",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("what is imported"), max_length=20, choices=ImportKind.choices)
    header = models.CharField(_("column header (normalised)"), max_length=200)
    #: The field key, or "" for a column that is not imported.
    field = models.CharField(_("field"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("column assignment")
        verbose_name_plural = _("column assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "header"], name="columnchoice_unique_header"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or '-'}"
