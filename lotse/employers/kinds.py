"""The kinds of employer record: the employer, its contact persons, the services to it and
its vacancies. Their services (``kind.create/update/delete``) come from ``lotse.lib.records``;
the derived values and checks are in ``lotse.employers.services``."""

from typing import Any

from lotse.employers import forms as f
from lotse.employers import services as s
from lotse.employers.models import Employer, EmployerContact, EmployerService, Vacancy
from lotse.lib.records import RecordKind


def _employer_project(record: Any) -> int:
    return record.employer.project_id


def _employer_audit(record: Any) -> dict[str, Any]:
    return {"project_id": record.employer.project_id}


EMPLOYER = RecordKind(
    form=f.EmployerForm,
    model=Employer,
    fields=s.EMPLOYER_FIELDS,
    parent="project",
    project_of=lambda employer: employer.project_id,
    audit_of=lambda employer: {"project_id": employer.project_id},
    audited=("district_id",),
    prepare=s.employer_prepare,
    after=s.employer_after,
)
CONTACT = RecordKind(
    form=f.ContactForm,
    model=EmployerContact,
    fields=s.CONTACT_FIELDS,
    parent="employer",
    project_of=_employer_project,
    audit_of=_employer_audit,
    private=True,
)
SERVICE = RecordKind(
    form=f.ServiceForm,
    model=EmployerService,
    fields=s.SERVICE_FIELDS,
    parent="employer",
    project_of=_employer_project,
    audit_of=lambda service: {
        "mentee": service.mentee,
        "project_id": service.employer.project_id,
    },
    defaults=lambda actor: {"author": actor},
    prepare=s.service_prepare,
)
VACANCY = RecordKind(
    form=f.VacancyForm,
    model=Vacancy,
    fields=s.VACANCY_FIELDS,
    parent="employer",
    project_of=_employer_project,
    audit_of=_employer_audit,
    audited=s.VACANCY_DERIVED,
    prepare=s.vacancy_prepare,
    after=s.vacancy_after,
)
