"""Writes of the reporting app: the record of an export (with its audit row) and the ESF Plus
record of a participation."""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import Participation
from lotse.lib.concurrency import claim_version
from lotse.reference.models import District
from lotse.reporting.models import EsfRecord, ExportFormat, ReportExport

#: Reports (pages, print views, exports) one user may obtain per window, and the window.
RATE_LIMIT = (60, 600)

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
    extra: dict[str, Any] | None = None,
) -> ReportExport:
    """Record that ``actor`` obtained a report, with an audit row: EXPORT for a download,
    VIEW for the page and the print view. Aggregates only: the row names the period and the
    selection, never a person (``extra`` adds machine values, e.g. the public id of the user
    whose time sheet it was)."""
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
        # The dates come from the validated report form or a funding period; a funding period
        # may legitimately end further ahead than a date typed into a form may.
        export.full_clean(exclude=["start", "end"])
        export.save()
        audit_record(
            actor=actor,
            action=(
                AuditAction.VIEW
                if export_format in (ExportFormat.PAGE, ExportFormat.PRINT)
                else AuditAction.EXPORT
            ),
            obj=export,
            project_id=project.pk if project else None,
            changes={
                "format": export_format,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "project": project.pk if project else None,
                "district": district.pk if district else None,
                "suppressed": suppressed,
                **(extra or {}),
            },
        )
    return export


def rate_limited(user: User) -> int | None:
    """Seconds until ``user`` may obtain the next report, or ``None`` if they may now.

    Counts the user's ``ReportExport`` rows in the window (``settings.LOTSE_REPORT_RATE_LIMIT``
    as ``(reports, seconds)``, default ``RATE_LIMIT``): a database limit, so it holds across
    processes without a shared cache."""
    limit, window = getattr(settings, "LOTSE_REPORT_RATE_LIMIT", RATE_LIMIT)
    since = timezone.now() - datetime.timedelta(seconds=window)
    recent = list(
        ReportExport.objects.filter(created_by=user, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    oldest = recent[-1]
    return max(1, int((oldest - since).total_seconds()) + 1)


def esf_record_save(
    *, actor: User, participation: Participation, version: object = None, **values: Any
) -> EsfRecord:
    """Create the ESF Plus record of ``participation``, or change it if it is still at
    ``version`` (``StaleRecordError`` otherwise, also when a record was created meanwhile by
    someone else); ``values`` are any of ``ESF_FIELDS``."""
    unknown = set(values) - set(ESF_FIELDS)
    if unknown:
        raise TypeError(f"EsfRecord has no editable fields {sorted(unknown)}")
    require_project(actor, participation.project_id)
    with transaction.atomic():
        record = EsfRecord.objects.filter(participation=participation).first()
        created = record is None
        if created:
            record = EsfRecord(participation=participation)
            before: dict[str, Any] = {}
        else:
            claim_version(record, version)
            before = {name: getattr(record, name) for name in ESF_FIELDS}
        for name, value in values.items():
            setattr(record, name, value)
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
