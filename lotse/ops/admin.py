"""The administrator's job page: the Django admin's list of job runs, with a table on top that
shows each scheduled job's schedule, next due time and last run (status, duration, result,
error). Everything shown was written by the jobs themselves; nothing can be edited here."""

import datetime
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.selectors import is_administrator
from lotse.ops import schedule
from lotse.ops.barriers import barrier_report_answered
from lotse.ops.models import BarrierReport, JobRun


def job_overview(now: datetime.datetime) -> list[dict[str, Any]]:
    """One row per scheduled job: the job, its next due time, its latest run and whether the
    latest due time (within the grace) has no run at all – the scheduler was not running."""
    rows = []
    for job in schedule.JOBS:
        last = JobRun.objects.filter(job=job.name).order_by("-due_at").first()
        due = job.last_due(now)
        missed = (
            now - due <= job.grace
            and now - due > datetime.timedelta(minutes=10)
            and not JobRun.objects.filter(job=job.name, due_at__gte=due).exists()
        )
        rows.append({"job": job, "next_due": job.next_due(now), "last": last, "missed": missed})
    return rows


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = [
        "job",
        "due_at",
        "trigger",
        "status",
        "started_at",
        "duration",
        "attempts",
        "short_result",
        "short_error",
    ]
    list_filter = ["job", "status", "trigger"]
    date_hierarchy = "due_at"
    readonly_fields = [field.name for field in JobRun._meta.fields]

    @admin.display(description=_("result"))
    def short_result(self, run: JobRun) -> str:
        if not run.result:
            return "–"
        if isinstance(run.result, dict):
            return ", ".join(f"{key}: {value}" for key, value in run.result.items())
        return str(run.result)

    @admin.display(description=_("error"))
    def short_error(self, run: JobRun) -> str:
        return (run.error.splitlines() or ["–"])[0][:120]

    # The programme's administrators see the page without a model permission to grant.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {**(extra_context or {}), "job_overview": job_overview(timezone.now())}
        return super().changelist_view(request, extra_context)


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """The operator's inbox of reported barriers: read, answer outside Lotse, mark answered."""

    list_display = ["created_at", "page", "answer_due", "status", "answered_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in BarrierReport._meta.fields]
    actions = ["mark_answered"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Mark as answered"))
    def mark_answered(self, request: HttpRequest, queryset: Any) -> None:
        for report in queryset:
            barrier_report_answered(actor=request.user, report=report)
