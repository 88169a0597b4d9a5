"""Report figures: aggregates only, the same report as the report page (``report_for``): for
coordinators the published set with its small-count suppression, for mentors and leads their
own projects exactly. Recorded and rate-limited like the page."""

import datetime
from typing import Literal
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lotse.api.base import bind, problems, validated
from lotse.api.problems import ApiProblem
from lotse.reporting import published
from lotse.reporting.forms import ReportForm
from lotse.reporting.models import ExportFormat
from lotse.reporting.report import report_for
from lotse.reporting.selectors import districts_for, funding_periods, report_access
from lotse.reporting.services import rate_limited, report_export_create

router = Router(tags=["reports"])


class CellOut(Schema):
    text: str = Field(description="As printed: a number, “< 5” or “×” where suppressed.")
    value: int | float | None = Field(description="The number, only where it may be shown.")
    state: str = Field(description="“shown”, or why the value is hidden.")


class RowOut(Schema):
    key: str
    label: str
    is_total: bool
    cells: list[CellOut]


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[RowOut]


class ReportOut(Schema):
    period: str
    start: datetime.date
    end: datetime.date
    scope: str
    suppressed: bool = Field(description="Small counts suppressed (the coordinator's view).")
    note: str
    tables: list[TableOut]


class ReportQuery(Schema):
    kind: Literal["funding", "year", "half", "quarter", "custom"]
    funding_period: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1900, le=2200)
    half: Literal[1, 2] | None = None
    quarter: Literal[1, 2, 3, 4] | None = None
    start: datetime.date | None = Field(None, description="Custom period (not for coordinators).")
    end: datetime.date | None = None
    project: UUID | None = None
    district: str | None = Field(None, max_length=5, description="District key (AGS).")
    breakdown: Literal["project", "district"] = "project"


class ApiReportForm(ReportForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].to_field_name = "public_id"


def _cell_value(cell) -> int | float | None:
    value = cell.value
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@router.get("/reports/figures", response={200: ReportOut, **problems(404, 503)}, url_name="report")
def figures(request: HttpRequest, query: Query[ReportQuery], response: HttpResponse):
    """The report for a period (and project or district), as the report page shows it."""
    access = report_access(request.user)
    if access is None:
        raise Http404
    form = bind(
        ApiReportForm,
        query.model_dump(),
        projects=list(access.projects),
        districts=districts_for(access),
        periods=funding_periods(),
        all_projects=access.all_projects,
        grid_only=access.suppressed,
    )
    data = validated(form)
    wait = rate_limited(request.user)
    if wait is not None:
        raise ApiProblem(
            429,
            _("You have obtained many reports in a short time. Try again in %(s)s seconds.")
            % {"s": wait},
            retry_after=wait,
        )
    period = form.period()
    try:
        report = report_for(
            access,
            period=period,
            project=data.get("project"),
            district=data.get("district"),
            breakdown=data.get("breakdown") or "project",
        )
    except published.NotPublished as error:
        raise ApiProblem(
            503,
            _("The programme's figures are being published. Try again in a few minutes."),
            retry_after=published.RETRY_AFTER,
        ) from error
    report_export_create(
        actor=request.user,
        export_format=ExportFormat.PAGE,
        period_label=report.period_label,
        start=period.start,
        end=period.end,
        project=data.get("project"),
        district=data.get("district"),
        breakdown=data.get("breakdown") or "project",
        suppressed=report.suppressed,
    )
    return {
        "period": str(report.period_label),
        "start": period.start,
        "end": period.end,
        "scope": str(report.scope_label),
        "suppressed": report.suppressed,
        "note": str(report.note),
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "columns": [str(c) for c in table.columns],
                "rows": [
                    {
                        "key": str(row.key),
                        "label": str(row.label),
                        "is_total": row.is_total,
                        "cells": [
                            {"text": str(c.text), "value": _cell_value(c), "state": str(c.state)}
                            for c in row.cells
                        ],
                    }
                    for row in table.rows
                ],
            }
            for table in report.tables
        ],
    }
