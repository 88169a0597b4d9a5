"""Writes to the journal that carry their own logic. Every function runs in one transaction
and writes its audit row in the same transaction; each checks that the actor works in the
mentee's project (the system, ``actor=None``, may always act).

Contacts, appointments, tasks, the agreement and its steps, referrals and courses are created,
changed and deleted through their kinds in ``lotse.journal.kinds`` (``CONTACT.create(actor=…,
mentee=…, **values)``, ``TASK.update(actor=…, record=…, version=…, **values)``, …; see
``lotse.lib.records``). Automatic tasks (reminders, follow-ups, strong matches) are made and
closed through ``lotse.journal.automatic`` with a typed source; the daily reminders are in
``lotse.journal.reminders``.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.models import Mentee
from lotse.journal.models import IntegrationAgreement, Task
from lotse.lib.concurrency import claim_version


def _require_project(actor: Any, task: Task) -> None:
    if actor is not None:  # None: the system (reminders, follow-ups) acts
        require_project(actor, task.mentee.project_id)


@transaction.atomic
def journal_view_record(*, actor: Any, mentee: Mentee) -> None:
    """Record that ``actor`` looked at the mentee's whole journal."""
    audit_record(actor=actor, action=AuditAction.VIEW, obj=mentee, mentee=mentee, reason="journal")


@transaction.atomic
def task_complete(*, actor: Any, task: Task) -> Task:
    """Mark the task done now. Completing a task that is already done changes nothing."""
    _require_project(actor, task)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.done_at is not None:
        return locked
    locked.done_at = timezone.now()
    locked.done_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.full_clean()
    locked.save(update_fields=["done_at", "done_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        mentee=task.mentee,
        changes={"done_at": [None, locked.done_at.isoformat()]},
    )
    return locked


@transaction.atomic
def task_reopen(*, actor: Any, task: Task) -> Task:
    _require_project(actor, task)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.done_at is None:
        return locked
    old = locked.done_at
    locked.done_at = None
    locked.done_by = None
    locked.save(update_fields=["done_at", "done_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        mentee=task.mentee,
        changes={"done_at": [old.isoformat(), None]},
    )
    return locked


# --- the integration agreement as a whole ------------------------------------------------


@transaction.atomic
def agreement_delete(*, actor: Any, agreement: IntegrationAgreement, version: object) -> None:
    """Delete the agreement (if it is still at ``version``) with all its steps."""
    require_project(actor, agreement.mentee.project_id)
    claim_version(agreement, version)
    for step in agreement.steps.all():
        audit_record(actor=actor, action=AuditAction.DELETE, obj=step, mentee=agreement.mentee)
        step.delete()
    audit_record(actor=actor, action=AuditAction.DELETE, obj=agreement, mentee=agreement.mentee)
    agreement.delete()
