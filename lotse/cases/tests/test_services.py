"""Services and computed facts against the real database: happy paths and each error branch."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.accounts.models import ProjectRole
from lotse.accounts.tests.factories import MembershipFactory, ProjectFactory
from lotse.audit.models import AuditAction, AuditEvent
from lotse.cases import selectors, services
from lotse.cases.kinds import CONSENT, LANGUAGE, RESIDENCE
from lotse.cases.models import (
    ExitReason,
    MenteeStatus,
    Participation,
    QualificationKind,
    RecognitionResult,
)
from lotse.cases.tests.factories import (
    ConsentFactory,
    CountryFactory,
    LanguageFactory,
    LanguageSkillFactory,
    MenteeFactory,
    QualificationFactory,
    ResidenceStatusFactory,
    ResidenceTitleFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def audit(action, object_type="cases.mentee"):
    return AuditEvent.objects.filter(action=action, object_type=object_type)


# --- computed facts --------------------------------------------------------------------------


def test_qualification_level_counts_only_recognised_qualifications(mentee):
    assert selectors.qualification_level(mentee) == 1
    QualificationFactory(
        mentee=mentee, kind=QualificationKind.ACADEMIC, recognition_result=RecognitionResult.PARTIAL
    )
    QualificationFactory(
        mentee=mentee,
        kind=QualificationKind.VOCATIONAL,
        recognition_result=RecognitionResult.PENDING,
    )
    assert selectors.qualification_level(mentee) == 1
    QualificationFactory(
        mentee=mentee,
        kind=QualificationKind.VOCATIONAL,
        recognition_result=RecognitionResult.NOT_NEEDED,
    )
    assert selectors.qualification_level(mentee) == 2
    QualificationFactory(
        mentee=mentee, kind=QualificationKind.ADVANCED, recognition_result=RecognitionResult.FULL
    )
    assert selectors.qualification_level(mentee) == 3
    assert selectors.qualification_levels([mentee.pk]) == {mentee.pk: 3}


def test_a_german_qualification_counts_without_a_procedure(mentee):
    QualificationFactory(
        mentee=mentee,
        kind=QualificationKind.VOCATIONAL,
        country=CountryFactory(iso_code="DE", name_de="Deutschland", name_en="Germany"),
    )
    assert selectors.qualification_level(mentee) == 2


def test_qualification_levels_for_many_mentees_in_one_query(project_a, django_assert_num_queries):
    a, b = MenteeFactory(project=project_a), MenteeFactory(project=project_a)
    QualificationFactory(
        mentee=a, kind=QualificationKind.ACADEMIC, recognition_result=RecognitionResult.FULL
    )
    with django_assert_num_queries(1):
        assert selectors.qualification_levels([a.pk, b.pk]) == {a.pk: 4, b.pk: 1}


def test_current_residence_status_on_a_date(mentee):
    old = ResidenceStatusFactory(
        mentee=mentee, valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2022, 12, 31)
    )
    new = ResidenceStatusFactory(
        mentee=mentee, valid_from=datetime.date(2023, 1, 1), valid_until=datetime.date(2026, 6, 30)
    )
    assert selectors.current_residence_status(mentee, on=datetime.date(2021, 5, 1)) == old
    assert selectors.current_residence_status(mentee, on=datetime.date(2024, 5, 1)) == new
    assert selectors.current_residence_status(mentee, on=datetime.date(2027, 1, 1)) is None
    assert selectors.current_residence_status(mentee, on=datetime.date(2019, 1, 1)) is None


def test_german_level(mentee):
    assert selectors.german_level(mentee) == ""
    LanguageSkillFactory(
        mentee=mentee,
        language=LanguageFactory(iso_code="ar", name_de="Arabisch", name_en="Arabic"),
        level="native",
    )
    LanguageSkillFactory(mentee=mentee, level="B2")
    assert selectors.german_level(mentee) == "B2"


def test_page_data_warns_before_the_residence_document_expires(mentee, alice):
    ResidenceStatusFactory(
        mentee=mentee,
        valid_from=datetime.date(2024, 1, 1),
        valid_until=TODAY + datetime.timedelta(days=20),
    )
    data = selectors.mentee_page_data(alice, mentee, on=TODAY)
    assert data.residence_expiry == "soon"
    assert data.permission_hint is not None and data.permission_hint.badge_class == "badge-ok"
    later = selectors.mentee_page_data(alice, mentee, on=TODAY + datetime.timedelta(days=30))
    assert later.residence_expiry == "expired"
    assert later.permission_hint is None


def test_page_data_refuses_a_mentee_outside_the_users_projects(mentee, charlie):
    with pytest.raises(PermissionError):
        selectors.mentee_page_data(charlie, mentee)


# --- create and update -----------------------------------------------------------------------


def test_mentee_create_rejects_a_project_of_someone_else(project_b, alice):
    with pytest.raises(PermissionDenied):
        services.mentee_create(
            actor=alice,
            project=project_b,
            entry_date=TODAY,
            **{"first_name": "A", "last_name": "B"},
        )


def test_mentee_create_rejects_an_unknown_postcode_and_saves_nothing(project_a, alice):
    with pytest.raises(ValidationError) as error:
        services.mentee_create(
            actor=alice,
            project=project_a,
            entry_date=TODAY,
            **{"first_name": "A", "last_name": "B", "postcode": "99999"},
        )
    assert "postcode" in error.value.error_dict
    assert not AuditEvent.objects.exists()


def test_mentee_create_rejects_a_mentor_from_another_project(project_a, alice, charlie):
    with pytest.raises(ValidationError) as error:
        services.mentee_create(
            actor=alice,
            project=project_a,
            mentor=charlie,
            entry_date=TODAY,
            **{"first_name": "A", "last_name": "B"},
        )
    assert "mentor" in error.value.error_dict


def test_mentee_update_with_a_stale_version_changes_nothing(mentee, alice, bob):
    services.mentee_update(actor=alice, mentee=mentee, version=1, **{"phone": "0351 1111111"})
    with pytest.raises(services.StaleMenteeError) as error:
        services.mentee_update(actor=bob, mentee=mentee, version=1, **{"phone": "0351 2222222"})
    assert error.value.changed_by == str(alice)
    mentee.refresh_from_db()
    assert (mentee.phone, mentee.version) == ("+493511111111", 2)
    assert audit(AuditAction.UPDATE).count() == 1


def test_mentee_update_sets_the_district_from_a_new_postcode(mentee, alice, postcode):
    updated = services.mentee_update(actor=alice, mentee=mentee, version=1, **{"postcode": "09111"})
    assert updated.district_id == "14511"
    mentee.refresh_from_db()
    assert mentee.place == postcode


def test_mentee_update_is_refused_for_another_project(mentee, charlie):
    with pytest.raises(PermissionDenied):
        services.mentee_update(actor=charlie, mentee=mentee, version=1, **{"phone": "0351 1111111"})


# --- exit and re-entry -----------------------------------------------------------------------


def test_exit_closes_the_participation_and_audits(mentee, alice):
    services.mentee_exit(
        actor=alice, mentee=mentee, exit_date=datetime.date(2025, 6, 1), exit_reason=ExitReason.JOB
    )
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.EXITED
    p = Participation.objects.get(mentee=mentee)
    assert (p.exit_date, p.exit_reason) == (datetime.date(2025, 6, 1), "job")
    assert audit(AuditAction.UPDATE, "cases.participation").count() == 1
    assert audit(AuditAction.UPDATE).count() == 1


@pytest.mark.parametrize(
    ("exit_date", "reason", "field"),
    [
        (datetime.date(2024, 1, 1), "job", "exit_date"),  # before entry 2025-01-15
        (None, "job", "exit_date"),  # future
        (datetime.date(2025, 6, 1), "", "exit_reason"),
    ],
)
def test_exit_error_branches(mentee, alice, exit_date, reason, field):
    exit_date = exit_date or timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.mentee_exit(actor=alice, mentee=mentee, exit_date=exit_date, exit_reason=reason)
    assert field in error.value.error_dict
    assert Participation.objects.get(mentee=mentee).exit_date is None


def test_exit_twice_is_refused(mentee, alice):
    services.mentee_exit(
        actor=alice, mentee=mentee, exit_date=datetime.date(2025, 6, 1), exit_reason="job"
    )
    with pytest.raises(ValidationError):
        services.mentee_exit(
            actor=alice, mentee=mentee, exit_date=datetime.date(2025, 7, 1), exit_reason="job"
        )


def test_reenter_in_another_project_of_the_user(mentee, alice):
    other = ProjectFactory(name="Projekt Zwickau")
    MembershipFactory(user=alice, project=other, role=ProjectRole.MENTOR)
    alice._lotse_memberships = None
    services.mentee_exit(
        actor=alice, mentee=mentee, exit_date=datetime.date(2025, 6, 1), exit_reason="moved"
    )
    services.mentee_reenter(
        actor=alice,
        mentee=mentee,
        project=other,
        entry_date=datetime.date(2025, 9, 1),
        mentor=alice,
    )
    mentee.refresh_from_db()
    assert (mentee.project, mentee.status, mentee.mentor) == (other, MenteeStatus.ACTIVE, alice)
    stays = list(
        Participation.objects.filter(mentee=mentee)
        .order_by("entry_date")
        .values_list("project__name", "exit_date")
    )
    assert stays == [("Projekt Chemnitz", datetime.date(2025, 6, 1)), ("Projekt Zwickau", None)]


def test_reenter_error_branches(mentee, alice, project_b):
    with pytest.raises(ValidationError):  # still in the programme
        services.mentee_reenter(
            actor=alice, mentee=mentee, project=mentee.project, entry_date=TODAY
        )
    services.mentee_exit(
        actor=alice, mentee=mentee, exit_date=datetime.date(2025, 6, 1), exit_reason="moved"
    )
    with pytest.raises(ValidationError) as error:  # before the last exit
        services.mentee_reenter(
            actor=alice, mentee=mentee, project=mentee.project, entry_date=datetime.date(2025, 5, 1)
        )
    assert "entry_date" in error.value.error_dict
    with pytest.raises(ValidationError) as error:  # a project that is not hers
        services.mentee_reenter(actor=alice, mentee=mentee, project=project_b, entry_date=TODAY)
    assert "project" in error.value.error_dict
    assert Participation.objects.filter(mentee=mentee).count() == 1


# --- mentor assignment -----------------------------------------------------------------------


def test_the_project_lead_assigns_a_mentor(mentee, lena, bob):
    services.mentee_assign_mentor(actor=lena, mentee=mentee, mentor=bob)
    mentee.refresh_from_db()
    assert mentee.mentor == bob
    assert Participation.objects.get(mentee=mentee).mentor == bob
    assert audit(AuditAction.UPDATE).get().changes["mentor"][1] == str(bob.public_id)


def test_a_mentor_may_not_assign_mentors(mentee, alice, bob):
    with pytest.raises(PermissionDenied):
        services.mentee_assign_mentor(actor=alice, mentee=mentee, mentor=bob)


def test_the_lead_cannot_assign_someone_outside_the_project(mentee, lena, charlie):
    with pytest.raises(ValidationError):
        services.mentee_assign_mentor(actor=lena, mentee=mentee, mentor=charlie)
    mentee.refresh_from_db()
    assert mentee.mentor.username == "alice"


# --- profile records -------------------------------------------------------------------------


def test_profile_record_create_update_delete_are_audited(mentee, alice):
    language = LanguageFactory()
    skill = LANGUAGE.create(actor=alice, mentee=mentee, **{"language": language, "level": "A2"})
    LANGUAGE.update(actor=alice, record=skill, version=skill.version, **{"level": "B1"})
    LANGUAGE.delete(actor=alice, record=skill, version=skill.version)
    rows = list(
        AuditEvent.objects.filter(object_type="cases.languageskill")
        .order_by("id")
        .values_list("action", "changes")
    )
    assert rows == [("create", {}), ("update", {"level": ["A2", "B1"]}), ("delete", {})]
    assert not mentee.languages.exists()


def test_profile_record_validation_errors_save_nothing(mentee, alice):
    with pytest.raises(ValidationError):
        RESIDENCE.create(
            actor=alice,
            mentee=mentee,
            **{
                "title": ResidenceTitleFactory(),
                "valid_from": datetime.date(2025, 1, 1),
                "valid_until": datetime.date(2024, 1, 1),
            },
        )
    assert not mentee.residence_statuses.exists()
    assert not AuditEvent.objects.exists()


def test_profile_records_of_another_project_are_refused(mentee, charlie):
    with pytest.raises(PermissionDenied):
        CONSENT.create(actor=charlie, mentee=mentee, **{})


def test_consent_withdrawal(mentee, alice):
    consent = ConsentFactory(mentee=mentee, given_on=datetime.date(2025, 1, 15))
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            actor=alice, consent=consent, version=1, withdrawn_on=datetime.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            actor=alice,
            consent=consent,
            version=1,
            withdrawn_on=timezone.localdate() + datetime.timedelta(days=2),
        )
    services.consent_withdraw(
        actor=alice, consent=consent, version=1, withdrawn_on=datetime.date(2025, 8, 1)
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2025, 8, 1)
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            actor=alice, consent=consent, version=1, withdrawn_on=datetime.date(2025, 9, 1)
        )
    assert audit(AuditAction.UPDATE, "cases.consent").count() == 1


def test_an_exit_makes_an_open_edit_form_stale(mentee, alice, bob):
    services.mentee_exit(
        actor=alice, mentee=mentee, exit_date=datetime.date(2025, 6, 1), exit_reason="job"
    )
    with pytest.raises(services.StaleMenteeError):
        services.mentee_update(actor=bob, mentee=mentee, version=1, **{"phone": "0351 2222222"})


def test_exit_works_with_an_outdated_instance_in_memory(mentee, alice):
    services.mentee_update(actor=alice, mentee=mentee, version=1, **{"phone": "0351 1111111"})
    outdated = type(mentee).objects.get(pk=mentee.pk)
    outdated.version = 1
    services.mentee_exit(
        actor=alice, mentee=outdated, exit_date=datetime.date(2025, 6, 1), exit_reason="job"
    )
    mentee.refresh_from_db()
    assert (mentee.status, mentee.version, mentee.phone) == (
        MenteeStatus.EXITED,
        3,
        "+493511111111",
    )


def test_set_status_between_active_and_placed(mentee, alice):
    services.mentee_set_status(actor=alice, mentee=mentee, status=MenteeStatus.PLACED)
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.PLACED
    assert audit(AuditAction.UPDATE).get().changes == {"status": ["active", "placed"]}
    with pytest.raises(ValidationError):
        services.mentee_set_status(actor=alice, mentee=mentee, status=MenteeStatus.EXITED)
    services.mentee_exit(
        actor=alice, mentee=mentee, exit_date=datetime.date(2025, 6, 1), exit_reason="job"
    )
    with pytest.raises(ValidationError):
        services.mentee_set_status(actor=alice, mentee=mentee, status=MenteeStatus.ACTIVE)


def test_set_status_is_refused_outside_the_users_projects(mentee, charlie):
    with pytest.raises(PermissionDenied):
        services.mentee_set_status(actor=charlie, mentee=mentee, status=MenteeStatus.PLACED)
