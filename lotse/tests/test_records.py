"""The records core (``lotse.lib.records``): every write path refuses a user of another project
at the service level, checks the version, and accepts only the kind's declared fields."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lotse.audit.models import AuditEvent
from lotse.cases import kinds as case_kinds
from lotse.cases import services as case_services
from lotse.cases.tests import factories as cf
from lotse.employers import kinds as employer_kinds
from lotse.employers.tests import factories as ef
from lotse.journal import kinds as journal_kinds
from lotse.journal import services as journal_services
from lotse.journal.tests import factories as jf
from lotse.lib.concurrency import StaleRecordError
from lotse.placements import services as placement_services
from lotse.placements.models import FollowUp
from lotse.placements.tests.factories import PlacementFactory
from lotse.reporting.models import EsfRecord
from lotse.reporting.services import esf_record_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(project_a, alice):
    return cf.MenteeFactory(project=project_a, mentor=alice)


def _records(mentee):
    """(kind, an existing record, the owner keyword for a new one) for every declared kind."""
    employer = ef.EmployerFactory(project=mentee.project)
    agreement = jf.IntegrationAgreementFactory(mentee=mentee)
    return [
        (case_kinds.LANGUAGE, cf.LanguageSkillFactory(mentee=mentee), {"mentee": mentee}),
        (case_kinds.QUALIFICATION, cf.QualificationFactory(mentee=mentee), {"mentee": mentee}),
        (case_kinds.WORK, cf.WorkExperienceFactory(mentee=mentee), {"mentee": mentee}),
        (case_kinds.TARGET, cf.TargetOccupationFactory(mentee=mentee), {"mentee": mentee}),
        (case_kinds.RESIDENCE, cf.ResidenceStatusFactory(mentee=mentee), {"mentee": mentee}),
        (case_kinds.REFERENCE, cf.ExternalReferenceFactory(mentee=mentee), {"mentee": mentee}),
        (case_kinds.CONSENT, cf.ConsentFactory(mentee=mentee), {"mentee": mentee}),
        (journal_kinds.CONTACT, jf.JournalEntryFactory(mentee=mentee), {"mentee": mentee}),
        (journal_kinds.APPOINTMENT, jf.AppointmentFactory(mentee=mentee), {"mentee": mentee}),
        (journal_kinds.TASK, jf.TaskFactory(mentee=mentee), {"mentee": mentee}),
        (journal_kinds.AGREEMENT, agreement, {"mentee": mentee}),
        (
            journal_kinds.STEP,
            jf.AgreementStepFactory(agreement=agreement),
            {"agreement": agreement},
        ),
        (journal_kinds.REFERRAL, jf.ReferralFactory(mentee=mentee), {"mentee": mentee}),
        (journal_kinds.COURSE, jf.CourseFactory(mentee=mentee), {"mentee": mentee}),
        (employer_kinds.EMPLOYER, employer, {"project": mentee.project}),
        (
            employer_kinds.CONTACT,
            ef.EmployerContactFactory(employer=employer),
            {"employer": employer},
        ),
        (
            employer_kinds.SERVICE,
            ef.EmployerServiceFactory(employer=employer),
            {"employer": employer},
        ),
        (employer_kinds.VACANCY, ef.VacancyFactory(employer=employer), {"employer": employer}),
    ]


def test_a_user_of_another_project_is_refused_on_every_kind_and_nothing_changes(mentee, charlie):
    for kind, record, owner in _records(mentee):
        events = AuditEvent.objects.count()
        with pytest.raises(PermissionDenied):
            kind.create(actor=charlie, **owner)
        with pytest.raises(PermissionDenied):
            kind.update(actor=charlie, record=record, version=record.version)
        with pytest.raises(PermissionDenied):
            kind.delete(actor=charlie, record=record, version=record.version)
        stored = type(record).objects.get(pk=record.pk)
        assert stored.version == record.version, kind.model
        assert AuditEvent.objects.count() == events


def test_every_kind_refuses_unknown_fields_and_old_versions(mentee, alice):
    for kind, record, _owner in _records(mentee):
        with pytest.raises(TypeError):
            kind.update(actor=alice, record=record, version=record.version, no_such_field=1)
        kind.update(actor=alice, record=record, version=record.version)
        assert type(record).objects.get(pk=record.pk).version == 2, kind.model
        with pytest.raises(StaleRecordError):
            kind.update(actor=alice, record=record, version=1)
        with pytest.raises(StaleRecordError):
            kind.delete(actor=alice, record=record, version=1)
        assert type(record).objects.filter(pk=record.pk).exists()


def test_every_write_of_a_mentees_record_moves_the_mentees_last_change_not_its_version(
    mentee, alice
):
    from lotse.cases.models import Mentee

    def stamp():
        return Mentee.objects.values_list("updated_at", "version").get(pk=mentee.pk)

    for kind, record, _owner in _records(mentee):
        if kind.parent != "mentee":
            continue
        for write in (kind.update, kind.delete):
            before = stamp()
            write(actor=alice, record=record, version=record.version)
            after = stamp()
            assert after[0] > before[0], kind.model
            assert after[1] == before[1] == mentee.version, kind.model


def test_the_domain_services_refuse_a_user_of_another_project(mentee, charlie, alice):
    consent = cf.ConsentFactory(mentee=mentee)
    task = jf.TaskFactory(mentee=mentee)
    agreement = jf.IntegrationAgreementFactory(mentee=mentee)
    placement = PlacementFactory(mentee=mentee)
    followup = FollowUp.objects.create(placement=placement, months=3, due_on=placement.start_date)
    participation = mentee.participations.get()
    refused = [
        lambda: case_services.consent_withdraw(
            actor=charlie, consent=consent, version=1, withdrawn_on=datetime.date(2025, 8, 1)
        ),
        lambda: case_services.mentee_update(actor=charlie, mentee=mentee, version=1, phone=""),
        lambda: journal_services.task_complete(actor=charlie, task=task),
        lambda: journal_services.task_reopen(actor=charlie, task=task),
        lambda: journal_services.agreement_delete(actor=charlie, agreement=agreement, version=1),
        lambda: placement_services.placement_update(
            actor=charlie, placement=placement, version=1, hours_per_week=20
        ),
        lambda: placement_services.followup_answer(
            actor=charlie,
            followup=followup,
            version=1,
            answered_on=placement.start_date,
            still_employed="yes",
        ),
        lambda: esf_record_save(actor=charlie, participation=participation),
    ]
    for call in refused:
        with pytest.raises(PermissionDenied):
            call()
    assert not EsfRecord.objects.exists()
    task.refresh_from_db()
    assert task.done_at is None
    # The same calls by a user of the project go through.
    journal_services.task_complete(actor=alice, task=task)
    journal_services.agreement_delete(actor=alice, agreement=agreement, version=1)
