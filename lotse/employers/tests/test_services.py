import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lotse.audit.models import AuditAction, AuditEvent
from lotse.employers import hooks, services
from lotse.employers.kinds import CONTACT, EMPLOYER, SERVICE, VACANCY
from lotse.employers.models import (
    EmployerContact,
    EmployerService,
    ServiceKind,
    ServiceTarget,
    SizeClass,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from lotse.employers.tests.factories import (
    DistrictFactory,
    EmployerServiceFactory,
    MenteeFactory,
    PostcodeFactory,
    VacancyFactory,
)
from lotse.lib.concurrency import StaleRecordError

pytestmark = pytest.mark.django_db


def audit_rows(obj, action=None):
    rows = AuditEvent.objects.filter(object_id=str(obj.public_id))
    return rows.filter(action=action) if action else rows


@pytest.fixture
def listener():
    calls = []
    hooks.register_vacancy_listener(calls.append)
    yield calls
    hooks.unregister_vacancy_listener(calls.append)


# --- Employers -------------------------------------------------------------------------------


def test_employer_create_resolves_the_postcode_and_writes_an_audit_row(alice, project_a, sector):
    place = PostcodeFactory(code="09126", place="Chemnitz", latitude=50.82, longitude=12.94)
    employer = EMPLOYER.create(
        actor=alice,
        project=project_a,
        name="Bäckerei Kunze",
        sector=sector,
        size_class=SizeClass.MICRO,
        postcode="09126",
    )
    assert employer.place == place
    assert employer.district == place.district
    assert (employer.latitude, employer.longitude) == (50.82, 12.94)
    assert employer.is_sme is True
    row = audit_rows(employer).get()
    assert row.action == AuditAction.CREATE
    assert row.actor == alice
    assert row.project_id == project_a.pk


def test_large_employers_are_not_smes_and_unknown_size_is_unknown(employer_a):
    employer_a.size_class = SizeClass.LARGE
    assert employer_a.is_sme is False
    employer_a.size_class = ""
    assert employer_a.is_sme is None


def test_employer_create_refuses_an_unknown_postcode(alice, project_a):
    with pytest.raises(ValidationError) as info:
        EMPLOYER.create(actor=alice, project=project_a, name="X", postcode="99999")
    assert "postcode" in info.value.error_dict
    assert not AuditEvent.objects.exists()


def test_employer_create_refuses_a_project_the_actor_does_not_work_in(charlie, project_a):
    with pytest.raises(PermissionDenied):
        EMPLOYER.create(actor=charlie, project=project_a, name="X")


def test_employer_update_records_the_changed_fields(alice, employer_a):
    other = PostcodeFactory(
        code="04109", place="Leipzig", district=DistrictFactory(ags="14713", name="Leipzig")
    )
    EMPLOYER.update(
        actor=alice,
        record=employer_a,
        version=employer_a.version,
        name="Gasthof Mond",
        postcode="04109",
    )
    employer_a.refresh_from_db()
    assert employer_a.name == "Gasthof Mond"
    assert employer_a.place == other
    assert employer_a.district_id == "14713"
    row = audit_rows(employer_a, AuditAction.UPDATE).get()
    assert row.changes["name"] == ["Gasthof Sonne", "Gasthof Mond"]
    assert row.changes["district_id"] == ["14511", "14713"]


def test_employer_update_without_changes_writes_no_audit_row(alice, employer_a):
    EMPLOYER.update(
        actor=alice, record=employer_a, version=employer_a.version, name=employer_a.name
    )
    assert not audit_rows(employer_a).exists()


def test_employer_update_rejects_unknown_fields(alice, employer_a):
    with pytest.raises(TypeError):
        EMPLOYER.update(actor=alice, record=employer_a, version=employer_a.version, project_id=99)


# --- Contacts --------------------------------------------------------------------------------


def test_contact_create_requires_the_date_of_consent(alice, employer_a):
    with pytest.raises(ValidationError) as info:
        CONTACT.create(
            actor=alice, employer=employer_a, name="Petra Schulze", consent_given_on=None
        )
    assert "consent_given_on" in info.value.error_dict
    assert not EmployerContact.objects.exists()


def test_contact_create_update_delete_are_audited_without_copying_personal_data(alice, employer_a):
    contact = CONTACT.create(
        actor=alice,
        employer=employer_a,
        name="Petra Schulze",
        role="Inhaberin",
        phone="0371 111111",
        email="p@example.org",
        consent_given_on=datetime.date(2026, 2, 1),
    )
    CONTACT.update(actor=alice, record=contact, version=contact.version, phone="0371 222222")
    update = audit_rows(contact, AuditAction.UPDATE).get()
    assert update.changes == {"phone": ["…", "…"]}
    public_id = contact.public_id
    CONTACT.delete(actor=alice, record=contact, version=contact.version)
    assert not EmployerContact.objects.filter(public_id=public_id).exists()
    actions = set(
        AuditEvent.objects.filter(object_id=str(public_id)).values_list("action", flat=True)
    )
    assert actions == {AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE}
    assert all(row.project_id == employer_a.project_id for row in AuditEvent.objects.all())


def test_contact_services_refuse_other_projects(charlie, contact_a):
    with pytest.raises(PermissionDenied):
        CONTACT.update(actor=charlie, record=contact_a, version=contact_a.version, phone="1")
    with pytest.raises(PermissionDenied):
        CONTACT.delete(actor=charlie, record=contact_a, version=contact_a.version)
    assert EmployerContact.objects.filter(pk=contact_a.pk).exists()


# --- Services to employers -------------------------------------------------------------------


def test_service_log_for_the_company(alice, employer_a):
    service = SERVICE.create(
        actor=alice,
        employer=employer_a,
        date=datetime.date(2026, 3, 2),
        kind=ServiceKind.ACQUISITION,
        duration_minutes=45,
    )
    assert service.author == alice
    assert service.mentee is None
    assert audit_rows(service, AuditAction.CREATE).get().mentee_id is None


def test_service_log_for_a_mentee_records_the_mentee_in_the_audit_row(alice, employer_a):
    mentee = MenteeFactory(project=employer_a.project)
    service = SERVICE.create(
        actor=alice,
        employer=employer_a,
        date=datetime.date(2026, 3, 2),
        kind=ServiceKind.ACCOMPANIMENT,
        duration_minutes=90,
        target=ServiceTarget.MENTEE,
        mentee=mentee,
    )
    assert service.mentee == mentee
    assert audit_rows(service).get().mentee_id == mentee.public_id


def test_service_log_aimed_at_a_mentee_needs_the_mentee(alice, employer_a):
    with pytest.raises(ValidationError) as info:
        SERVICE.create(
            actor=alice,
            employer=employer_a,
            date=datetime.date(2026, 3, 2),
            kind=ServiceKind.AFTER_CARE,
            duration_minutes=30,
            target=ServiceTarget.MENTEE,
        )
    assert "mentee" in info.value.error_dict


def test_service_log_refuses_a_mentee_of_another_project(alice, employer_a, project_b):
    stranger = MenteeFactory(project=project_b)
    with pytest.raises(ValidationError) as info:
        SERVICE.create(
            actor=alice,
            employer=employer_a,
            date=datetime.date(2026, 3, 2),
            kind=ServiceKind.AFTER_CARE,
            duration_minutes=30,
            target=ServiceTarget.MENTEE,
            mentee=stranger,
        )
    assert "mentee" in info.value.error_dict
    assert not EmployerService.objects.exists()


def test_service_log_refuses_an_absurd_duration(alice, employer_a):
    with pytest.raises(ValidationError):
        SERVICE.create(
            actor=alice,
            employer=employer_a,
            date=datetime.date(2026, 3, 2),
            kind=ServiceKind.ADVICE,
            duration_minutes=5000,
        )


def test_the_database_refuses_a_company_service_with_a_mentee(employer_a):
    mentee = MenteeFactory(project=employer_a.project)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployerServiceFactory(employer=employer_a, target=ServiceTarget.COMPANY, mentee=mentee)


# --- Vacancies -------------------------------------------------------------------------------


def test_vacancy_create_takes_the_requirement_level_from_the_occupation(
    alice, employer_a, cook, listener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vacancy = VACANCY.create(
            actor=alice, employer=employer_a, title="Koch/Köchin", occupation=cook
        )
    assert vacancy.requirement_level == 2
    assert vacancy.requirement_level_overridden is False
    # No workplace postcode: the employer's address.
    assert vacancy.workplace_postcode == employer_a.postcode
    assert vacancy.district == employer_a.district
    assert vacancy.latitude == employer_a.latitude
    assert vacancy.status == VacancyStatus.OPEN
    assert listener == [vacancy.pk]
    assert audit_rows(vacancy, AuditAction.CREATE).get().project_id == employer_a.project_id


def test_the_listener_hears_nothing_when_the_transaction_rolls_back(
    alice, employer_a, cook, listener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                VACANCY.create(actor=alice, employer=employer_a, title="Koch", occupation=cook)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert listener == []
    assert not Vacancy.objects.exists()


def test_a_failing_listener_does_not_stop_the_others(vacancy_a, listener):
    def broken(pk):
        raise ValueError("broken")

    hooks.register_vacancy_listener(broken)
    try:
        hooks.vacancy_changed(vacancy_a.pk)
    finally:
        hooks.unregister_vacancy_listener(broken)
    assert listener == [vacancy_a.pk]


def test_the_requirement_level_can_be_overridden_and_reset(alice, employer_a, cook, helper_cook):
    vacancy = VACANCY.create(
        actor=alice, employer=employer_a, title="Koch", occupation=cook, requirement_level=1
    )
    assert (vacancy.requirement_level, vacancy.requirement_level_overridden) == (1, True)
    # An edit that does not touch the level keeps the override.
    VACANCY.update(actor=alice, record=vacancy, version=vacancy.version, title="Küchenhilfe")
    assert (vacancy.requirement_level, vacancy.requirement_level_overridden) == (1, True)
    # Clearing it makes the vacancy follow its occupation again.
    VACANCY.update(actor=alice, record=vacancy, version=vacancy.version, requirement_level=None)
    assert (vacancy.requirement_level, vacancy.requirement_level_overridden) == (2, False)
    # And a new occupation brings its own level.
    VACANCY.update(
        actor=alice,
        record=vacancy,
        version=vacancy.version,
        occupation=helper_cook,
        requirement_level=None,
    )
    vacancy.refresh_from_db()
    assert (vacancy.requirement_level, vacancy.requirement_level_overridden) == (1, False)


def test_a_ba_vacancy_needs_its_reference_number_which_is_unique(alice, employer_a, cook):
    with pytest.raises(ValidationError) as info:
        VACANCY.create(
            actor=alice,
            employer=employer_a,
            title="Koch",
            occupation=cook,
            source=VacancySource.BA,
        )
    assert "ba_refnr" in info.value.error_dict
    VACANCY.create(
        actor=alice,
        employer=employer_a,
        title="Koch",
        occupation=cook,
        source=VacancySource.BA,
        ba_refnr="10000-1234567890-S",
    )
    with pytest.raises(ValidationError):
        VACANCY.create(
            actor=alice,
            employer=employer_a,
            title="Koch 2",
            occupation=cook,
            source=VacancySource.BA,
            ba_refnr="10000-1234567890-S",
        )
    # Many own vacancies have no reference number at all.
    for n in range(2):
        VACANCY.create(actor=alice, employer=employer_a, title=f"K{n}", occupation=cook)
    assert Vacancy.objects.filter(ba_refnr="").count() == 2


def test_vacancy_update_moves_the_workplace_and_is_audited(
    alice, vacancy_a, listener, django_capture_on_commit_callbacks
):
    PostcodeFactory(code="09599", place="Freiberg", latitude=50.91, longitude=13.34)
    with django_capture_on_commit_callbacks(execute=True):
        VACANCY.update(
            actor=alice,
            record=vacancy_a,
            version=vacancy_a.version,
            workplace_postcode="09599",
            hours_per_week=30,
        )
    vacancy_a.refresh_from_db()
    assert vacancy_a.workplace_place.place == "Freiberg"
    assert (vacancy_a.latitude, vacancy_a.longitude) == (50.91, 13.34)
    row = audit_rows(vacancy_a, AuditAction.UPDATE).get()
    assert row.changes["hours_per_week"] == [39, 30]
    assert row.changes["workplace_postcode"] == ["09111", "09599"]
    assert listener == [vacancy_a.pk]


def test_vacancy_close_and_reopen(alice, vacancy_a, listener, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_close(
            actor=alice, vacancy=vacancy_a, status=VacancyStatus.FILLED, reason="Frau A."
        )
    assert Vacancy.objects.get(pk=vacancy_a.pk).status == VacancyStatus.FILLED
    with pytest.raises(ValidationError):
        services.vacancy_close(actor=alice, vacancy=vacancy_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_reopen(actor=alice, vacancy=vacancy_a)
    assert Vacancy.objects.get(pk=vacancy_a.pk).status == VacancyStatus.OPEN
    with pytest.raises(ValidationError):
        services.vacancy_reopen(actor=alice, vacancy=vacancy_a)
    rows = audit_rows(vacancy_a, AuditAction.UPDATE).order_by("id")
    assert [r.changes["status"] for r in rows] == [["open", "filled"], ["filled", "open"]]
    assert rows[0].reason == "…"  # a reason typed by a user is not copied into the trail
    assert listener == [vacancy_a.pk, vacancy_a.pk]


def test_vacancy_close_refuses_a_status_that_is_not_closed(alice, vacancy_a):
    with pytest.raises(ValidationError):
        services.vacancy_close(actor=alice, vacancy=vacancy_a, status=VacancyStatus.OPEN)


def test_vacancy_services_refuse_other_projects(charlie, vacancy_a, employer_a, cook):
    with pytest.raises(PermissionDenied):
        VACANCY.create(actor=charlie, employer=employer_a, title="X", occupation=cook)
    with pytest.raises(PermissionDenied):
        VACANCY.update(actor=charlie, record=vacancy_a, version=vacancy_a.version, title="X")
    with pytest.raises(PermissionDenied):
        services.vacancy_close(actor=charlie, vacancy=vacancy_a)
    assert Vacancy.objects.get(pk=vacancy_a.pk).status == VacancyStatus.OPEN


def test_the_database_enforces_the_ba_reference_rules(employer_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(employer=employer_a, source=VacancySource.OWN, ba_refnr="123")
    VacancyFactory(employer=employer_a, source=VacancySource.BA, ba_refnr="123")
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(employer=employer_a, source=VacancySource.BA, ba_refnr="123")


# --- Concurrent edits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fixture", "change"),
    [
        (EMPLOYER, "employer_a", {"name": "Neu"}),
        (CONTACT, "contact_a", {"role": "Neu"}),
        (VACANCY, "vacancy_a", {"title": "Neu"}),
    ],
)
def test_an_update_is_refused_if_someone_else_saved_the_record_since(
    request, alice, bob, kind, fixture, change
):
    record = request.getfixturevalue(fixture)
    opened = record.version
    # Bob saves first ...
    kind.update(actor=bob, record=type(record).objects.get(pk=record.pk), version=opened, **change)
    # ... so Alice's change, made on the version she opened, is refused.
    with pytest.raises(StaleRecordError):
        kind.update(
            actor=alice,
            record=type(record).objects.get(pk=record.pk),
            version=opened,
            **{name: "Alice" for name in change},
        )
    assert getattr(type(record).objects.get(pk=record.pk), next(iter(change))) == "Neu"
    # With the current version the change goes through.
    current = type(record).objects.get(pk=record.pk)
    kind.update(
        actor=alice, record=current, version=current.version, **{name: "Alice" for name in change}
    )
    assert getattr(type(record).objects.get(pk=record.pk), next(iter(change))) == "Alice"


@pytest.mark.parametrize("version", [None, "", "abc", "1.0", "-1", "٣", 0])
@pytest.mark.parametrize(
    ("kind", "fixture"), [(EMPLOYER, "employer_a"), (CONTACT, "contact_a"), (VACANCY, "vacancy_a")]
)
def test_an_update_or_delete_without_a_valid_version_is_refused(
    request, alice, kind, fixture, version
):
    record = request.getfixturevalue(fixture)
    with pytest.raises(StaleRecordError):
        kind.update(actor=alice, record=record, version=version)
    with pytest.raises(StaleRecordError):
        kind.delete(actor=alice, record=record, version=version)
    assert type(record).objects.filter(pk=record.pk).exists()


def test_closing_reads_the_stored_status(alice, bob, vacancy_a):
    stale_copy = Vacancy.objects.get(pk=vacancy_a.pk)
    services.vacancy_close(actor=bob, vacancy=vacancy_a, status=VacancyStatus.FILLED)
    with pytest.raises(ValidationError):
        services.vacancy_close(actor=alice, vacancy=stale_copy, status=VacancyStatus.CLOSED)
    assert Vacancy.objects.get(pk=vacancy_a.pk).status == VacancyStatus.FILLED
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_service_delete_is_audited_and_scoped(alice, charlie, employer_a):
    mentee = MenteeFactory(project=employer_a.project)
    service = EmployerServiceFactory(
        employer=employer_a, target=ServiceTarget.MENTEE, mentee=mentee
    )
    with pytest.raises(PermissionDenied):
        SERVICE.delete(actor=charlie, record=service, version=service.version)
    SERVICE.delete(actor=alice, record=service, version=service.version)
    assert not EmployerService.objects.exists()
    row = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert (row.mentee_id, row.project_id) == (mentee.public_id, employer_a.project_id)


def test_vacancies_at_the_employers_address_move_with_it(
    alice, employer_a, cook, listener, django_capture_on_commit_callbacks
):
    at_employer = VACANCY.create(actor=alice, employer=employer_a, title="Koch", occupation=cook)
    PostcodeFactory(code="09599", place="Freiberg", latitude=50.91, longitude=13.34)
    elsewhere = VACANCY.create(
        actor=alice,
        employer=employer_a,
        title="Koch Filiale",
        occupation=cook,
        workplace_postcode="09599",
    )
    assert (at_employer.workplace_at_employer, elsewhere.workplace_at_employer) == (True, False)
    PostcodeFactory(
        code="04109",
        place="Leipzig",
        latitude=51.34,
        longitude=12.37,
        district=DistrictFactory(ags="14713", name="Leipzig"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        EMPLOYER.update(
            actor=alice, record=employer_a, version=employer_a.version, postcode="04109"
        )
    at_employer.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (at_employer.workplace_postcode, at_employer.district_id) == ("04109", "14713")
    assert (at_employer.latitude, at_employer.longitude) == (51.34, 12.37)
    assert elsewhere.workplace_postcode == "09599"
    assert listener == [at_employer.pk]
    row = audit_rows(at_employer, AuditAction.UPDATE).get()
    assert row.changes["workplace_postcode"] == ["09111", "04109"]


def test_clearing_the_workplace_puts_it_at_the_employer_again(alice, employer_a, cook):
    PostcodeFactory(code="09599", place="Freiberg", latitude=50.91, longitude=13.34)
    vacancy = VACANCY.create(
        actor=alice, employer=employer_a, title="Koch", occupation=cook, workplace_postcode="09599"
    )
    VACANCY.update(actor=alice, record=vacancy, version=vacancy.version, workplace_postcode="")
    vacancy.refresh_from_db()
    assert vacancy.workplace_at_employer is True
    assert vacancy.workplace_postcode == employer_a.postcode
