"""Writes for the CV: the journal's note that a CV was handed out, with its audit row, and
the audit row of the CV page. The audit rows hold codes only (the file format, which kinds of
personal details, whether with a photo), never the values."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee
from lotse.cv.models import CvFormat, CvRecord, Detail
from lotse.cv.selectors import may_make_cv


class ConsentMissing(PermissionDenied):
    """The mentee has not agreed (or no longer agrees) to pass the profile to employers."""


def cv_view_record(*, actor: Any, mentee: Mentee) -> None:
    """Record that ``actor`` looked at the mentee's CV page (its preview shows the profile)."""
    audit_record(actor=actor, action=AuditAction.VIEW, obj=mentee, mentee=mentee, reason="cv")


@transaction.atomic
def cv_made(
    *,
    actor: Any,
    mentee: Mentee,
    file_format: str,
    details: list[str],
    photo: Any = None,
    place: str = "",
) -> CvRecord:
    """Note in the journal that ``actor`` made the mentee's CV as ``file_format`` with these
    ``details`` (``Detail`` codes), ``photo`` (one of the mentee's documents) and ``place``;
    refused without the consent to pass the profile on."""
    require_project(actor, mentee.project_id)
    if not may_make_cv(mentee):
        raise ConsentMissing("No consent to pass the profile to employers is in force.")
    if photo is not None and photo.mentee_id != mentee.pk:
        raise PermissionDenied("The photo is another person's document.")
    record = CvRecord(
        mentee=mentee,
        made_by=actor,
        file_format=CvFormat(file_format),
        details=[d for d in Detail.values if d in details],
        with_photo=photo is not None,
        photo=photo,
        place=place,
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        mentee=mentee,
        changes={
            "file_format": record.file_format,
            "included": list(record.details),
            "with_photo": record.with_photo,
        },
    )
    return record


def cv_download_record(*, actor: Any, record: CvRecord) -> None:
    """The audit row of a download: who took the CV out of Lotse, in which format."""
    require_project(actor, record.mentee.project_id)
    if not may_make_cv(record.mentee):
        raise ConsentMissing("No consent to pass the profile to employers is in force.")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=record,
        mentee=record.mentee,
        changes={"file_format": record.file_format, "download": "file"},
    )


@transaction.atomic
def cv_records_erase(*, mentee: Mentee, actor: Any) -> int:
    """Delete the notes of CVs made for the mentee (erasure); one audit row each."""
    count = 0
    for record in CvRecord.objects.filter(mentee=mentee).order_by("pk"):
        audit_record(actor=actor, action=AuditAction.DELETE, obj=record, mentee=mentee)
        record.delete()
        count += 1
    return count
