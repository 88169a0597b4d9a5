"""Reading imports: a batch is seen by the leads of its project only (it holds the file's
personal data until it is pruned)."""

from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import lead_project_ids_for
from lotse.imports.models import BatchStatus, ImportBatch, ImportRow


def import_projects_for(user: User) -> QuerySet[Project]:
    """The projects the user may import into (those they lead)."""
    return Project.objects.filter(pk__in=lead_project_ids_for(user), is_active=True).order_by(
        "name"
    )


def batches_for(user: User) -> QuerySet[ImportBatch]:
    return (
        ImportBatch.objects.filter(project_id__in=lead_project_ids_for(user))
        .exclude(status=BatchStatus.DISCARDED)
        .select_related("project", "created_by")
    )


def batch_for(user: User, public_id: UUID | str) -> ImportBatch:
    return get_object_or_404(batches_for(user), public_id=public_id)


def rows_to_review(batch: ImportBatch) -> QuerySet[ImportRow]:
    """Rows with errors or possible duplicates, in file order."""
    return batch.rows.exclude(errors=[], duplicates=[]).order_by("number")


def rejected_rows(batch: ImportBatch) -> QuerySet[ImportRow]:
    """Rows that were not imported because of errors or were left out."""
    from lotse.imports.models import RowDecision

    rows = batch.rows.exclude(errors=[]) | batch.rows.filter(decision=RowDecision.EXCLUDE)
    return rows.order_by("number")
