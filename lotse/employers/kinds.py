"""The kinds of employer record: the employer, its contact persons, the services to it and
its vacancies. Their services (``kind.create/update/delete``) come from ``lotse.lib.records``;
the derived values and checks are in ``lotse.employers.services``."""

from typing import Any

from lotse.employers import forms, services
from lotse.employers.models import Employer, EmployerContact, EmployerService, Vacancy
from lotse.lib.records import RecordKind


def _employer_project(record: Any) -> int:
    return record.employer.project_id


def _employer_audit(record: Any) -> dict[str, Any]:
    return {"project_id": record.employer.project_id}


EMPLOYER = RecordKind(
    form=forms.EmployerForm,
    model=Employer,
    fields=services.EMPLOYER_FIELDS,
    parent="project",
    project_of=lambda employer: employer.project_id,
    audit_of=lambda employer: {"project_id": employer.project_id},
    audited=("district_id",),
    prepare=services.employer_prepare,
    after=services.employer_after,
)
CONTACT = RecordKind(
    form=forms.ContactForm,
    model=EmployerContact,
    fields=services.CONTACT_FIELDS,
    parent="employer",
    project_of=_employer_project,
    audit_of=_employer_audit,
    private=True,
)
SERVICE = RecordKind(
    form=forms.ServiceForm,
    model=EmployerService,
    fields=services.SERVICE_FIELDS,
    parent="employer",
    project_of=_employer_project,
    audit_of=lambda service: {
        "mentee": service.mentee,
        "project_id": service.employer.project_id,
    },
    defaults=lambda actor: {"author": actor},
    prepare=services.service_prepare,
)
VACANCY = RecordKind(
    form=forms.VacancyForm,
    model=Vacancy,
    fields=services.VACANCY_FIELDS,
    parent="employer",
    project_of=_employer_project,
    audit_of=_employer_audit,
    audited=services.VACANCY_DERIVED,
    prepare=services.vacancy_prepare,
    after=services.vacancy_after,
)
