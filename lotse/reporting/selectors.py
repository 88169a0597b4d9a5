"""Who may see which report, and the labels a report needs. Reports read aggregates only."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import is_coordinator, project_ids_for
from lotse.cases.models import Mentee, Participation
from lotse.reference.models import District
from lotse.reporting.models import FundingPeriod


@dataclass(frozen=True)
class ReportAccess:
    """What a user may report on.

    - The programme coordinator: every project, aggregates only, small counts suppressed.
    - Mentors and project leads: their own projects, exact figures. They may open every record
      of these projects anyway, so suppression would protect nobody from them; a lead who
      passes a report on decides what to share, and the exports say whether they are exact.
    - Everyone else (data protection officer, administrator): no report.
    """

    projects: tuple[Project, ...]
    suppressed: bool
    all_projects: bool

    @property
    def project_ids(self) -> frozenset[int]:
        return frozenset(project.pk for project in self.projects)


def report_access(user: User) -> ReportAccess | None:
    if is_coordinator(user):
        return ReportAccess(
            projects=tuple(Project.objects.order_by("name")), suppressed=True, all_projects=True
        )
    ids = project_ids_for(user)
    if ids:
        return ReportAccess(
            projects=tuple(Project.objects.filter(pk__in=ids).order_by("name")),
            suppressed=False,
            all_projects=False,
        )
    return None


def districts_for(access: ReportAccess) -> list[District]:
    """Districts to choose from: those the projects cover, else every district."""
    covered = District.objects.filter(projects__in=access.project_ids).distinct()
    if access.all_projects:
        covered = District.objects.filter(Q(projects__isnull=False)).distinct()
    districts = list(covered.order_by("name"))
    return districts or list(District.objects.order_by("name"))


def published_districts() -> list[str]:
    """The districts of the coordinator's published set: every district a project covers or
    a mentee lives in."""
    covered = set(District.objects.filter(projects__isnull=False).values_list("ags", flat=True))
    lived = set(
        Mentee.objects.exclude(district__isnull=True)
        .order_by()
        .values_list("district_id", flat=True)
        .distinct()
    )
    return sorted(covered | lived)


def funding_periods() -> list[FundingPeriod]:
    return list(FundingPeriod.objects.order_by("start"))


def current_funding_period(periods: list[FundingPeriod]) -> FundingPeriod | None:
    today = timezone.localdate()
    for period in periods:
        if period.start <= today <= period.end:
            return period
    return periods[-1] if periods else None


def esf_participation(user: User, mentee: Mentee) -> Participation | None:
    """The mentee's latest stay in a project of the user that records ESF Plus indicators, with
    its ESF record (if any) loaded."""
    return (
        Participation.objects.filter(
            mentee=mentee,
            project_id__in=project_ids_for(user),
            project__esf_indicators=True,
        )
        .select_related("project", "esf_record")
        .order_by("-entry_date", "-pk")
        .first()
    )
