"""Transfers of a case file between projects: requested by a project that found the person
elsewhere (``identity.search_person``), decided by a lead of the project that holds the file.

The requesting side never sees the file before the decision: the request names the person by
the id the search gave and records that the person agreed to the hand-over (date and how). On
acceptance the stay in the old project ends ("moved to another project of the programme"), a
stay in the new project begins the same day with the requesting mentor, the file with its whole
history now belongs to the new project, and open tasks go to the new mentor. Each step writes
its audit row; the old project keeps its figures (the stay stays in its reports).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import lead_project_ids_for, project_ids_for
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import (
    ExitReason,
    Mentee,
    MenteeStatus,
    Participation,
    TransferRequest,
    TransferStatus,
)


def transfers_to_decide(user: User) -> list[TransferRequest]:
    """Open requests for files of the projects the user leads."""
    return list(
        TransferRequest.objects.filter(
            status=TransferStatus.OPEN, from_project_id__in=lead_project_ids_for(user)
        ).select_related("mentee", "from_project", "to_project", "requested_by")
    )


def transfers_requested(user: User) -> list[TransferRequest]:
    """The requests the user's projects made, with their state (without the person's file)."""
    return list(
        TransferRequest.objects.filter(to_project_id__in=project_ids_for(user))
        .select_related("from_project", "to_project", "requested_by")
        .order_by("-created_at")[:50]
    )


@transaction.atomic
def transfer_request(
    *,
    actor: User,
    mentee_public_id: str,
    to_project: Project,
    consent_on: datetime.date,
    consent_method: str,
) -> TransferRequest:
    if to_project.pk not in project_ids_for(actor):
        raise PermissionDenied("Only for the actor's own projects.")
    mentee = Mentee.objects.filter(public_id=mentee_public_id).first()
    if mentee is None or mentee.project_id in project_ids_for(actor):
        raise ValidationError(_("This person cannot be requested from another project."))
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": _("The date cannot be in the future.")})
    request = TransferRequest(
        mentee=mentee,
        from_project_id=mentee.project_id,
        to_project=to_project,
        requested_by=actor,
        consent_on=consent_on,
        consent_method=consent_method,
    )
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(
            _("Your project has already asked for this person; the request is waiting.")
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        mentee=mentee,
        project_id=to_project.pk,
        changes={"status": [None, TransferStatus.OPEN], "consent_method": [None, consent_method]},
    )
    return request


@transaction.atomic
def transfer_decide(
    *, actor: User, request: TransferRequest, accept: bool, reason: str = ""
) -> TransferRequest:
    locked = TransferRequest.objects.select_for_update().get(pk=request.pk)
    if locked.from_project_id not in lead_project_ids_for(actor):
        raise PermissionDenied("Only the leads of the project holding the file decide.")
    if locked.status != TransferStatus.OPEN:
        raise ValidationError(_("This request has already been decided."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Please give the reason for the refusal.")})
    mentee = Mentee.objects.select_for_update().get(pk=locked.mentee_id)
    if accept:
        if mentee.project_id != locked.from_project_id:
            raise ValidationError(_("The case file is no longer in your project."))
        _move(actor=actor, mentee=mentee, request=locked)
    locked.status = TransferStatus.ACCEPTED if accept else TransferStatus.REFUSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.refusal_reason = "" if accept else reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        mentee=mentee,
        project_id=locked.from_project_id,
        changes={"status": [TransferStatus.OPEN, locked.status]},
    )
    return locked


def _move(*, actor: User, mentee: Mentee, request: TransferRequest) -> None:
    from lotse.journal.models import Task

    today = timezone.localdate()
    open_stay = Participation.objects.filter(mentee=mentee, exit_date__isnull=True).first()
    if open_stay is not None:
        open_stay.exit_date = max(today, open_stay.entry_date)
        open_stay.exit_reason = ExitReason.TRANSFER
        open_stay.save(update_fields=["exit_date", "exit_reason"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=open_stay,
            mentee=mentee,
            changes={"exit_date": [None, open_stay.exit_date], "exit_reason": ["", "transfer"]},
        )
    requester = request.requested_by
    mentor = (
        requester
        if requester is not None
        and requester.is_active
        and requester.memberships.filter(project=request.to_project).exists()
        else None
    )
    stay = Participation.objects.create(
        mentee=mentee, project=request.to_project, mentor=mentor, entry_date=today
    )
    before: dict[str, Any] = {"project": mentee.project_id, "mentor": mentee.mentor_id}
    Mentee.objects.filter(pk=mentee.pk).update(
        project=request.to_project,
        mentor=mentor,
        status=MenteeStatus.ACTIVE if mentee.status == MenteeStatus.EXITED else mentee.status,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    Task.objects.filter(mentee=mentee, done_at__isnull=True).update(assignee=mentor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=stay,
        mentee=mentee,
        project_id=request.to_project_id,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mentee,
        mentee=mentee,
        project_id=request.to_project_id,
        changes={
            "project": [before["project"], request.to_project_id],
            "mentor": [before["mentor"], mentor.pk if mentor else None],
        },
    )
