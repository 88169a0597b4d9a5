import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from lotse.audit.models import AuditEvent
from lotse.employers.tests.factories import VacancyFactory
from lotse.journal import automatic, services
from lotse.journal.kinds import AGREEMENT, APPOINTMENT, CONTACT, COURSE, REFERRAL, STEP, TASK
from lotse.journal.models import (
    AgreementStep,
    Appointment,
    ContactKind,
    CourseKind,
    CourseParticipation,
    CourseResult,
    IntegrationAgreement,
    JournalEntry,
    PartnerKind,
    Referral,
    StepStatus,
    Task,
    TaskKind,
)
from lotse.journal.reminders import reminders_create
from lotse.journal.tests.factories import (
    AgreementStepFactory,
    IntegrationAgreementFactory,
    TaskFactory,
)
from lotse.reference.models import Language

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC)


def audit_rows(obj, action):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.public_id), action=action
    )


def test_journal_entry_create_update_delete_write_audit_rows(alice, mentee):
    entry = CONTACT.create(
        actor=alice,
        mentee=mentee,
        occurred_at=NOON,
        kind=ContactKind.PHONE,
        duration_minutes=15,
        topics=["residence", "housing"],
        notes="Termin bei der Ausländerbehörde vorbereitet.",
    )
    assert entry.author == alice
    create = audit_rows(entry, "create").get()
    assert create.mentee_id == mentee.public_id
    assert create.actor == alice
    assert create.project_id == mentee.project_id

    CONTACT.update(actor=alice, record=entry, version=entry.version, duration_minutes=20)
    entry.refresh_from_db()
    assert entry.duration_minutes == 20
    # a number about a person's contact: the trail says that it changed, not to what
    assert audit_rows(entry, "update").get().changes == {"duration_minutes": ["…", "…"]}

    public_id = entry.public_id
    CONTACT.delete(actor=alice, record=entry, version=entry.version)
    assert not JournalEntry.objects.filter(public_id=public_id).exists()
    assert AuditEvent.objects.filter(object_id=str(public_id), action="delete").count() == 1


def test_an_update_without_changes_writes_no_audit_row(alice, mentee):
    entry = CONTACT.create(actor=alice, mentee=mentee, occurred_at=NOON, kind=ContactKind.PHONE)
    CONTACT.update(actor=alice, record=entry, version=entry.version, kind=ContactKind.PHONE)
    assert not audit_rows(entry, "update").exists()


def test_it_rejects_unknown_topics(alice, mentee):
    with pytest.raises(ValidationError) as error:
        CONTACT.create(
            actor=alice, mentee=mentee, occurred_at=NOON, kind="phone", topics=["astrology"]
        )
    assert "topics" in error.value.message_dict
    assert not JournalEntry.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_rejects_an_interpreter_language_without_interpreter(alice, mentee):
    arabic = Language.objects.create(iso_code="ar", name_de="Arabisch", name_en="Arabic")
    with pytest.raises(ValidationError) as error:
        CONTACT.create(
            actor=alice, mentee=mentee, occurred_at=NOON, kind="phone", interpreter_language=arabic
        )
    assert "interpreter_language" in error.value.message_dict


def test_it_rejects_an_appointment_that_ends_before_it_starts(alice, mentee):
    with pytest.raises(ValidationError) as error:
        APPOINTMENT.create(
            actor=alice,
            mentee=mentee,
            starts_at=NOON,
            ends_at=NOON - datetime.timedelta(hours=1),
            kind="agencies",
        )
    assert "ends_at" in error.value.message_dict
    assert not Appointment.objects.exists()


def test_it_rejects_a_referral_outcome_dated_before_the_referral(alice, mentee):
    with pytest.raises(ValidationError) as error:
        REFERRAL.create(
            actor=alice,
            mentee=mentee,
            partner_kind=PartnerKind.JOBCENTER,
            referred_on=datetime.date(2026, 3, 1),
            purpose="Förderung Führerschein",
            outcome="bewilligt",
            outcome_on=datetime.date(2026, 2, 1),
        )
    assert "outcome_on" in error.value.message_dict
    assert not Referral.objects.exists()


def test_a_passed_language_course_needs_the_level_reached(alice, mentee):
    fields = {
        "kind": CourseKind.JOB_LANGUAGE,
        "starts_on": datetime.date(2026, 1, 1),
        "result": CourseResult.PASSED,
    }
    with pytest.raises(ValidationError) as error:
        COURSE.create(actor=alice, mentee=mentee, **fields)
    assert "achieved_level" in error.value.message_dict
    course = COURSE.create(actor=alice, mentee=mentee, achieved_level="B2", **fields)
    assert CourseParticipation.objects.get(pk=course.pk).achieved_level == "B2"


def test_a_course_cannot_end_before_it_starts(alice, mentee):
    with pytest.raises(ValidationError) as error:
        COURSE.create(
            actor=alice,
            mentee=mentee,
            kind=CourseKind.INTEGRATION,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 4, 1),
        )
    assert "ends_on" in error.value.message_dict


def test_one_integration_agreement_per_mentee(alice, mentee):
    AGREEMENT.create(actor=alice, mentee=mentee, signed_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        AGREEMENT.create(actor=alice, mentee=mentee, signed_on=datetime.date(2026, 2, 1))
    assert IntegrationAgreement.objects.count() == 1


def test_deleting_the_agreement_deletes_and_audits_its_steps(alice, mentee):
    agreement = IntegrationAgreementFactory(mentee=mentee)
    step = AgreementStepFactory(agreement=agreement)
    services.agreement_delete(actor=alice, agreement=agreement, version=agreement.version)
    assert not AgreementStep.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(step.public_id), action="delete").exists()


def test_a_step_takes_the_mentee_of_its_agreement(alice, mentee):
    agreement = IntegrationAgreementFactory(mentee=mentee)
    step = STEP.create(
        actor=alice, agreement=agreement, description="B2-Kurs anmelden", responsible="mentee"
    )
    assert step.mentee == mentee
    assert audit_rows(step, "create").get().mentee_id == mentee.public_id


def test_task_complete_and_reopen(alice, mentee):
    task = TaskFactory(mentee=mentee)
    done = services.task_complete(actor=alice, task=task)
    assert done.done_at is not None and done.done_by == alice
    again = services.task_complete(actor=alice, task=done)
    assert again.done_at == done.done_at
    assert audit_rows(task, "update").count() == 1
    reopened = services.task_reopen(actor=alice, task=done)
    assert reopened.done_at is None
    assert audit_rows(task, "update").count() == 2


def test_ensure_task_is_idempotent(alice, mentee):
    from lotse.placements.tests.factories import PlacementFactory

    arguments = {
        "mentee": mentee,
        "title": "Nachbetreuung nach 3 Monaten",
        "due_date": datetime.date(2027, 2, 1),
        "assignee": alice,
    }
    source = automatic.FollowUpSource(PlacementFactory(mentee=mentee), 3)
    first, created = automatic.ensure_task(source, **arguments)
    assert created is True
    services.task_complete(actor=alice, task=first)
    second, created = automatic.ensure_task(source, **arguments)
    assert created is False
    assert second.pk == first.pk
    assert Task.objects.filter(mentee=mentee).count() == 1
    assert audit_rows(first, "create").count() == 1
    assert first.assignee == alice and first.kind == TaskKind.FOLLOW_UP


def test_ensure_task_returns_the_winner_of_a_race(alice, mentee):
    """Another process inserted the same key between our check and our insert."""
    source = automatic.StrongMatchSource(VacancyFactory())
    winner = TaskFactory(mentee=mentee, source_key=source.key, kind=TaskKind.NEW_MATCH)
    with mock.patch.object(QuerySet, "first", return_value=None):
        task, created = automatic.ensure_task(
            source, mentee=mentee, title="Neue passende Stelle", due_date=None
        )
    assert created is False
    assert task.pk == winner.pk
    assert Task.objects.count() == 1


def test_the_same_source_may_be_used_for_two_mentees(alice, mentee, project_a):
    from lotse.journal.tests.factories import MenteeFactory

    other = MenteeFactory(project=project_a)
    source = automatic.StrongMatchSource(VacancyFactory())
    for person in (mentee, other):
        automatic.ensure_task(source, mentee=person, title="t", due_date=None)
    assert Task.objects.count() == 2


def test_automatic_tasks_cannot_be_deleted(alice, mentee):
    task, _created = automatic.ensure_task(
        automatic.StrongMatchSource(VacancyFactory()), mentee=mentee, title="x", due_date=None
    )
    with pytest.raises(ValidationError):
        TASK.delete(actor=alice, record=task, version=task.version)
    assert Task.objects.filter(pk=task.pk).exists()


def test_manual_tasks_can_be_deleted(alice, mentee):
    task = TASK.create(actor=alice, mentee=mentee, title="Lebenslauf übersetzen")
    assert task.kind == TaskKind.MANUAL and task.created_by == alice
    TASK.delete(actor=alice, record=task, version=task.version)
    assert not Task.objects.exists()


def test_finishing_a_step_completes_its_reminder(alice, mentee):
    step = AgreementStepFactory(
        agreement=IntegrationAgreementFactory(mentee=mentee), due_date=datetime.date(2026, 3, 1)
    )
    reminders_create(today=datetime.date(2026, 3, 1))
    reminder = Task.objects.get(kind=TaskKind.AGREEMENT_STEP)
    assert reminder.done_at is None
    STEP.update(actor=alice, record=step, version=step.version, status=StepStatus.DONE)
    reminder.refresh_from_db()
    assert reminder.done_at is not None
