"""Writes to the journal. Every function runs in one transaction, validates with
``full_clean()`` and writes its audit row in the same transaction.

Automatic tasks (reminders, follow-ups, strong matches) are made and closed through
``lotse.journal.automatic`` with a typed source; the daily reminders are in
``lotse.journal.reminders``.

The functions follow ``<entity>_<verb>(*, actor, ...)``: ``journal_entry_create/update/
delete``, ``appointment_…``, ``task_…`` (plus ``task_complete`` and ``task_reopen``),
``agreement_…``, ``agreement_step_…``, ``referral_…``, ``course_…``. ``create`` takes the
mentee and the field values as keyword arguments, ``update`` the object and the changed values,
``delete`` the object. They raise ``django.core.exceptions.ValidationError`` on bad input.
``update`` also takes ``expected_updated_at`` (the record's ``updated_at`` when the form was
opened) and raises ``StaleRecordError`` if someone else saved the record since.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import Mentee
from lotse.journal.automatic import AgreementStepSource, close_task
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    StepStatus,
    Task,
)
from lotse.lib.concurrency import StaleRecordError, check_not_stale  # noqa: F401

# --- shared mechanics ---------------------------------------------------------------------


def _editable_fields(model: type[models.Model]) -> list[str]:
    skip = {"id", "public_id", "mentee", "created_at", "updated_at", "source_key"}
    return [
        f.attname if f.is_relation else f.name
        for f in model._meta.concrete_fields
        if f.name not in skip
    ]


def _field_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields} | {
        f.attname for f in model._meta.concrete_fields
    }


def _check_fields(model: type[models.Model], fields: dict[str, Any]) -> None:
    unknown = set(fields) - _field_names(model) - {"mentee"}
    if unknown:
        raise TypeError(f"{model.__name__} has no fields {sorted(unknown)}")


def _create(*, actor: Any, mentee: Mentee, instance: models.Model) -> models.Model:
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=instance, mentee=mentee)
    return instance


def _update(*, actor: Any, instance: models.Model, fields: dict[str, Any]) -> models.Model:
    """Apply ``fields``. With ``expected_updated_at`` (when the form was opened) the change is
    refused if someone else saved the record since then, so no update is silently lost."""
    model = type(instance)
    expected = fields.pop("expected_updated_at", None)
    _check_fields(model, fields)
    check_not_stale(model, instance.pk, expected)
    names = _editable_fields(model)
    before = {name: getattr(instance, name) for name in names}
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    changes = diff_fields(before, instance, names)
    if changes:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=instance,
            mentee=instance.mentee,
            changes=changes,
        )
    return instance


def _delete(*, actor: Any, instance: models.Model) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, obj=instance, mentee=instance.mentee)
    instance.delete()


@transaction.atomic
def journal_view_record(*, actor: Any, mentee: Mentee) -> None:
    """Record that ``actor`` looked at the mentee's whole journal."""
    audit_record(actor=actor, action=AuditAction.VIEW, obj=mentee, mentee=mentee, reason="journal")


# --- contacts -----------------------------------------------------------------------------


@transaction.atomic
def journal_entry_create(*, actor: Any, mentee: Mentee, **fields: Any) -> JournalEntry:
    _check_fields(JournalEntry, fields)
    fields.setdefault("author", actor if getattr(actor, "is_authenticated", False) else None)
    return _create(actor=actor, mentee=mentee, instance=JournalEntry(mentee=mentee, **fields))


@transaction.atomic
def journal_entry_update(*, actor: Any, entry: JournalEntry, **fields: Any) -> JournalEntry:
    return _update(actor=actor, instance=entry, fields=fields)


@transaction.atomic
def journal_entry_delete(*, actor: Any, entry: JournalEntry) -> None:
    _delete(actor=actor, instance=entry)


# --- appointments -------------------------------------------------------------------------


@transaction.atomic
def appointment_create(*, actor: Any, mentee: Mentee, **fields: Any) -> Appointment:
    _check_fields(Appointment, fields)
    fields.setdefault("created_by", actor if getattr(actor, "is_authenticated", False) else None)
    return _create(actor=actor, mentee=mentee, instance=Appointment(mentee=mentee, **fields))


@transaction.atomic
def appointment_update(*, actor: Any, appointment: Appointment, **fields: Any) -> Appointment:
    return _update(actor=actor, instance=appointment, fields=fields)


@transaction.atomic
def appointment_delete(*, actor: Any, appointment: Appointment) -> None:
    _delete(actor=actor, instance=appointment)


# --- tasks --------------------------------------------------------------------------------


@transaction.atomic
def task_create(*, actor: Any, mentee: Mentee, **fields: Any) -> Task:
    _check_fields(Task, fields)
    if fields.get("source_key"):
        raise TypeError("Use lotse.journal.automatic.ensure_task for automatic tasks.")
    fields.setdefault("created_by", actor if getattr(actor, "is_authenticated", False) else None)
    return _create(actor=actor, mentee=mentee, instance=Task(mentee=mentee, **fields))


@transaction.atomic
def task_update(*, actor: Any, task: Task, **fields: Any) -> Task:
    if "source_key" in fields:
        raise TypeError("The source of an automatic task cannot be changed.")
    return _update(actor=actor, instance=task, fields=fields)


@transaction.atomic
def task_delete(*, actor: Any, task: Task) -> None:
    if task.is_automatic:
        raise ValidationError(
            _("Automatic reminders cannot be deleted, or they would come back. Mark them done.")
        )
    _delete(actor=actor, instance=task)


@transaction.atomic
def task_complete(*, actor: Any, task: Task) -> Task:
    """Mark the task done now. Completing a task that is already done changes nothing."""
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


# --- integration agreement and its steps --------------------------------------------------


@transaction.atomic
def agreement_create(*, actor: Any, mentee: Mentee, **fields: Any) -> IntegrationAgreement:
    _check_fields(IntegrationAgreement, fields)
    instance = IntegrationAgreement(mentee=mentee, **fields)
    return _create(actor=actor, mentee=mentee, instance=instance)


@transaction.atomic
def agreement_update(
    *, actor: Any, agreement: IntegrationAgreement, **fields: Any
) -> IntegrationAgreement:
    return _update(actor=actor, instance=agreement, fields=fields)


@transaction.atomic
def agreement_delete(*, actor: Any, agreement: IntegrationAgreement) -> None:
    for step in agreement.steps.all():
        _delete(actor=actor, instance=step)
    _delete(actor=actor, instance=agreement)


@transaction.atomic
def agreement_step_create(
    *, actor: Any, agreement: IntegrationAgreement, **fields: Any
) -> AgreementStep:
    _check_fields(AgreementStep, fields)
    fields.pop("mentee", None)
    step = AgreementStep(agreement=agreement, mentee_id=agreement.mentee_id, **fields)
    return _create(actor=actor, mentee=agreement.mentee, instance=step)


@transaction.atomic
def agreement_step_update(*, actor: Any, step: AgreementStep, **fields: Any) -> AgreementStep:
    fields.pop("agreement", None)
    fields.pop("mentee", None)
    step = _update(actor=actor, instance=step, fields=fields)
    if step.status != StepStatus.OPEN:
        # The reminder for a step that is done or dropped is no longer needed.
        close_task(AgreementStepSource(step), mentee=step.mentee_id, actor=actor)
    return step


@transaction.atomic
def agreement_step_delete(*, actor: Any, step: AgreementStep) -> None:
    _delete(actor=actor, instance=step)


# --- referrals ----------------------------------------------------------------------------


@transaction.atomic
def referral_create(*, actor: Any, mentee: Mentee, **fields: Any) -> Referral:
    _check_fields(Referral, fields)
    return _create(actor=actor, mentee=mentee, instance=Referral(mentee=mentee, **fields))


@transaction.atomic
def referral_update(*, actor: Any, referral: Referral, **fields: Any) -> Referral:
    return _update(actor=actor, instance=referral, fields=fields)


@transaction.atomic
def referral_delete(*, actor: Any, referral: Referral) -> None:
    _delete(actor=actor, instance=referral)


# --- courses ------------------------------------------------------------------------------


@transaction.atomic
def course_create(*, actor: Any, mentee: Mentee, **fields: Any) -> CourseParticipation:
    _check_fields(CourseParticipation, fields)
    instance = CourseParticipation(mentee=mentee, **fields)
    return _create(actor=actor, mentee=mentee, instance=instance)


@transaction.atomic
def course_update(*, actor: Any, course: CourseParticipation, **fields: Any) -> CourseParticipation:
    return _update(actor=actor, instance=course, fields=fields)


@transaction.atomic
def course_delete(*, actor: Any, course: CourseParticipation) -> None:
    _delete(actor=actor, instance=course)
