"""Writes to the journal. Every function runs in one transaction, validates with
``full_clean()`` and writes its audit row in the same transaction.

For other apps
--------------
Other apps create reminders for a mentor through one function::

    from lotse.journal.services import task_create_automatic

    task_create_automatic(
        mentee=mentee,                  # cases.Mentee
        kind=TaskKind.FOLLOW_UP,        # lotse.journal.models.TaskKind (or its string value)
        source_key=f"placement:{placement.public_id}:follow-up-3",  # unique per mentee
        title="Follow-up 3 months after the placement",
        due_date=date(2027, 3, 1),      # or None
        assignee=mentee.mentor,         # a User or None
        actor=None,                     # optional: who caused it (None = the system)
    ) -> Task

It is idempotent: a second call with the same ``mentee`` and ``source_key`` returns the existing
task (done or not) and changes nothing, also when two processes call it at the same time. Use
``TaskKind.NEW_MATCH`` for new strong matches and ``TaskKind.FOLLOW_UP`` for follow-ups after a
placement. ``source_key`` is at most 120 characters; prefix it with your app's name.

All other functions follow ``<entity>_<verb>(*, actor, ...)``: ``journal_entry_create/update/
delete``, ``appointment_…``, ``task_…`` (plus ``task_complete`` and ``task_reopen``),
``agreement_…``, ``agreement_step_…``, ``referral_…``, ``course_…``. ``create`` takes the
mentee and the field values as keyword arguments, ``update`` the object and the changed values,
``delete`` the object. They raise ``django.core.exceptions.ValidationError`` on bad input.
``update`` also takes ``expected_updated_at`` (the record's ``updated_at`` when the form was
opened) and raises ``StaleRecordError`` if someone else saved the record since.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import Mentee
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    CourseParticipation,
    IntegrationAgreement,
    JournalEntry,
    Referral,
    StepStatus,
    Task,
    TaskKind,
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
        raise TypeError("Use task_create_automatic for tasks with a source_key.")
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


def task_ensure_automatic(
    *,
    mentee: Mentee,
    kind: TaskKind | str,
    source_key: str,
    title: str,
    due_date: datetime.date | None,
    assignee: Any = None,
    actor: Any = None,
) -> tuple[Task, bool]:
    """Like :func:`task_create_automatic`, but also says whether the task is new."""
    if not source_key:
        raise ValueError("An automatic task needs a source_key.")
    with transaction.atomic():
        existing = Task.objects.filter(mentee=mentee, source_key=source_key).first()
        if existing is not None:
            return existing, False
        task = Task(
            mentee=mentee,
            kind=kind,
            source_key=source_key,
            title=str(title)[:200],
            due_date=due_date,
            assignee=assignee,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The unique constraint is checked by the database: a concurrent run that inserted the
        # same key first makes our insert fail, and we return its task instead.
        task.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                task.save()
        except IntegrityError:
            return Task.objects.get(mentee=mentee, source_key=source_key), False
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=task,
            mentee=mentee,
            changes={"kind": str(kind), "source_key": source_key, "due_date": due_date},
        )
        return task, True


def task_create_automatic(
    *,
    mentee: Mentee,
    kind: TaskKind | str,
    source_key: str,
    title: str,
    due_date: datetime.date | None,
    assignee: Any = None,
    actor: Any = None,
) -> Task:
    """Create an automatic task once per ``(mentee, source_key)``; see the module docstring."""
    task, _created = task_ensure_automatic(
        mentee=mentee,
        kind=kind,
        source_key=source_key,
        title=title,
        due_date=due_date,
        assignee=assignee,
        actor=actor,
    )
    return task


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


def _step_task_key(step: AgreementStep) -> str:
    return f"journal:agreement-step:{step.public_id}:{step.due_date}"


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
        reminders = Task.objects.filter(
            mentee_id=step.mentee_id,
            source_key__startswith=f"journal:agreement-step:{step.public_id}:",
            done_at__isnull=True,
        )
        for task in reminders:
            task_complete(actor=actor, task=task)
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


# --- reminders ----------------------------------------------------------------------------

RESIDENCE_REMINDER_LEAD = datetime.timedelta(weeks=4)
STEP_REMINDER_LEAD = datetime.timedelta(days=7)


class Stopped(Exception):
    """``reminders_create`` was asked to stop (e.g. SIGTERM) between two chunks."""


def reminders_create(
    *,
    today: datetime.date | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> dict[str, int]:
    """Create the automatic reminders that are due on ``today`` (default: the local date).

    - A residence document (the mentee's newest ``ResidenceStatus``) whose ``valid_until`` is at
      most 4 weeks away, or already past: one task per document and expiry date.
    - An open agreed step due within a week, or overdue: one task per step and due date.

    Only mentees who have not exited get reminders; the task goes to the mentee's mentor. The
    function is idempotent and safe to run twice at the same time (see
    :func:`task_ensure_automatic`).

    Open reminders that no longer apply are marked done: the document was replaced by a newer
    one or its expiry date changed, the step was done, dropped, deleted or got a new due date.

    Returns how many tasks were created per kind, and how many were ``closed``. Every task is
    written in its own transaction; ``should_stop`` is asked between chunks of 500 documents
    and, when it answers yes, the run ends with :class:`Stopped` (what is written stays).
    """
    from lotse.cases.models import MenteeStatus, ResidenceStatus

    today = today or timezone.localdate()
    created = {"permit_expiry": 0, "agreement_step": 0, "closed": 0}

    newer = ResidenceStatus.objects.filter(
        mentee_id=models.OuterRef("mentee_id"), valid_from__gt=models.OuterRef("valid_from")
    )
    documents = (
        ResidenceStatus.objects.filter(
            valid_until__isnull=False,
            valid_until__lte=today + RESIDENCE_REMINDER_LEAD,
            valid_until__gte=today - RESIDENCE_REMINDER_LEAD,
        )
        .exclude(mentee__status=MenteeStatus.EXITED)
        .exclude(models.Exists(newer))
        .select_related("mentee__mentor", "title")
        .order_by("pk")
    )
    for chunk in _chunks(documents.iterator(chunk_size=500), 500):
        if should_stop():
            raise Stopped(created)
        existing = _existing_keys([(d.mentee_id, _residence_task_key(d)) for d in chunk])
        for document in chunk:
            if (document.mentee_id, _residence_task_key(document)) in existing:
                continue
            _task, new = task_ensure_automatic(
                mentee=document.mentee,
                kind=TaskKind.PERMIT_EXPIRY,
                source_key=_residence_task_key(document),
                title=_("%(title)s expires on %(date)s: plan the extension")
                % {"title": document.title, "date": document.valid_until.strftime("%d.%m.%Y")},
                due_date=max(today, document.valid_until - RESIDENCE_REMINDER_LEAD),
                assignee=document.mentee.mentor,
            )
            created["permit_expiry"] += int(new)

    steps = (
        AgreementStep.objects.filter(
            status=StepStatus.OPEN,
            due_date__isnull=False,
            due_date__lte=today + STEP_REMINDER_LEAD,
        )
        .exclude(mentee__status=MenteeStatus.EXITED)
        .select_related("mentee__mentor")
        .order_by("pk")
    )
    for chunk in _chunks(steps.iterator(chunk_size=500), 500):
        if should_stop():
            raise Stopped(created)
        existing = _existing_keys([(step.mentee_id, _step_task_key(step)) for step in chunk])
        for step in chunk:
            if (step.mentee_id, _step_task_key(step)) in existing:
                continue
            _task, new = task_ensure_automatic(
                mentee=step.mentee,
                kind=TaskKind.AGREEMENT_STEP,
                source_key=_step_task_key(step),
                title=_("Agreed step due: %(step)s") % {"step": step.description},
                due_date=step.due_date,
                assignee=step.mentee.mentor,
            )
            created["agreement_step"] += int(new)
    created["closed"] = _close_stale_reminders()
    return created


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _existing_keys(keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these ``(mentee_id, source_key)`` tasks exist already: one query per chunk,
    so a daily run over a large programme does not ask once per document."""
    if not keys:
        return set()
    rows = Task.objects.filter(
        mentee_id__in={m for m, _ in keys}, source_key__in={k for _, k in keys}
    ).values_list("mentee_id", "source_key")
    return set(rows)


def _residence_task_key(document: Any) -> str:
    return f"journal:residence:{document.pk}:{document.valid_until}"


def _reminder_source(task: Task) -> tuple[str, str] | None:
    """("residence", document pk) or ("step", step public id) for the journal's own reminders."""
    parts = task.source_key.split(":")
    if len(parts) == 4 and parts[0] == "journal":
        if parts[1] == "residence" and parts[2].isdigit():
            return "residence", parts[2]
        if parts[1] == "agreement-step":
            try:
                return "step", str(uuid.UUID(parts[2]))
            except ValueError:
                return None
    return None


def _close_stale_reminders(chunk: int = 500) -> int:
    """Mark open automatic reminders done whose reason is gone; returns how many."""
    from lotse.cases.models import ResidenceStatus

    newer = ResidenceStatus.objects.filter(
        mentee_id=models.OuterRef("mentee_id"), valid_from__gt=models.OuterRef("valid_from")
    )
    open_reminders = Task.objects.filter(
        done_at__isnull=True,
        kind__in=[TaskKind.PERMIT_EXPIRY, TaskKind.AGREEMENT_STEP],
        source_key__startswith="journal:",
    ).order_by("pk")
    closed, last_pk = 0, 0
    while tasks := list(open_reminders.filter(pk__gt=last_pk)[:chunk]):
        last_pk = tasks[-1].pk
        sources = {task.pk: _reminder_source(task) for task in tasks}
        wanted = [src for src in sources.values() if src]
        documents = {
            str(d.pk): d
            for d in ResidenceStatus.objects.filter(
                pk__in=[int(key) for kind, key in wanted if kind == "residence"]
            ).annotate(replaced=models.Exists(newer))
        }
        steps = {
            str(step.public_id): step
            for step in AgreementStep.objects.filter(
                public_id__in=[key for kind, key in wanted if kind == "step"]
            )
        }
        for task in tasks:
            source = sources[task.pk]
            if source is None:
                continue
            kind, key = source
            if kind == "residence":
                document = documents.get(key)
                current = (
                    document is not None
                    and not document.replaced
                    and _residence_task_key(document) == task.source_key
                )
            else:
                step = steps.get(key)
                current = (
                    step is not None
                    and step.status == StepStatus.OPEN
                    and _step_task_key(step) == task.source_key
                )
            if not current:
                task_complete(actor=None, task=task)
                closed += 1
    return closed
