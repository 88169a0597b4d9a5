"""The kinds of journal record. Their pages (``journal:add``, ``journal:edit``,
``journal:delete`` with the kind's slug) and services (``kind.create/update/delete``) come from
``lotse.lib.records``; the journal's own logic (tasks done and reopened, automatic reminders,
the agreement as a whole) stays in ``lotse.journal.services``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lotse.journal import forms
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
from lotse.lib.records import RecordKind


def _actor_as(name: str) -> Any:
    """``defaults``: the acting user (not the system) as ``name`` of a new record."""
    return lambda actor: {name: actor if getattr(actor, "is_authenticated", False) else None}


def _refuse_automatic(task: Task) -> None:
    if task.is_automatic:
        raise ValidationError(
            _("Automatic reminders cannot be deleted, or they would come back. Mark them done.")
        )


def _step_mentee(step: AgreementStep, changed: set[str]) -> None:
    step.mentee_id = step.agreement.mentee_id


def _close_step_reminders(actor: Any, step: AgreementStep, changes: dict | None) -> None:
    """The reminder for a step that is done or dropped is no longer needed."""
    if changes is not None and step.status != StepStatus.OPEN:
        close_task(AgreementStepSource(step), mentee=step.mentee_id, actor=actor)


CONTACT = RecordKind(
    slug="contacts",
    model=JournalEntry,
    form=forms.JournalEntryForm,
    fields=(*forms.JournalEntryForm._meta.fields, "author"),
    defaults=_actor_as("author"),
    texts={
        "add": _("Log a contact"),
        "edit": _("Edit contact"),
        "delete": _("Delete contact"),
    },
    created=_("The contact has been logged."),
    saved=_("The contact has been saved."),
    deleted=_("The contact has been deleted."),
)
APPOINTMENT = RecordKind(
    slug="appointments",
    model=Appointment,
    form=forms.AppointmentForm,
    fields=(*forms.AppointmentForm._meta.fields, "created_by"),
    defaults=_actor_as("created_by"),
    texts={
        "add": _("Plan an appointment"),
        "edit": _("Edit appointment"),
        "delete": _("Delete appointment"),
    },
    created=_("The appointment has been planned."),
    saved=_("The appointment has been saved."),
    deleted=_("The appointment has been deleted."),
)
TASK = RecordKind(
    slug="tasks",
    model=Task,
    form=forms.TaskForm,
    fields=(*forms.TaskForm._meta.fields, "kind", "created_by"),
    defaults=_actor_as("created_by"),
    check_delete=_refuse_automatic,
    texts={"add": _("Add a task"), "edit": _("Edit task"), "delete": _("Delete task")},
    created=_("The task has been added."),
    saved=_("The task has been saved."),
    deleted=_("The task has been deleted."),
)
AGREEMENT = RecordKind(
    slug="agreement",
    model=IntegrationAgreement,
    form=forms.AgreementForm,
    saved=_("The integration agreement has been saved."),
    created=_("The integration agreement has been saved."),
    deleted=_("The integration agreement and its steps have been deleted."),
)
STEP = RecordKind(
    slug="steps",
    model=AgreementStep,
    form=forms.AgreementStepForm,
    parent="agreement",
    project_of=lambda step: step.agreement.mentee.project_id,
    audit_of=lambda step: {"mentee": step.agreement.mentee},
    prepare=_step_mentee,
    after=_close_step_reminders,
    texts={
        "add": _("Add an agreed step"),
        "edit": _("Edit agreed step"),
        "delete": _("Delete agreed step"),
    },
    created=_("The step has been added to the agreement."),
    saved=_("The step has been saved."),
    deleted=_("The step has been deleted."),
)
REFERRAL = RecordKind(
    slug="referrals",
    model=Referral,
    form=forms.ReferralForm,
    texts={
        "add": _("Record a referral"),
        "edit": _("Edit referral"),
        "delete": _("Delete referral"),
    },
    created=_("The referral has been recorded."),
    saved=_("The referral has been saved."),
    deleted=_("The referral has been deleted."),
)
COURSE = RecordKind(
    slug="courses",
    model=CourseParticipation,
    form=forms.CourseForm,
    texts={
        "add": _("Record a course"),
        "edit": _("Edit course"),
        "delete": _("Delete course"),
    },
    created=_("The course has been recorded."),
    saved=_("The course has been saved."),
    deleted=_("The course has been deleted."),
)

#: The kinds with add/edit/delete pages, by URL slug (the agreement has its own pages).
SECTIONS = {kind.slug: kind for kind in [CONTACT, APPOINTMENT, TASK, STEP, REFERRAL, COURSE]}
