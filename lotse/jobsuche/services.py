"""Taking a vacancy from the BA job board over into a project's own employer relation.

``vacancy_take_over(actor=…, vacancy=…, project=…)`` links the posting's employer to an employer
of the project with the same name (or creates one through ``EMPLOYER.create``) and creates the
project's vacancy through ``VACANCY.create`` (source "BA", the same reference number, ``origin``
the imported vacancy); both services check the project and write their audit rows. Taking the
same posting over twice in one project returns the vacancy made the first time.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import require_project
from lotse.employers.kinds import EMPLOYER, VACANCY
from lotse.employers.models import Employer, Vacancy, VacancySource, VacancyStatus


@transaction.atomic
def vacancy_take_over(*, actor: User, vacancy: Vacancy, project: Project) -> tuple[Vacancy, bool]:
    """The project's vacancy for the imported ``vacancy`` and whether it was created now."""
    require_project(actor, project.pk)
    if not vacancy.is_imported or vacancy.source != VacancySource.BA:
        raise ValidationError(_("Only a vacancy from the BA job board can be taken over."))
    existing = (
        Vacancy.objects.filter(origin=vacancy, employer__project=project).order_by("pk").first()
    )
    if existing is not None:
        return existing, False
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("This vacancy is no longer on the BA job board."))
    name = vacancy.employer_name or str(_("Employer from the BA job board"))
    employer = Employer.objects.filter(project=project, name__iexact=name).order_by("pk").first()
    if employer is None:
        employer = EMPLOYER.create(
            actor=actor,
            project=project,
            name=name,
            postcode=vacancy.workplace_postcode if vacancy.workplace_place_id else "",
        )
    copy = VACANCY.create(
        actor=actor,
        employer=employer,
        kind=vacancy.kind,
        title=vacancy.title,
        occupation=vacancy.occupation,
        requirement_level=vacancy.requirement_level,
        workplace_postcode=vacancy.workplace_postcode if vacancy.workplace_place_id else "",
        hours_per_week=vacancy.hours_per_week,
        shift_work=vacancy.shift_work,
        start_date=vacancy.start_date,
        source=VacancySource.BA,
        ba_refnr=vacancy.ba_refnr,
        origin=vacancy,
    )
    return copy, True
