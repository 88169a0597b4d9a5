"""The programme report: the page, its print view and the XLSX/CSV exports.

Every view goes through ``report_access``: coordinators see all projects with small counts
suppressed, mentors and leads their own projects exactly, everyone else gets a 404. No link on
these pages leads to a person. Every report obtained (page, print view, export) is recorded
with an audit row and counts towards the user's rate limit (``services.rate_limited``)."""

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.audit.models import AuditAction
from lotse.audit.services import audit_record
from lotse.cases.selectors import mentees_for
from lotse.lib.concurrency import StaleRecordError, add_version_field, show_current_version
from lotse.lib.views import apply_service_errors
from lotse.reporting import published
from lotse.reporting.exports import file_name, report_csv, report_xlsx
from lotse.reporting.forms import (
    MAX_CUSTOM_YEARS,
    Breakdown,
    EsfRecordForm,
    PeriodKind,
    ReportForm,
)
from lotse.reporting.models import EsfRecord, ExportFormat
from lotse.reporting.report import Report, report_for
from lotse.reporting.sections import report_section
from lotse.reporting.selectors import (
    ReportAccess,
    current_funding_period,
    districts_for,
    esf_participation,
    funding_periods,
    report_access,
)
from lotse.reporting.services import esf_record_save, rate_limited, report_export_create


def waits_for_publication(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view that reads the coordinator's published set answers, while none is stored yet and
    the job computing it runs, with a page saying so (503 and ``Retry-After``), not a 500."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except published.NotPublished:
            response = render(request, "reporting/not_published.html", status=503)
            response["Retry-After"] = str(published.RETRY_AFTER)
            return response

    return wrapped


def _access(request: HttpRequest) -> ReportAccess:
    access = report_access(request.user)
    if access is None:
        raise Http404
    return access


def _form(request: HttpRequest, access: ReportAccess) -> ReportForm:
    periods = funding_periods()
    kwargs = {
        "projects": list(access.projects),
        "districts": districts_for(access),
        "periods": periods,
        "all_projects": access.all_projects,
        "grid_only": access.suppressed,
    }
    if "kind" in request.GET:
        return ReportForm(request.GET, **kwargs)
    current = current_funding_period(periods)
    default: dict[str, Any] = {"breakdown": Breakdown.PROJECT}
    if current is not None:
        default.update(kind=PeriodKind.FUNDING, funding_period=current.pk)
    else:
        default.update(kind=PeriodKind.YEAR, year=timezone.localdate().year)
    return ReportForm(default, **kwargs)


def _info(form: ReportForm) -> dict[str, Any]:
    return {
        "period": form.period(),
        "project": form.cleaned_data.get("project"),
        "district": form.cleaned_data.get("district"),
        "breakdown": form.cleaned_data.get("breakdown") or Breakdown.PROJECT,
    }


def _report(form: ReportForm, access: ReportAccess) -> tuple[Report, dict[str, Any]]:
    info = _info(form)
    report = report_for(
        access,
        period=info["period"],
        project=info["project"],
        district=info["district"],
        breakdown=info["breakdown"],
    )
    return report, info


def _record(request: HttpRequest, how: str, report: Report, info: dict[str, Any]) -> None:
    """The record and audit row of a report obtained (no personal data in either)."""
    report_export_create(
        actor=request.user,
        export_format=how,
        period_label=report.period_label,
        start=info["period"].start,
        end=info["period"].end,
        project=info["project"],
        district=info["district"],
        breakdown=info["breakdown"],
        suppressed=report.suppressed,
    )


def _limited(request: HttpRequest) -> HttpResponse | None:
    """A 429 page when the user has obtained too many reports in the last window."""
    wait = rate_limited(request.user)
    if wait is None:
        return None
    response = render(request, "reporting/rate_limited.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _page(request: HttpRequest, template: str, how: str) -> HttpResponse:
    access = _access(request)
    form = _form(request, access)
    context: dict[str, Any] = {
        "form": form,
        "access": access,
        "query": request.GET.urlencode(),
        "max_years": MAX_CUSTOM_YEARS,
    }
    if form.is_valid():
        limited = _limited(request)
        if limited is not None:
            return limited
        info = _info(form)
        report, section = report_section(access, info)
        _record(request, how, report, info)
        context.update(report=report, info=info, report_section=section)
    return render(request, template, context)


@require_GET
@login_required
@waits_for_publication
def report_index(request: HttpRequest) -> HttpResponse:
    return _page(request, "reporting/index.html", ExportFormat.PAGE)


@require_GET
@login_required
@waits_for_publication
def report_print(request: HttpRequest) -> HttpResponse:
    return _page(request, "reporting/print.html", ExportFormat.PRINT)


def _export(request: HttpRequest, export_format: str) -> HttpResponse:
    """A download, so GET like the audit trail's CSV: the export record and its audit row
    record a read, as the VIEW row of a mentee page does; nothing else changes."""
    access = _access(request)
    form = _form(request, access)
    if not form.is_valid():
        # The report page shows the errors at their fields; nothing is exported.
        return redirect(f"{reverse('reporting:index')}?{request.GET.urlencode()}")
    limited = _limited(request)
    if limited is not None:
        return limited
    report, info = _report(form, access)
    _record(request, export_format, report, info)
    who = request.user.get_full_name() or request.user.get_username()
    name = file_name(report, info, export_format)
    if export_format == ExportFormat.XLSX:
        response = HttpResponse(
            report_xlsx(report, who, info),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            report_csv(report, who, info), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_GET
@login_required
@waits_for_publication
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, ExportFormat.XLSX)


@require_GET
@login_required
@waits_for_publication
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, ExportFormat.CSV)


@require_http_methods(["GET", "POST"])
@login_required
def esf_record_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The ESF Plus data of the mentee's latest stay in a project that records them."""
    mentee = get_object_or_404(mentees_for(request.user), public_id=public_id)
    participation = esf_participation(request.user, mentee)
    if participation is None:
        raise Http404
    record = getattr(participation, "esf_record", None)
    form = EsfRecordForm(
        request.POST or None, instance=record or EsfRecord(participation=participation)
    )
    add_version_field(form, record)
    if request.method == "POST" and form.is_valid():
        try:
            esf_record_save(actor=request.user, participation=participation, **form.cleaned_data)
        except StaleRecordError as error:
            form.add_error(None, error)
            # The record as it is now, read again through the scoped selector.
            show_current_version(form, esf_participation(request.user, mentee).esf_record)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The ESF Plus data have been saved."))
            return redirect("cases:detail", public_id=mentee.public_id)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=record or participation,
            mentee=mentee,
            project_id=participation.project_id,
        )
    return render(
        request,
        "reporting/esf_form.html",
        {"form": form, "mentee": mentee, "participation": participation},
    )
