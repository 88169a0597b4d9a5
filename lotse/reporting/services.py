"""Writes of the reporting app: the record of an export (with its audit row) and the ESF Plus
record of a participation."""

from typing import Any

from django.db import transaction

from lotse.accounts.models import Project, User
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import Participation
from lotse.reference.models import District
from lotse.reporting.models import EsfRecord, ReportExport

ESF_FIELDS = [
    "labour_status",
    "disability",
    "foreign_background",
    "minority",
    "homeless",
    "rural",
    "entry_asked_on",
    "immediate_result",
    "exit_asked_on",
    "employed_after_six_months",
    "better_situation_after_six_months",
    "six_months_asked_on",
]


def report_export_create(
    *,
    actor: User,
    export_format: str,
    period_label: str,
    start: Any,
    end: Any,
    project: Project | None,
    district: District | None,
    breakdown: str,
    suppressed: bool,
) -> ReportExport:
    """Record that ``actor`` exported a report, with an EXPORT row in the audit trail."""
    with transaction.atomic():
        export = ReportExport(
            created_by=actor,
            export_format=export_format,
            period_label=period_label[:200],
            start=start,
            end=end,
            project=project,
            district=district,
            breakdown=breakdown,
            suppressed=suppressed,
        )
        export.full_clean()
        export.save()
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=export,
            project_id=project.pk if project else None,
            changes={
                "format": export_format,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "project": project.name if project else "",
                "district": district.pk if district else "",
                "suppressed": suppressed,
            },
        )
    return export


def esf_record_save(
    *, actor: User, participation: Participation, data: dict[str, Any]
) -> EsfRecord:
    """Create or update the ESF Plus record of ``participation`` from ``data``."""
    with transaction.atomic():
        record = EsfRecord.objects.select_for_update().filter(participation=participation).first()
        created = record is None
        if created:
            record = EsfRecord(participation=participation)
            before: dict[str, Any] = {}
        else:
            before = {name: getattr(record, name) for name in ESF_FIELDS}
        for name in ESF_FIELDS:
            if name in data:
                setattr(record, name, data[name])
        record.recorded_by = actor
        record.full_clean()
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=record,
            mentee=participation.mentee,
            project_id=participation.project_id,
            changes=diff_fields(before, record, ESF_FIELDS) if not created else {},
        )
    return record
