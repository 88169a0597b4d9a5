"""The funder's paperwork: the monthly time sheet (page, printable page, XLSX) and the
Sachbericht draft (DOCX).

- Time sheets: every member of a project their own, the project's lead every member's; a user
  without a project (coordinator, data protection officer, administrator) gets a 404, and so
  does anyone asking for a person or project they may not see.
- Sachbericht: a project lead for a project they lead (exact figures), the coordinator for the
  programme (the published set); everyone else a 404.

Every sheet or document obtained is a ``ReportExport`` row with its audit row and counts
towards the report rate limit."""

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lotse.accounts.models import Project, User
from lotse.accounts.selectors import is_coordinator, lead_project_ids_for
from lotse.reporting import sachbericht as docs
from lotse.reporting import timesheets
from lotse.reporting.forms import PeriodKind
from lotse.reporting.models import ExportFormat
from lotse.reporting.paper_forms import SachberichtForm, TimeSheetForm
from lotse.reporting.selectors import (
    ReportAccess,
    current_funding_period,
    funding_periods,
    report_access,
)
from lotse.reporting.services import report_export_create
from lotse.reporting.views import _limited, waits_for_publication

TIMESHEET = "timesheet"
SACHBERICHT = "sachbericht"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _not_visible(raw: str | None, queryset: QuerySet) -> bool:
    """A well-formed public id that is not among ``queryset``: a 404 (as a missing one), while
    garbage is answered at its field by the form."""
    try:
        value = uuid.UUID(str(raw))
    except ValueError:
        return False
    return not queryset.filter(public_id=value).exists()


# --- Time sheets ----------------------------------------------------------------------------


def _sheet_form(request: HttpRequest) -> TimeSheetForm:
    projects = timesheets.sheet_projects(request.user)
    if not projects.exists():
        raise Http404
    people = User.objects.filter(
        pk__in={u.pk for p in projects for u in timesheets.sheet_people(request.user, p)}
    ).order_by("last_name", "first_name", "username")
    for name, queryset in (("project", projects), ("person", people)):
        if _not_visible(request.GET.get(name), queryset):
            raise Http404
    kwargs = {"projects": projects, "people": people}
    # This month, the first project and the user's own sheet, for what the link leaves out.
    data = request.GET.copy()
    data.setdefault("month", timezone.localdate().strftime("%Y-%m"))
    data.setdefault("project", str(projects.first().public_id))
    data.setdefault("person", str(request.user.public_id))
    return TimeSheetForm(data, **kwargs)


def _sheet(request: HttpRequest, form: TimeSheetForm) -> timesheets.TimeSheet | None:
    """The chosen sheet if the form is valid and the person works in the project (else the
    error at the person field)."""
    if not form.is_valid():
        return None
    project: Project = form.cleaned_data["project"]
    person: User = form.cleaned_data["person"]
    if not timesheets.may_see(request.user, person, project):
        form.add_error(
            "person",
            _("This person has no time sheet in the chosen project that you may see."),
        )
        return None
    return timesheets.time_sheet(person, project, form.cleaned_data["month"])


def _record_sheet(request: HttpRequest, how: str, sheet: timesheets.TimeSheet) -> None:
    report_export_create(
        actor=request.user,
        export_format=how,
        period_label=sheet.month.strftime("%Y-%m"),
        start=sheet.month,
        end=sheet.last_day,
        project=sheet.project,
        district=None,
        breakdown=TIMESHEET,
        suppressed=False,
        extra={"document": TIMESHEET, "person": sheet.person.public_id},
    )


def _sheet_page(request: HttpRequest, template: str, how: str) -> HttpResponse:
    form = _sheet_form(request)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    sheet = _sheet(request, form)
    if sheet is not None:
        limited = _limited(request)
        if limited is not None:
            return limited
        _record_sheet(request, how, sheet)
        context.update(
            sheet=sheet,
            source_note=timesheets.source_note(),
            confirmation=timesheets.confirmation(),
            query=_sheet_query(sheet),
        )
    return render(request, template, context)


def _sheet_query(sheet: timesheets.TimeSheet) -> str:
    from django.utils.http import urlencode

    return urlencode(
        {
            "month": sheet.month.strftime("%Y-%m"),
            "project": sheet.project.public_id,
            "person": sheet.person.public_id,
        }
    )


@require_GET
@login_required
def timesheet_index(request: HttpRequest) -> HttpResponse:
    return _sheet_page(request, "reporting/timesheet.html", ExportFormat.PAGE)


@require_GET
@login_required
def timesheet_print(request: HttpRequest) -> HttpResponse:
    return _sheet_page(request, "reporting/timesheet_print.html", ExportFormat.PRINT)


@require_GET
@login_required
def timesheet_xlsx(request: HttpRequest) -> HttpResponse:
    form = _sheet_form(request)
    sheet = _sheet(request, form)
    if sheet is None:
        return redirect(f"{reverse('reporting:timesheet')}?{request.GET.urlencode()}")
    limited = _limited(request)
    if limited is not None:
        return limited
    _record_sheet(request, ExportFormat.XLSX, sheet)
    who = request.user.get_full_name() or request.user.get_username()
    response = HttpResponse(timesheets.time_sheet_xlsx(sheet, who), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, timesheets.file_name(sheet, "xlsx")
    )
    return response


# --- Sachbericht ----------------------------------------------------------------------------


def _docx_access(request: HttpRequest) -> tuple[ReportAccess, bool]:
    """The coordinator's access (programme), or a lead's over the projects they lead."""
    if is_coordinator(request.user):
        access = report_access(request.user)
        assert access is not None
        return access, True
    led = lead_project_ids_for(request.user)
    projects = tuple(Project.objects.filter(pk__in=led, is_active=True).order_by("name"))
    if not projects:
        raise Http404
    return ReportAccess(projects=projects, suppressed=False, all_projects=False), False


def _docx_form(request: HttpRequest, access: ReportAccess, programme: bool) -> SachberichtForm:
    periods = funding_periods()
    kwargs = {
        "projects": list(access.projects),
        "districts": [],
        "periods": periods,
        "all_projects": access.all_projects,
        "programme": programme,
    }
    if "kind" in request.GET:
        return SachberichtForm(request.GET, **kwargs)
    current = current_funding_period(periods)
    default: dict[str, Any] = {"project": access.projects[0].pk} if not programme else {}
    if current is not None:
        default.update(kind=PeriodKind.FUNDING, funding_period=current.pk)
    else:
        default.update(kind=PeriodKind.YEAR, year=timezone.localdate().year)
    return SachberichtForm(default, **kwargs)


@require_GET
@login_required
def sachbericht_index(request: HttpRequest) -> HttpResponse:
    access, programme = _docx_access(request)
    form = _docx_form(request, access, programme)
    form.is_valid()
    return render(
        request,
        "reporting/sachbericht.html",
        {"form": form, "programme": programme, "query": request.GET.urlencode()},
    )


@require_GET
@login_required
@waits_for_publication
def sachbericht_docx(request: HttpRequest) -> HttpResponse:
    access, programme = _docx_access(request)
    form = _docx_form(request, access, programme)
    if not form.is_valid():
        return redirect(f"{reverse('reporting:sachbericht')}?{request.GET.urlencode()}")
    limited = _limited(request)
    if limited is not None:
        return limited
    project = None if programme else form.cleaned_data["project"]
    period = form.period()
    with translation.override(docs.LANGUAGE):
        german_period = form.period()
    who = request.user.get_full_name() or request.user.get_username()
    content, report = docs.sachbericht(
        access, period=german_period, project=project, created_by=who
    )
    report_export_create(
        actor=request.user,
        export_format=ExportFormat.DOCX,
        period_label=period.label,
        start=period.start,
        end=period.end,
        project=project,
        district=None,
        breakdown=SACHBERICHT,
        suppressed=report.suppressed,
        extra={"document": SACHBERICHT},
    )
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, docs.file_name(period, project)
    )
    return response
