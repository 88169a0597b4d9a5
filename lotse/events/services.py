"""Writes of group events, each with its audit row: the event (through the record kind, then
its staff and employers), invitations, attendance, the attendance list handed out, and the
erasure of a mentee's invitations."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import Project
from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee
from lotse.events.kinds import GROUP_EVENT, INVITATION
from lotse.events.models import Attendance, GroupEvent, Invitation
from lotse.lib.concurrency import claim_version
from lotse.lib.erasure import renew_public_ids


def _ids(rows: Iterable[Any]) -> list[str]:
    return sorted(str(row.public_id) for row in rows)


def event_save(
    *,
    actor: Any,
    event: GroupEvent | None = None,
    project: Project | None = None,
    version: object = None,
    staff: Iterable[Any] = (),
    employers: Iterable[Any] = (),
    **values: Any,
) -> GroupEvent:
    """Create an event in ``project`` (``event`` None) or change ``event`` at ``version``,
    with its staff (members of the project) and employers (the project's). A change of staff
    or employers alone writes its own audit row."""
    staff, employers = list(staff), list(employers)
    with transaction.atomic():
        if event is None:
            saved = GROUP_EVENT.create(actor=actor, project=project, **values)
            before: dict[str, list[str]] = {"staff": [], "employers": []}
        else:
            before = {
                "staff": _ids(event.staff.all()),
                "employers": _ids(event.employers.all()),
            }
            saved = GROUP_EVENT.update(actor=actor, record=event, version=version, **values)
        if any(e.project_id != saved.project_id for e in employers):
            raise ValidationError({"employers": _("Please choose employers of the project.")})
        members = set(
            saved.project.memberships.filter(user__in=staff).values_list("user_id", flat=True)
        )
        if any(user.pk not in members for user in staff):
            raise ValidationError({"staff": _("Please choose members of the project.")})
        saved.staff.set(staff)
        saved.employers.set(employers)
        after = {"staff": _ids(staff), "employers": _ids(employers)}
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=saved,
                project_id=saved.project_id,
                changes=changes,
            )
    return saved


def event_delete(*, actor: Any, event: GroupEvent, version: object) -> None:
    """Delete the event at ``version`` with its invitations (each with its audit row)."""
    with transaction.atomic():
        require_project(actor, event.project_id)
        for invitation in event.invitations.select_related("mentee").order_by("pk"):
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                obj=invitation,
                mentee=invitation.mentee,
                project_id=event.project_id,
            )
        GROUP_EVENT.delete(actor=actor, record=event, version=version)


def event_invite(*, actor: Any, event: GroupEvent, mentees: Iterable[Mentee]) -> int:
    """Invite ``mentees`` (fetched through the user's scope) who are not yet invited;
    returns how many were invited."""
    count = 0
    with transaction.atomic():
        invited = set(event.invitations.values_list("mentee_id", flat=True))
        for mentee in mentees:
            if mentee.pk in invited:
                continue
            INVITATION.create(actor=actor, event=event, mentee=mentee)
            invited.add(mentee.pk)
            count += 1
    return count


def invitation_withdraw(*, actor: Any, invitation: Invitation, version: object) -> None:
    INVITATION.delete(actor=actor, record=invitation, version=version)


def attendance_record(
    *, actor: Any, event: GroupEvent, marks: Iterable[tuple[Invitation, str, object]]
) -> int:
    """Record attendance (``attended``, ``excused``, ``absent`` or not recorded) for each
    invitation at the version the form showed; all or nothing. Only once the event has
    begun. Returns the number of invitations changed."""
    if not event.is_past:
        raise ValidationError(_("Attendance can be recorded once the event has begun."))
    if event.cancelled:
        raise ValidationError(_("The event was cancelled; there is no attendance to record."))
    changed = 0
    with transaction.atomic():
        for invitation, attendance, version in marks:
            if attendance not in Attendance.values:
                raise ValidationError(_("Please choose a value from the list."))
            if attendance == invitation.attendance:
                claim_version(invitation, version)  # unchanged, but not stale either
                continue
            INVITATION.update(
                actor=actor, record=invitation, version=version, attendance=attendance
            )
            changed += 1
    return changed


def attendance_list_record(*, actor: Any, event: GroupEvent, mentees: list[Mentee]) -> None:
    """The audit row of an attendance list printed or downloaded: which event, who is on it."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=event,
        project_id=event.project_id,
        changes={"attendance_list": "pdf"},
        shown=mentees,
    )


def invitations_erase(*, mentee: Mentee, actor: Any) -> None:
    """Erasure: invitations whose attendance was not recorded go; recorded ones stay with a
    new public id (the report counts participants and participations), each with an audit
    row. The events themselves are the project's and stay."""
    with transaction.atomic():
        rows = Invitation.objects.filter(mentee=mentee).order_by("pk")
        for invitation in rows:
            audit_record(
                actor=actor,
                action=AuditAction.DELETE if not invitation.attendance else AuditAction.UPDATE,
                obj=invitation,
                mentee=mentee,
                reason="erasure",
            )
        rows.filter(attendance=Attendance.OPEN).delete()
        renew_public_ids(Invitation.objects.filter(mentee=mentee))
