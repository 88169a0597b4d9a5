"""The logic of writes to employers, contact persons, services and vacancies: the derived
values and checks their kinds (``lotse.employers.kinds``) run before ``full_clean()``, the
status of a vacancy, and the announcement of vacancy changes to the listeners of
``lotse.employers.hooks`` after the commit. Creating, changing and deleting go through the kinds
(``lotse.lib.records``), which check the project, the version and write the audit row."""

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.selectors import require_project
from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record, diff_fields
from lotse.employers import hooks
from lotse.employers.models import (
    Employer,
    EmployerService,
    ServiceTarget,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from lotse.reference.models import Occupation
from lotse.reference.selectors import locate_postcode

EMPLOYER_FIELDS = ("name", "sector", "size_class", "street", "postcode", "website", "notes")
CONTACT_FIELDS = ("name", "role", "phone", "email", "consent_given_on")
SERVICE_FIELDS = ("date", "kind", "duration_minutes", "target", "mentee", "notes")
VACANCY_FIELDS = (
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
    "origin",
)
#: Derived fields of a vacancy whose change the audit row records.
VACANCY_DERIVED = (
    "requirement_level_overridden",
    "workplace_at_employer",
    "district_id",
    "latitude",
    "longitude",
    "status",
)


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


def employer_prepare(employer: Employer, changed: set[str]) -> None:
    """Place, district and coordinates follow the postcode."""
    if "postcode" in changed:
        _apply_postcode(employer, employer.postcode, place_attr="place")


def employer_after(actor: User, employer: Employer, changes: dict[str, Any] | None) -> None:
    if changes and "postcode" in changes:
        _move_workplaces(actor, employer)


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


# --- Vacancies -------------------------------------------------------------------------------


def service_prepare(service: EmployerService, changed: set[str]) -> None:
    """A service is aimed at the company or at one mentee of the employer's project."""
    if service.target == ServiceTarget.MENTEE and service.mentee_id is None:
        raise ValidationError({"mentee": _("Choose the mentee this service was aimed at.")})
    if service.target == ServiceTarget.COMPANY:
        service.mentee = None
    if service.mentee is not None and service.mentee.project_id != service.employer.project_id:
        raise ValidationError(
            {"mentee": _("The mentee must belong to the same project as the employer.")}
        )


def vacancy_prepare(vacancy: Vacancy, changed: set[str]) -> None:
    """A given requirement level overrides the occupation's (none follows the occupation); the
    workplace is at the given postcode or at the employer's address; a BA vacancy needs its
    reference number."""
    given = "requirement_level" in changed or vacancy.requirement_level_overridden
    _apply_requirement_level(vacancy, vacancy.requirement_level if given else None)
    if "workplace_postcode" in changed:
        _apply_workplace(vacancy, vacancy.workplace_postcode)
    _apply_source(vacancy)


def vacancy_after(actor: User, vacancy: Vacancy, changes: dict[str, Any] | None) -> None:
    if changes is None or changes:
        _announce(vacancy)


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
