"""Reads of employers, their contact persons and services, and vacancies. Every function that
returns records takes the acting user and returns only what that user may see: employers belong
to a project and are scoped like mentees."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import project_ids_for
from lotse.cases.models import Mentee, MenteeStatus
from lotse.cases.selectors import visible_q
from lotse.employers.models import (
    Employer,
    EmployerContact,
    EmployerService,
    Sector,
    SectorLevel,
    ServiceTarget,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from lotse.reference.models import District

PAGE_SIZE = 50


# --- Employers -------------------------------------------------------------------------------


def employers_for(user: User) -> QuerySet[Employer]:
    """Employers of the user's projects, with what every list and page shows."""
    return Employer.objects.filter(project_id__in=project_ids_for(user)).select_related(
        "project", "sector", "sector__parent", "district", "place"
    )


def _company_services(start: datetime.date, end: datetime.date) -> Q:
    return Q(
        services__target=ServiceTarget.COMPANY,
        services__date__gte=start,
        services__date__lte=end,
    )


def employers_looked_after(
    project_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> QuerySet[Employer]:
    """Employers of these projects that were *looked after* from ``start`` to ``end``
    (inclusive): they received at least one service aimed at the company in the period.

    Aggregated in the database; each row carries ``company_services`` (how many such services)
    and ``company_service_minutes`` (their total duration). ``.count()`` gives the key figure.
    This is for reporting: it takes project ids, not a user, and the caller decides which
    projects a figure may cover.
    """
    in_period = _company_services(start, end)
    return (
        Employer.objects.filter(project_id__in=list(project_ids))
        .annotate(
            company_services=Count("services", filter=in_period),
            company_service_minutes=Sum("services__duration_minutes", filter=in_period),
        )
        .filter(company_services__gt=0)
        .order_by("name", "pk")
    )


def looked_after_exists(start: datetime.date, end: datetime.date) -> Exists:
    """An ``Exists`` expression: the outer employer had a company-aimed service in the period."""
    return Exists(
        EmployerService.objects.filter(
            employer=OuterRef("pk"),
            target=ServiceTarget.COMPANY,
            date__gte=start,
            date__lte=end,
        )
    )


def this_year() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


@dataclass(frozen=True)
class EmployerFilters:
    q: str = ""
    district: District | None = None
    section: Sector | None = None
    size_class: str = ""
    looked_after: str = ""  # "yes", "no" or "" (either)


def employer_list(user: User, filters: EmployerFilters) -> QuerySet[Employer]:
    """The employer list: filtered, with the number of open vacancies and whether the employer
    was looked after this year, in one query per page."""
    start, end = this_year()
    # Subqueries rather than a join with GROUP BY: each stays an index lookup per row shown.
    open_vacancies = (
        Vacancy.objects.filter(employer=OuterRef("pk"), status=VacancyStatus.OPEN)
        .order_by()
        .values("employer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = employers_for(user).annotate(
        open_vacancies=Coalesce(Subquery(open_vacancies), 0),
        looked_after_this_year=looked_after_exists(start, end),
    )
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(place__place__icontains=filters.q)
            | Q(postcode__startswith=filters.q)
        )
    if filters.district is not None:
        qs = qs.filter(district=filters.district)
    if filters.section is not None:
        qs = qs.filter(sector__parent=filters.section)
    if filters.size_class:
        qs = qs.filter(size_class=filters.size_class)
    if filters.looked_after:
        # Filtered by a set of employer ids (one pass over the period's services) rather than
        # by the per-row EXISTS, which the planner may run as a nested loop over all services.
        looked_after_ids = EmployerService.objects.filter(
            target=ServiceTarget.COMPANY, date__gte=start, date__lte=end
        ).values("employer_id")
        if filters.looked_after == "yes":
            qs = qs.filter(pk__in=looked_after_ids)
        else:
            qs = qs.exclude(pk__in=looked_after_ids)
    return qs.order_by("name", "pk")


def possible_duplicates(user: User, project: Project, name: str) -> list[Employer]:
    """Employers of the project with the same name (ignoring case), to warn before a second
    record of the same company is created."""
    return list(employers_for(user).filter(project=project, name__iexact=(name or "").strip())[:5])


def districts_for(user: User) -> QuerySet[District]:
    """Districts worth offering as a filter: those of the user's projects and those where their
    employers or vacancies are."""
    project_ids = project_ids_for(user)
    return (
        District.objects.filter(
            Q(projects__in=project_ids)
            | Q(ags__in=Employer.objects.filter(project_id__in=project_ids).values("district_id"))
            | Q(
                ags__in=Vacancy.objects.filter(employer__project_id__in=project_ids).values(
                    "district_id"
                )
            )
        )
        .distinct()
        .order_by("name")
    )


def sector_sections() -> QuerySet[Sector]:
    return Sector.objects.filter(level=SectorLevel.SECTION).order_by("code")


def sector_divisions() -> QuerySet[Sector]:
    return Sector.objects.filter(level=SectorLevel.DIVISION).select_related("parent")


@dataclass(frozen=True)
class EmployerPage:
    employer: Employer
    contacts: list[EmployerContact]
    services: list[EmployerService]
    vacancies: list[Vacancy]
    looked_after_this_year: bool
    service_count: int
    # Services this year aimed at a mentee: they do not count as looking after the company.
    mentee_services_this_year: int = 0


def employer_page(user: User, employer: Employer, *, services_shown: int = 20) -> EmployerPage:
    """What the employer page shows. ``employer`` must come from ``employers_for(user)``."""
    start, end = this_year()
    services = (
        EmployerService.objects.filter(employer=employer)
        .select_related("mentee", "author")
        .order_by("-date", "-id")
    )
    service_stats = EmployerService.objects.filter(employer=employer).aggregate(
        total=Count("id"),
        this_year=Count(
            "id",
            filter=Q(target=ServiceTarget.COMPANY, date__gte=start, date__lte=end),
        ),
        for_mentees=Count(
            "id",
            filter=Q(target=ServiceTarget.MENTEE, date__gte=start, date__lte=end),
        ),
    )
    return EmployerPage(
        employer=employer,
        contacts=list(employer.contacts.order_by("name")),
        services=list(services[:services_shown]),
        vacancies=list(
            employer.vacancies.select_related("occupation", "district").order_by(
                Case(When(status=VacancyStatus.OPEN, then=0), default=1), "-created_at"
            )
        ),
        looked_after_this_year=service_stats["this_year"] > 0,
        service_count=service_stats["total"],
        mentee_services_this_year=service_stats["for_mentees"],
    )


def contacts_for(user: User) -> QuerySet[EmployerContact]:
    return EmployerContact.objects.filter(
        employer__project_id__in=project_ids_for(user)
    ).select_related("employer")


def services_for(user: User) -> QuerySet[EmployerService]:
    """Services of the user's projects; one aimed at a mentee the user may not see (restricted,
    Art. 18) is left out."""
    return (
        EmployerService.objects.filter(employer__project_id__in=project_ids_for(user))
        .filter(Q(mentee__isnull=True) | visible_q(user, "mentee__"))
        .select_related("employer", "mentee", "author")
    )


def mentees_for_services(user: User, employer: Employer) -> QuerySet[Mentee]:
    """Mentees a service at this employer may be aimed at: the active and placed mentees of the
    user's scope in the employer's project, the user's own mentees first, with their mentor (the
    picker tells namesakes apart by birth year and mentor)."""
    from lotse.cases.selectors import mentees_for

    return (
        mentees_for(user)
        .filter(
            project_id=employer.project_id,
            status__in=[MenteeStatus.ACTIVE, MenteeStatus.PLACED],
        )
        .order_by(Case(When(mentor_id=user.pk, then=0), default=1), "last_name", "first_name", "id")
    )


# --- Vacancies -------------------------------------------------------------------------------


def vacancies_for(user: User) -> QuerySet[Vacancy]:
    """Vacancies of the employers of the user's projects."""
    return Vacancy.objects.filter(employer__project_id__in=project_ids_for(user)).select_related(
        "employer", "employer__project", "occupation", "district", "workplace_place"
    )


def board_vacancies() -> QuerySet[Vacancy]:
    """The vacancies imported from the BA job board: no employer record, no project, no
    personal data – every mentor may see them (in matching)."""
    return Vacancy.objects.filter(employer__isnull=True, source=VacancySource.BA).select_related(
        "occupation", "district", "workplace_place"
    )


def matchable_vacancies_for(user: User) -> QuerySet[Vacancy]:
    """What matching may show the user: the vacancies of their projects' employers and, for
    users who work in a project, those imported from the BA job board."""
    project_ids = project_ids_for(user)
    if not project_ids:
        return Vacancy.objects.none()
    return Vacancy.objects.filter(
        Q(employer__project_id__in=project_ids) | Q(employer__isnull=True, source=VacancySource.BA)
    ).select_related("employer", "employer__project", "occupation", "district", "workplace_place")


@dataclass(frozen=True)
class VacancyFilters:
    q: str = ""
    kind: str = ""
    district: District | None = None
    occupation_area: str = ""  # the first one or two KldB digits
    status: str = ""


def vacancy_list(user: User, filters: VacancyFilters) -> QuerySet[Vacancy]:
    qs = vacancies_for(user)
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(employer__name__icontains=filters.q)
            | Q(occupation__title__icontains=filters.q)
            | Q(ba_refnr=filters.q)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.district is not None:
        qs = qs.filter(district=filters.district)
    if filters.occupation_area:
        qs = qs.filter(occupation__code__startswith=filters.occupation_area)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-created_at", "-id")


def open_vacancies(project_ids: Iterable[int] | None = None) -> QuerySet[Vacancy]:
    """Open vacancies with what matching reads (occupation, level, coordinates, German level,
    hours, start date, kind, licence), optionally only those of some projects. Not scoped to a
    user: for batch work such as the matching index, never for a page."""
    qs = Vacancy.objects.filter(status=VacancyStatus.OPEN).select_related("employer")
    if project_ids is not None:
        qs = qs.filter(employer__project_id__in=list(project_ids))
    return qs


def occupation_areas() -> list[tuple[str, str]]:
    """KldB occupational areas (1 digit) and main groups (2 digits) for the vacancy filter."""
    from lotse.reference.models import Occupation

    return [
        (code, f"{code} {title}")
        for code, title in Occupation.objects.filter(level__lte=2)
        .order_by("code")
        .values_list("code", "title")
    ]
