"""Writes to employers, contact persons, services and vacancies. Each service checks that the
actor works in the employer's project, validates with ``full_clean()``, saves and writes its
audit row in one transaction. Vacancy changes are announced to the listeners of
``lotse.employers.hooks`` after the commit."""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.cases.models import Mentee
from lotse.employers import hooks
from lotse.employers.models import (
    Employer,
    EmployerContact,
    EmployerService,
    Sector,
    ServiceKind,
    ServiceTarget,
    Vacancy,
    VacancyKind,
    VacancySource,
    VacancyStatus,
)
from lotse.lib.concurrency import StaleRecordError, check_not_stale  # noqa: F401
from lotse.reference.models import Occupation
from lotse.reference.selectors import locate_postcode

EMPLOYER_FIELDS = ["name", "sector", "size_class", "street", "postcode", "website", "notes"]
CONTACT_FIELDS = ["name", "role", "phone", "email", "consent_given_on"]
VACANCY_FIELDS = [
    "kind",
    "title",
    "occupation",
    "requirement_level",
    "workplace_postcode",
    "german_level",
    "hours_per_week",
    "shift_work",
    "start_date",
    "closing_date",
    "driving_licence_required",
    "source",
    "ba_refnr",
    "description",
]
#: Fields whose change the audit row records (besides the editable ones above).
_VACANCY_AUDITED = [
    *VACANCY_FIELDS,
    "requirement_level_overridden",
    "workplace_at_employer",
    "district_id",
    "latitude",
    "longitude",
    "status",
]


def _apply_postcode(obj: Employer | Vacancy, code: str, *, place_attr: str) -> None:
    """Place, district and coordinates from the postcode (see ``reference.locate_postcode``)."""
    location = locate_postcode(code) if code else None
    if code and location is None:
        field = "postcode" if isinstance(obj, Employer) else "workplace_postcode"
        raise ValidationError({field: _("No place with this postcode is known.")})
    setattr(obj, place_attr, location.postcode if location else None)
    obj.district = location.district if location else None
    obj.latitude = location.latitude if location else None
    obj.longitude = location.longitude if location else None


def requirement_level_of(occupation: Occupation) -> int | None:
    """The 5th digit of a five-digit KldB code (1 helper … 4 expert)."""
    code = occupation.code
    return int(code[4]) if len(code) == 5 and code[4] in "1234" else None


# --- Employers -------------------------------------------------------------------------------


@transaction.atomic
def employer_create(
    *,
    actor: User,
    project: Project,
    name: str,
    sector: Sector | None = None,
    size_class: str = "",
    street: str = "",
    postcode: str = "",
    website: str = "",
    notes: str = "",
) -> Employer:
    require_project(actor, project.pk)
    employer = Employer(
        project=project,
        name=name,
        sector=sector,
        size_class=size_class,
        street=street,
        postcode=postcode,
        website=website,
        notes=notes,
    )
    _apply_postcode(employer, postcode, place_attr="place")
    employer.full_clean()
    employer.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=employer, project_id=project.pk)
    return employer


@transaction.atomic
def employer_update(
    *,
    actor: User,
    employer: Employer,
    expected_updated_at: datetime.datetime | None = None,
    **changes: Any,
) -> Employer:
    """Change any of ``EMPLOYER_FIELDS``; the place, district and coordinates follow the
    postcode. Raises ``StaleRecordError`` if the employer changed since ``expected_updated_at``."""
    require_project(actor, employer.project_id)
    check_not_stale(Employer, employer.pk, expected_updated_at)
    unknown = set(changes) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"employer_update() got unexpected fields: {sorted(unknown)}")
    audited = [*EMPLOYER_FIELDS, "district_id"]
    before = {name: getattr(employer, name) for name in audited}
    for name, value in changes.items():
        setattr(employer, name, value)
    if employer.postcode != before["postcode"]:
        _apply_postcode(employer, employer.postcode, place_attr="place")
    employer.full_clean()
    employer.save()
    diff = diff_fields(before, employer, audited)
    if diff:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=employer,
            project_id=employer.project_id,
            changes=diff,
        )
    if "postcode" in diff:
        _move_workplaces(actor, employer)
    return employer


def _move_workplaces(actor: User, employer: Employer) -> None:
    """Vacancies whose workplace is the employer's address follow it to the new one."""
    fields = ["workplace_postcode", "workplace_place_id", "district_id", "latitude", "longitude"]
    for vacancy in employer.vacancies.filter(workplace_at_employer=True).select_for_update():
        vacancy.employer = employer
        before = {name: getattr(vacancy, name) for name in fields}
        _copy_employer_location(vacancy, employer)
        vacancy.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=vacancy,
            project_id=employer.project_id,
            changes=diff_fields(before, vacancy, fields),
        )
        _announce(vacancy)


# --- Contact persons -------------------------------------------------------------------------


@transaction.atomic
def contact_create(
    *,
    actor: User,
    employer: Employer,
    name: str,
    consent_given_on: datetime.date | None,
    role: str = "",
    phone: str = "",
    email: str = "",
) -> EmployerContact:
    """Store a contact person. Their consent to storing the data is required."""
    require_project(actor, employer.project_id)
    contact = EmployerContact(
        employer=employer,
        name=name,
        role=role,
        phone=phone,
        email=email,
        consent_given_on=consent_given_on,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=contact, project_id=employer.project_id
    )
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: User,
    contact: EmployerContact,
    expected_updated_at: datetime.datetime | None = None,
    **changes: Any,
) -> EmployerContact:
    require_project(actor, contact.employer.project_id)
    check_not_stale(EmployerContact, contact.pk, expected_updated_at)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update() got unexpected fields: {sorted(unknown)}")
    before = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    diff = diff_fields(before, contact, CONTACT_FIELDS)
    if diff:
        # Personal data of the contact is not copied into the trail, only that it changed.
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=contact,
            project_id=contact.employer.project_id,
            changes={name: ["…", "…"] for name in diff},
        )
    return contact


@transaction.atomic
def contact_delete(*, actor: User, contact: EmployerContact) -> None:
    """Delete a contact person (for example when they withdraw their consent)."""
    project_id = contact.employer.project_id
    require_project(actor, project_id)
    audit_record(actor=actor, action=AuditAction.DELETE, obj=contact, project_id=project_id)
    contact.delete()


# --- Services to employers -------------------------------------------------------------------


@transaction.atomic
def service_log(
    *,
    actor: User,
    employer: Employer,
    date: datetime.date,
    kind: ServiceKind | str,
    duration_minutes: int,
    target: ServiceTarget | str = ServiceTarget.COMPANY,
    mentee: Mentee | None = None,
    notes: str = "",
) -> EmployerService:
    """Record a service given to an employer, aimed at the company or at one mentee of the
    employer's project."""
    require_project(actor, employer.project_id)
    if target == ServiceTarget.MENTEE and mentee is None:
        raise ValidationError({"mentee": _("Choose the mentee this service was aimed at.")})
    if target == ServiceTarget.COMPANY:
        mentee = None
    if mentee is not None and mentee.project_id != employer.project_id:
        raise ValidationError(
            {"mentee": _("The mentee must belong to the same project as the employer.")}
        )
    service = EmployerService(
        employer=employer,
        date=date,
        kind=kind,
        duration_minutes=duration_minutes,
        target=target,
        mentee=mentee,
        notes=notes,
        author=actor,
    )
    service.full_clean()
    service.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=service,
        mentee=mentee,
        project_id=employer.project_id,
    )
    return service


@transaction.atomic
def service_delete(*, actor: User, service: EmployerService) -> None:
    """Delete a service logged by mistake; the audit row keeps who deleted what."""
    project_id = service.employer.project_id
    require_project(actor, project_id)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=service,
        mentee=service.mentee,
        project_id=project_id,
    )
    service.delete()


# --- Vacancies -------------------------------------------------------------------------------


def _announce(vacancy: Vacancy) -> None:
    transaction.on_commit(partial(hooks.vacancy_changed, vacancy.pk))


def _apply_requirement_level(vacancy: Vacancy, requirement_level: int | None) -> None:
    """A given level overrides the one of the occupation; none (or the occupation's own) means
    the vacancy follows its occupation."""
    derived = requirement_level_of(vacancy.occupation) if vacancy.occupation_id else None
    if requirement_level and requirement_level != derived:
        vacancy.requirement_level = requirement_level
        vacancy.requirement_level_overridden = True
    else:
        vacancy.requirement_level = derived
        vacancy.requirement_level_overridden = False
    if vacancy.requirement_level is None and vacancy.occupation_id:
        raise ValidationError(
            {"occupation": _("Choose an occupation on the fifth level of the KldB (five digits).")}
        )


def _apply_source(vacancy: Vacancy) -> None:
    vacancy.ba_refnr = (vacancy.ba_refnr or "").strip()
    if vacancy.source == VacancySource.BA and not vacancy.ba_refnr:
        raise ValidationError(
            {"ba_refnr": _("Enter the reference number of the vacancy on the BA job board.")}
        )
    if vacancy.source == VacancySource.OWN:
        vacancy.ba_refnr = ""


def _apply_workplace(vacancy: Vacancy, code: str) -> None:
    """The workplace is at the given postcode, or at the employer's address when none is
    given."""
    vacancy.workplace_at_employer = not code
    if code:
        vacancy.workplace_postcode = code
        _apply_postcode(vacancy, code, place_attr="workplace_place")
        return
    _copy_employer_location(vacancy, vacancy.employer)


def _copy_employer_location(vacancy: Vacancy, employer: Employer) -> None:
    vacancy.workplace_postcode = employer.postcode
    vacancy.workplace_place = employer.place
    vacancy.district = employer.district
    vacancy.latitude = employer.latitude
    vacancy.longitude = employer.longitude


@transaction.atomic
def vacancy_create(
    *,
    actor: User,
    employer: Employer,
    title: str,
    occupation: Occupation,
    kind: VacancyKind | str = VacancyKind.JOB,
    requirement_level: int | None = None,
    workplace_postcode: str = "",
    german_level: str = "",
    hours_per_week: int | None = None,
    shift_work: bool = False,
    start_date: datetime.date | None = None,
    closing_date: datetime.date | None = None,
    driving_licence_required: bool = False,
    source: VacancySource | str = VacancySource.OWN,
    ba_refnr: str = "",
    description: str = "",
) -> Vacancy:
    require_project(actor, employer.project_id)
    vacancy = Vacancy(
        employer=employer,
        kind=kind,
        title=title,
        occupation=occupation,
        german_level=german_level,
        hours_per_week=hours_per_week,
        shift_work=shift_work,
        start_date=start_date,
        closing_date=closing_date,
        driving_licence_required=driving_licence_required,
        source=source,
        ba_refnr=ba_refnr,
        description=description,
        status=VacancyStatus.OPEN,
    )
    _apply_requirement_level(vacancy, requirement_level)
    _apply_workplace(vacancy, workplace_postcode)
    _apply_source(vacancy)
    vacancy.full_clean()
    vacancy.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=vacancy, project_id=employer.project_id
    )
    _announce(vacancy)
    return vacancy


@transaction.atomic
def vacancy_update(
    *,
    actor: User,
    vacancy: Vacancy,
    expected_updated_at: datetime.datetime | None = None,
    **changes: Any,
) -> Vacancy:
    """Change any of ``VACANCY_FIELDS``. Leaving ``requirement_level`` empty (or equal to the
    occupation's) makes the vacancy follow its occupation again. Raises ``StaleRecordError`` if
    the vacancy changed since ``expected_updated_at``."""
    require_project(actor, vacancy.employer.project_id)
    check_not_stale(Vacancy, vacancy.pk, expected_updated_at)
    unknown = set(changes) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"vacancy_update() got unexpected fields: {sorted(unknown)}")
    before = {name: getattr(vacancy, name) for name in _VACANCY_AUDITED}
    level = changes.pop(
        "requirement_level",
        vacancy.requirement_level if vacancy.requirement_level_overridden else None,
    )
    for name, value in changes.items():
        setattr(vacancy, name, value)
    _apply_requirement_level(vacancy, level)
    if "workplace_postcode" in changes and (
        vacancy.workplace_postcode != before["workplace_postcode"]
        or not changes["workplace_postcode"]
    ):
        _apply_workplace(vacancy, vacancy.workplace_postcode)
    _apply_source(vacancy)
    vacancy.full_clean()
    vacancy.save()
    diff = diff_fields(before, vacancy, _VACANCY_AUDITED)
    if diff:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=vacancy,
            project_id=vacancy.employer.project_id,
            changes=diff,
        )
        _announce(vacancy)
    return vacancy


def _locked_status(vacancy: Vacancy) -> str:
    """The vacancy's stored status, with its row locked until the transaction ends."""
    return (
        Vacancy.objects.select_for_update()
        .filter(pk=vacancy.pk)
        .values_list("status", flat=True)
        .get()
    )


def _set_status(actor: User, vacancy: Vacancy, status: str, reason: str) -> Vacancy:
    old = vacancy.status
    vacancy.status = status
    vacancy.full_clean()
    vacancy.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=vacancy,
        project_id=vacancy.employer.project_id,
        changes={"status": [old, status]},
        reason=reason,
    )
    _announce(vacancy)
    return vacancy


@transaction.atomic
def vacancy_close(
    *,
    actor: User,
    vacancy: Vacancy,
    status: VacancyStatus | str = VacancyStatus.CLOSED,
    reason: str = "",
) -> Vacancy:
    """Close an open vacancy, as filled or as closed for another reason."""
    require_project(actor, vacancy.employer.project_id)
    if status not in (VacancyStatus.FILLED, VacancyStatus.CLOSED):
        raise ValidationError({"status": _("A vacancy is closed as filled or as closed.")})
    vacancy.status = _locked_status(vacancy)
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("This vacancy is not open."))
    return _set_status(actor, vacancy, status, reason)


@transaction.atomic
def vacancy_reopen(*, actor: User, vacancy: Vacancy, reason: str = "") -> Vacancy:
    require_project(actor, vacancy.employer.project_id)
    vacancy.status = _locked_status(vacancy)
    if vacancy.status == VacancyStatus.OPEN:
        raise ValidationError(_("This vacancy is already open."))
    return _set_status(actor, vacancy, VacancyStatus.OPEN, reason)
